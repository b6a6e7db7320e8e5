import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import { Timeline } from '../../../server/src/languages/r/state';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** The value each key had before statement t, in a plain list of every change: what a timeline must answer. */
type Change = { key: string; t: number; v: number };
const valueBefore = (changes: Change[], key: string, t: number): number | undefined => {
  let found: number | undefined;
  for (const c of changes) if (c.key === key && c.t < t) found = c.v;
  return found;
};

/** A small deterministic random number generator, so that a failure can be replayed. */
const random = (seed: number) => (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

describe('languages/r/state Timeline', () => {
  it('resumed in steps, and again at edits further up, answers as one list of every change', () => {
    const next = random(7);
    const keys = ['a', 'b', 'c', 'd', 'e'];
    let changes: Change[] = [];
    let timeline = Timeline.fresh<string, number>();
    let t = 0;
    const recordUpTo = (to: number): void => {
      for (; t < to; t++) {
        if (next() < 0.6) {
          const c = { key: keys[Math.floor(next() * keys.length)], t, v: Math.floor(next() * 1000) };
          changes.push(c);
          timeline.record(c.key, c.t, c.v);
        }
      }
    };
    recordUpTo(2000);
    for (let round = 0; round < 300; round++) {
      // Mostly steps further down (a re-check), sometimes an edit further up.
      const cut = round % 25 === 24 ? Math.floor(next() * t) : t;
      changes = changes.filter((c) => c.t < cut);
      timeline = timeline.resume(cut);
      t = cut;
      recordUpTo(cut + 1 + Math.floor(next() * 60));
      for (let probe = 0; probe < 20; probe++) {
        const at = Math.floor(next() * (t + 2));
        const key = keys[probe % keys.length];
        assert.strictEqual(timeline.at(key, at), valueBefore(changes, key, at), `round ${round}: ${key} before ${at}`);
      }
      for (const key of keys) assert.strictEqual(timeline.latest(key), valueBefore(changes, key, Infinity));
    }
  });

  it('resumed near its start, keeps none of the values recorded after the cut alive', async () => {
    const after: WeakRef<{ t: number }>[] = [];
    // Recorded in a function of its own, so that no variable of this one holds a value.
    const recorded = (): Timeline<string, { t: number }> => {
      const timeline = Timeline.fresh<string, { t: number }>();
      for (let t = 0; t < 1000; t++) {
        const value = { t };
        timeline.record(`k${t % 50}`, t, value);
        if (t >= 100) after.push(new WeakRef(value));
      }
      return timeline;
    };
    let timeline = recorded().resume(100);
    // A WeakRef keeps its target until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    assert.deepStrictEqual(after.filter((ref) => ref.deref() !== undefined).map((ref) => ref.deref()), []);
    assert.deepStrictEqual(timeline.latest('k7'), { t: 57 });
    assert.deepStrictEqual(timeline.at('k7', 50), { t: 7 });

    // Resumed again further up, the level it rests on now (a copy) lets go of what it held from there.
    const between = after.splice(0).length;
    for (let t = 45; t < 100; t++) after.push(new WeakRef(timeline.at(`k${t % 50}`, t + 1) as { t: number }));
    timeline = timeline.resume(45);
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    assert.strictEqual(between, 900);
    assert.deepStrictEqual(after.filter((ref) => ref.deref() !== undefined).map((ref) => ref.deref()), []);
    assert.deepStrictEqual(timeline.latest('k7'), { t: 7 });
  });
});
