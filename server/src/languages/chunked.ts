// An append-only list stored in fixed-size chunks, so that a copy of its first n items (what an incremental
// analysis keeps of the previous one) shares the full chunks and costs n / 512 steps instead of n. The
// analysers keep their result lists in these.

const BITS = 9;
const SIZE = 1 << BITS;
const MASK = SIZE - 1;

export class Chunked<T> {
  private chunks: T[][] = [];
  length = 0;

  push(item: T): void {
    const k = this.length >> BITS;
    if (k === this.chunks.length) this.chunks.push([]);
    this.chunks[k].push(item);
    this.length++;
  }

  pushAll(items: readonly T[]): void {
    for (const item of items) this.push(item);
  }

  get(i: number): T {
    return this.chunks[i >> BITS][i & MASK];
  }

  /**
   * The first n items. Full chunks are shared: no list ever writes to a full chunk, since `push` only appends
   * to the last, partial one, which is copied.
   */
  prefix(n: number): Chunked<T> {
    const c = new Chunked<T>();
    const full = n >> BITS;
    c.chunks = this.chunks.slice(0, full);
    if (n & MASK) c.chunks.push(this.chunks[full].slice(0, n & MASK));
    c.length = n;
    return c;
  }

  /**
   * Appends the items of `other` from index `from` on, to a list of exactly `from` items (as in `other`): the
   * full chunks are shared, not copied.
   */
  extendFrom(other: Chunked<T>, from: number): void {
    if (this.length !== from) throw new Error(`extendFrom: the list has ${this.length} items, not ${from}`);
    let i = from;
    for (; i < other.length && (i & MASK) !== 0; i++) this.push(other.get(i));
    for (; i + SIZE <= other.length; i += SIZE) {
      this.chunks.push(other.chunks[i >> BITS]);
      this.length += SIZE;
    }
    for (; i < other.length; i++) this.push(other.get(i));
  }

  /**
   * Drops the items from index n on. The chunk that keeps some of its items is copied first: it may be shared
   * with another list, which must not see this one's later pushes.
   */
  truncate(n: number): void {
    if (n >= this.length) return;
    const full = n >> BITS;
    const kept = n & MASK ? this.chunks[full].slice(0, n & MASK) : undefined;
    this.chunks.length = full;
    if (kept) this.chunks.push(kept);
    this.length = n;
  }

  /** Items from `from` on, appended to `out`. */
  appendTo(out: T[], from = 0): T[] {
    for (let i = from; i < this.length; ) {
      const chunk = this.chunks[i >> BITS];
      for (let j = i & MASK; j < chunk.length; j++, i++) out.push(chunk[j]);
    }
    return out;
  }

  /** Items from index `from` up to `to`, as an array. */
  slice(from: number, to: number): T[] {
    const out: T[] = [];
    for (let i = from; i < to; i++) out.push(this.get(i));
    return out;
  }

  /** Items from index `from` on, as an array. */
  toArray(from = 0): T[] {
    const out = new Array<T>(Math.max(0, this.length - from));
    let at = 0;
    for (let k = from >> BITS; k < this.chunks.length; k++) {
      const chunk = this.chunks[k];
      for (let i = k === from >> BITS ? from & MASK : 0; i < chunk.length; i++) out[at++] = chunk[i];
    }
    return out;
  }
}

/**
 * A chunked list of numbers (offsets, counts) that can go on with another's items moved by a constant: after an
 * edit, the statements below it keep their records, each offset moved by the edit's length. Each chunk carries
 * the amount its items are moved by, so the full chunks are shared with that amount added instead of copied.
 */
export class MovedChunked {
  private chunks: number[][] = [];
  /** What is added to every item of the chunk at the same index. */
  private moves: number[] = [];
  length = 0;

  push(item: number): void {
    const k = this.length >> BITS;
    if (k === this.chunks.length) {
      this.chunks.push([]);
      this.moves.push(0);
    }
    this.chunks[k].push(item - this.moves[k]);
    this.length++;
  }

  get(i: number): number {
    const k = i >> BITS;
    return this.chunks[k][i & MASK] + this.moves[k];
  }

  /** The first n items (full chunks shared, as in `Chunked.prefix`). */
  prefix(n: number): MovedChunked {
    const c = new MovedChunked();
    const full = n >> BITS;
    c.chunks = this.chunks.slice(0, full);
    c.moves = this.moves.slice(0, full);
    if (n & MASK) {
      c.chunks.push(this.chunks[full].slice(0, n & MASK));
      c.moves.push(this.moves[full]);
    }
    c.length = n;
    return c;
  }

  /**
   * Appends the items of `other` from index `from` on, each plus `move`. Its full chunks are shared when they
   * line up with this list's, that is when this list's length and `from` are the same modulo the chunk size.
   */
  extendFrom(other: MovedChunked, from: number, move = 0): void {
    let i = from;
    if (((this.length - from) & MASK) === 0) {
      for (; i < other.length && (i & MASK) !== 0; i++) this.push(other.get(i) + move);
      for (; i + SIZE <= other.length; i += SIZE) {
        this.chunks.push(other.chunks[i >> BITS]);
        this.moves.push(other.moves[i >> BITS] + move);
        this.length += SIZE;
      }
    }
    for (; i < other.length; i++) this.push(other.get(i) + move);
  }

  toArray(): number[] {
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.get(i);
    return out;
  }
}
