import * as assert from 'assert';
import { TokenIndex, TokenIndexBuilder } from '../../../server/src/languages/r/lexer';

/** Tokens i = 0, 1, ...: kind code i % 6, start 10 i, end 10 i + 5. */
const builderOf = (from: number, to: number): TokenIndexBuilder => {
  const b = new TokenIndexBuilder(4);
  for (let i = from; i < to; i++) b.add(i % 6, 10 * i, 10 * i + 5);
  return b;
};

const check = (index: TokenIndex, length: number): void => {
  assert.strictEqual(index.length, length);
  for (let i = 0; i < length; i++) {
    const t = index.at(i);
    assert.deepStrictEqual([t.start, t.end], [10 * i, 10 * i + 5], `token ${i}`);
  }
  for (const offset of [0, 1, 10, 15, 10 * length - 1, 10 * length + 3]) assert.strictEqual(index.lastStartingBefore(offset), Math.min(length, Math.ceil(offset / 10)) - 1, `before ${offset}`);
};

describe('languages/r/lexer TokenIndex', () => {
  it('a re-check in steps (each step joins its tokens to the last) keeps every token, in a chain of few levels', () => {
    let index = builderOf(0, 5000).done();
    let n = 2000; // an edit here: the steps re-read from token 2000 on
    for (let step = 0; step < 200; step++) {
      const more = 10 + (step % 7) * 5;
      index = TokenIndex.join(index, n, builderOf(n, n + more));
      n += more;
      check(index, n);
    }
    assert.ok(index.depth <= 12, `depth ${index.depth}`);
  });

  it('joins at any point of a chain, sharing the tokens before it', () => {
    let index = builderOf(0, 100).done();
    for (const [keep, add] of [[50, 30], [60, 100], [20, 5], [25, 400], [300, 1]]) {
      index = TokenIndex.join(index, keep, builderOf(keep, keep + add));
      check(index, keep + add);
    }
  });
});
