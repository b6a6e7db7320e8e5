import * as assert from 'assert';
import { LastMentions } from '../../../server/src/languages/r/analyse';

/** Whether `name` occurs in `text` as a whole word at or after `from`, by looking at every position. */
const occursAfter = (text: string, name: string, from: number): boolean => {
  const word = /[A-Za-z0-9._]/;
  for (let at = Math.max(0, from); at + name.length <= text.length; at++) {
    if (text.startsWith(name, at) && !word.test(text[at - 1] ?? ' ') && !word.test(text[at + name.length] ?? ' ')) return true;
  }
  return name === '';
};

describe('languages/r LastMentions', () => {
  it('finds the last use of each word after an offset, telling apart words whose hashes collide', () => {
    // "Aa" and "BB" have the same hash (65·31 + 97 = 66·31 + 66).
    const text = 'q <- "SELECT x"\nAa + BB\nr.1 <- q\nqq(Aa)\n# BB later\nx_y <- 1; Aa\n';
    const index = new LastMentions(text);
    for (const name of ['q', 'Aa', 'BB', 'r.1', 'qq', 'x_y', 'x', 'y', 'SELECT', 'later', 'A', 'B', 'nope', '']) {
      for (let from = 0; from <= text.length + 1; from++) {
        assert.strictEqual(index.after(name, from), occursAfter(text, name, from), `${name} after ${from}`);
      }
    }
  });

  it('made from an offset (even inside a word), answers as one made from the start', () => {
    const text = 'q <- "SELECT x"\nAa + BB\nr.1 <- q\nqq(Aa)\n# BB later\nx_y <- 1; Aa\n';
    for (const start of [0, 3, 17, 19, 30, text.length]) {
      const index = new LastMentions(text, start);
      for (const name of ['q', 'Aa', 'a', 'BB', 'r.1', 'qq', 'x_y', 'y', 'later', 'B']) {
        for (let from = 0; from <= text.length; from++) assert.strictEqual(index.after(name, from), occursAfter(text, name, from), `${name} after ${from}, index from ${start}`);
      }
    }
  });

  it('answers names that are not one word by searching the text', () => {
    const index = new LastMentions('a$b <- 1; a$b');
    assert.strictEqual(index.after('a$b', 5), true);
    assert.strictEqual(index.after('a$b', 11), false);
  });
});
