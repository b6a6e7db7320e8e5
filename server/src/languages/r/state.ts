// What an R analysis keeps so that the next version of the script can resume from any top-level statement
// without copying what comes before it (its result lists are in ../chunked): a timeline of the values each
// name took (one entry per change, not one copy of the environment per statement), and counts of the
// statements that assign each name (a shared base and a small overlay).

import { lastBefore } from '../scan';

/** A name's changes: the statement numbers they happened in (ascending) and the values (undefined: unknown). */
interface Changes<V> {
  t: number[];
  v: (V | undefined)[];
}

const MAX_DEPTH = 8;

/** Copies record key by key: their change times are sorted afterwards. */
const ascending = (a: number, b: number): number => a - b;

/**
 * The values keys took, by statement number. A timeline resumed at statement `cut` of another sees that
 * one's values before `cut` and records its own from there; the other is never changed. Resuming a resumed
 * timeline at or before its cut skips it, so typing at one place keeps the chain short. A chain grown long
 * (a re-check in steps resumes one level further down at every step) has its top levels merged into one, as
 * many as hold together no more than twice the changes of those above them: each change is then copied
 * O(log n) times, where merging the whole chain copied everything before the cut every few steps.
 *
 * A level also holds the changes it recorded at or after the cut of the level resumed from it, which no one
 * reading the new chain sees: the values a re-check replaced (each a frame with its columns, or a query's
 * analysis). When those outnumber the ones it still shows, the new level rests on a copy of what it shows
 * instead, so that an edit near the top of a script does not keep the whole old analysis alive. The copy costs
 * no more than the changes it drops, which the re-check made again anyway.
 */
export class Timeline<K, V> {
  private readonly own = new Map<K, Changes<V>>();
  /** The statement number of each change in `own` (ascending): how many there are, and how many from a cut on. */
  private readonly times: number[] = [];

  private constructor(private readonly parent: Timeline<K, V> | undefined, private readonly cut: number, private readonly depth: number) {}

  static fresh<K, V>(): Timeline<K, V> {
    return new Timeline<K, V>(undefined, 0, 0);
  }

  /** A timeline that sees this one's values before statement `cut` and none of its later ones. */
  resume(cut: number): Timeline<K, V> {
    let base = this.skipTo(cut);
    if (base.depth >= MAX_DEPTH) base = base.merged(cut);
    else if (base.hiddenFrom(cut) > base.times.length / 2) base = Timeline.flattened([base], cut);
    return new Timeline<K, V>(base, cut, base.depth + 1);
  }

  /** How many of this level's own changes are at or after statement `cut`. */
  private hiddenFrom(cut: number): number {
    return this.times.length - 1 - lastBefore(this.times, cut, (t) => t);
  }

  /** The first of this timeline and its ancestors whose cut is before `cut` (the chain's root at the latest). */
  private skipTo(cut: number): Timeline<K, V> {
    return this.parent && this.cut >= cut ? this.parent.skipTo(cut) : this;
  }

  /** This timeline's values before statement `cut`, with its top levels merged into one (see the class). */
  private merged(cut: number): Timeline<K, V> {
    const levels: Timeline<K, V>[] = [this];
    let changes = this.times.length;
    for (let next = this.parent; next && next.times.length <= 2 * changes; next = next.parent) {
      levels.push(next);
      changes += next.times.length;
    }
    return levels.length === 1 ? this : Timeline.flattened(levels, cut);
  }

  /** The changes of `levels` (top levels of a chain, the top first) before statement `cut`, as one level. */
  private static flattened<K, V>(levels: Timeline<K, V>[], cut: number): Timeline<K, V> {
    const lowest = levels[levels.length - 1];
    const parent = lowest.parent;
    const flat = new Timeline<K, V>(parent, lowest.cut, parent ? parent.depth + 1 : 0);
    // Oldest level first; each level counts from its cut up to the cut of the level above it.
    for (let i = levels.length - 1; i >= 0; i--) {
      const upTo = i === 0 ? cut : levels[i - 1].cut;
      for (const [key, changes] of levels[i].own) {
        for (let j = 0; j < changes.t.length && changes.t[j] < upTo; j++) flat.record(key, changes.t[j], changes.v[j]);
      }
    }
    flat.times.sort(ascending);
    return flat;
  }

  record(key: K, t: number, value: V | undefined): void {
    this.times.push(t);
    const changes = this.own.get(key);
    if (changes) {
      changes.t.push(t);
      changes.v.push(value);
    } else this.own.set(key, { t: [t], v: [value] });
  }

  /** The latest value. */
  latest(key: K): V | undefined {
    const changes = this.own.get(key);
    if (changes) return changes.v[changes.v.length - 1];
    return this.parent?.at(key, this.cut);
  }

  /** The value before statement t. */
  at(key: K, t: number): V | undefined {
    if (t > this.cut) {
      const changes = this.own.get(key);
      if (changes && changes.t[0] < t) {
        let lo = 0;
        let hi = changes.t.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (changes.t[mid] < t) lo = mid;
          else hi = mid - 1;
        }
        return changes.v[lo];
      }
    }
    return this.parent?.at(key, Math.min(t, this.cut));
  }
}

const FLATTEN_AT = 512;

/** How many statements assign each name: a base shared between versions and this version's differences. */
export class Counts {
  private constructor(private readonly base: ReadonlyMap<string, number>, private readonly delta: Map<string, number>) {}

  static fresh(): Counts {
    return new Counts(new Map(), new Map());
  }

  get(name: string): number {
    return (this.base.get(name) ?? 0) + (this.delta.get(name) ?? 0);
  }

  has(name: string): boolean {
    return this.get(name) > 0;
  }

  add(name: string, by: number): void {
    this.delta.set(name, (this.delta.get(name) ?? 0) + by);
  }

  /** A copy to change (the base stays shared until the differences grow large). */
  derive(): Counts {
    // A first analysis counts everything in its differences: they become the shared base (never changed again).
    if (this.base.size === 0) return new Counts(this.delta, new Map());
    if (this.delta.size < FLATTEN_AT) return new Counts(this.base, new Map(this.delta));
    const merged = new Map(this.base);
    for (const [name, n] of this.delta) merged.set(name, (merged.get(name) ?? 0) + n);
    return new Counts(merged, new Map());
  }
}
