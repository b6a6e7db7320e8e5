import * as assert from 'assert';
import { Timeline } from '../../../server/src/languages/r/state';

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
});
