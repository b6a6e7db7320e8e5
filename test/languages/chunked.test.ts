import * as assert from 'assert';
import { Chunked, MovedChunked } from '../../server/src/languages/chunked';

const listOf = (n: number, from = 0): Chunked<number> => {
  const c = new Chunked<number>();
  for (let i = 0; i < n; i++) c.push(from + i);
  return c;
};
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('languages/chunked', () => {
  // Sizes around the chunk size (512), where sharing starts and stops.
  const sizes = [0, 1, 511, 512, 513, 1024, 1500, 2049];

  it('a prefix holds the first n items, and pushing to it leaves the original alone', () => {
    for (const size of sizes) {
      for (const n of sizes.filter((k) => k <= size)) {
        const whole = listOf(size);
        const prefix = whole.prefix(n);
        prefix.push(-1);
        assert.deepStrictEqual(prefix.toArray(), [...range(0, n), -1], `prefix ${n} of ${size}`);
        assert.deepStrictEqual(whole.toArray(), range(0, size));
        assert.deepStrictEqual(whole.appendTo([], n), range(n, size));
      }
    }
  });

  it('extendFrom appends the rest of another list, and neither list sees the other’s later pushes', () => {
    for (const size of sizes) {
      for (const from of sizes.filter((k) => k <= size)) {
        const other = listOf(size);
        const mine = listOf(from, 0).prefix(from);
        mine.extendFrom(other, from);
        assert.deepStrictEqual(mine.toArray(), range(0, size), `extend ${from} of ${size}`);
        mine.push(-1);
        other.push(-2);
        assert.deepStrictEqual(mine.toArray(), [...range(0, size), -1]);
        assert.deepStrictEqual(other.toArray(), [...range(0, size), -2]);
        assert.deepStrictEqual(other.appendTo([], from), [...range(from, size), -2]);
        assert.strictEqual(mine.get(size), -1);
      }
    }
  });

  it('truncate keeps the first n items, and a list sharing its chunks does not see the pushes after it', () => {
    for (const size of sizes) {
      for (const n of sizes.filter((k) => k <= size)) {
        const whole = listOf(size);
        const copy = whole.prefix(size);
        copy.truncate(n);
        copy.push(-1);
        assert.deepStrictEqual(copy.toArray(), [...range(0, n), -1], `truncate ${size} to ${n}`);
        assert.deepStrictEqual(whole.toArray(), range(0, size));
      }
    }
  });

  it('extendFrom refuses a list whose length is not the starting index', () => {
    assert.throws(() => listOf(3).extendFrom(listOf(10), 5), /3 items, not 5/);
  });

  describe('MovedChunked', () => {
    const moved = (n: number, from = 0): MovedChunked => {
      const c = new MovedChunked();
      for (let i = 0; i < n; i++) c.push(from + i);
      return c;
    };

    it('goes on with another list moved by a constant, lined up or not, and neither sees the other’s later pushes', () => {
      for (const size of sizes) {
        for (const from of sizes.filter((k) => k <= size)) {
          // Lengths before the join: lined up (from), off by one, and a whole chunk off.
          for (const length of [from, from + 1, from + 512, Math.max(0, from - 3)]) {
            const other = moved(size);
            const mine = moved(length, 10_000);
            mine.extendFrom(other, from, 7);
            const expected = [...range(10_000, 10_000 + length), ...range(from + 7, size + 7)];
            assert.deepStrictEqual(mine.toArray(), expected, `extend ${from} of ${size} after ${length}`);
            mine.push(-1);
            other.push(-2);
            assert.deepStrictEqual(mine.toArray(), [...expected, -1]);
            assert.deepStrictEqual(other.toArray(), [...range(0, size), -2]);
          }
        }
      }
    });

    it('moves add up through lists made from each other, and a prefix keeps them', () => {
      let list = moved(2049);
      let expected = range(0, 2049);
      // Each round keeps a prefix and goes on with the previous list's items after it, moved again.
      for (const [cut, move] of [[100, 5], [600, -3], [1024, 11], [3, 2]]) {
        const next = list.prefix(cut);
        next.extendFrom(list, cut, move);
        expected = [...expected.slice(0, cut), ...expected.slice(cut).map((x) => x + move)];
        assert.deepStrictEqual(next.toArray(), expected, `cut ${cut} move ${move}`);
        const before = list.toArray();
        next.push(99);
        assert.deepStrictEqual(list.toArray(), before);
        expected.push(99);
        list = next;
      }
      assert.deepStrictEqual(list.prefix(1500).toArray(), expected.slice(0, 1500));
    });
  });
});
