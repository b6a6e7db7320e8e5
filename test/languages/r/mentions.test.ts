import * as assert from 'assert';
import fc from 'fast-check';
import { LastMentions, LastUses } from '../../../server/src/languages/r/analyse';

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

describe('languages/r LastUses', () => {
  const names = ['q', 'qq', 'Aa', 'a', 'r.1', 'x_y', 'a$b', 'nope', ''];
  const piece = fc.constantFrom('q', 'qq', ' ', '\n', 'Aa', 'a', '.', '1', 'r.1', 'x_y', '$b', '(', '#');
  const text = fc.array(piece, { maxLength: 25 }).map((p) => p.join(''));
  const edit = fc.array(piece, { maxLength: 3 }).map((p) => p.join(''));

  it('answers as a search of the text, asked in any order', () => {
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.constantFrom(...names), fc.integer({ min: -1, max: 60 })), { maxLength: 30 }), (t, asks) => {
        const uses = new LastUses(t);
        for (const [name, from] of asks) assert.strictEqual(uses.mentionedFrom(name, from), occursAfter(t, name, from), `${name} from ${from} in ${JSON.stringify(t)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('carried over an edit that makes a word start where the old text went on', () => {
    // "aq": q is no word there; " q": it is, at the first character of what lines up.
    const old = new LastUses('aq');
    assert.strictEqual(old.mentionedFrom('q', 0), false);
    const carried = old.carried(' q', 1, 0);
    assert.strictEqual(carried.mentionedFrom('q', 1), true);
    assert.strictEqual(carried.mentionedFrom('q', 2), false);
  });

  it('carried over an edit, answers as a search of the new text', () => {
    // An edit: the new text is `before + typed + rest` for an old one `before + removed + rest`; `rest` lines up.
    fc.assert(
      fc.property(text, edit, edit, text, fc.array(fc.tuple(fc.constantFrom(...names), fc.integer({ min: -1, max: 80 })), { maxLength: 20 }), (before, removed, typed, rest, asks) => {
        const oldText = before + removed + rest;
        const newText = before + typed + rest;
        const old = new LastUses(oldText);
        // What the old version learnt (both kinds of answer), then carried twice: once here, once more on no edit.
        for (const name of names) old.mentionedFrom(name, Math.floor(oldText.length / 2));
        const delta = newText.length - oldText.length;
        const carried = old.carried(newText, before.length + typed.length, delta).carried(newText, newText.length, 0);
        for (const [name, from] of asks) assert.strictEqual(carried.mentionedFrom(name, from), occursAfter(newText, name, from), `${name} from ${from}: ${JSON.stringify(oldText)} -> ${JSON.stringify(newText)}`);
      }),
      { numRuns: 3000 },
    );
  });
});
