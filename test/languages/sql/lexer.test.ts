// The SQL lexer gives a word token its upper-case spelling only when it is a word the analyser compares tokens
// with (KNOWN_WORDS): that spares an upper-case string per word. So every such word must be known.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { SqlLexer } from '../../../server/src/languages/sql/lexer';
import { REPO } from '../../iapt';

const upper = (word: string): string | undefined => new SqlLexer(word).next()?.upper;

describe('SQL lexer: known words', () => {
  it('knows every upper-case word the analyser and its completion context compare with', () => {
    const folder = path.join(REPO, 'server/src/languages/sql');
    const compared = new Set<string>();
    for (const file of ['analyse.ts', 'context.ts', 'keywords.ts']) {
      for (const m of fs.readFileSync(path.join(folder, file), 'utf8').matchAll(/'([A-Z][A-Z_0-9]*)'/g)) compared.add(m[1]);
    }
    assert.ok(compared.size > 100, `${compared.size} words found`);
    const unknown = [...compared].filter((w) => upper(w) !== w);
    assert.deepStrictEqual(unknown, [], 'add these to KNOWN_WORDS in keywords.ts');
  });

  it('spells a keyword in upper case however it is written, and gives other words none', () => {
    assert.strictEqual(upper('select'), 'SELECT');
    assert.strictEqual(upper('SeLeCt'), 'SELECT');
    assert.strictEqual(upper('count_big'), 'COUNT_BIG');
    assert.strictEqual(upper('selects'), '');
    assert.strictEqual(upper('pathwayid'), '');
    assert.strictEqual(upper('ſelect'), '', 'a non-ASCII letter is no keyword letter');
  });
});

describe('SQL lexer: words and spaces', () => {
  // A word goes on over ASCII letters, digits, _ and $, and over every code unit above 127 (lone surrogates too).
  const wordPart = (c: number): boolean => /[A-Za-z0-9_$]/.test(String.fromCharCode(c)) || c > 127;
  const space = (c: number): boolean => [32, 9, 10, 13, 12, 11, 0].includes(c);

  it('ends a word exactly where a character that is no word part comes, for every code unit', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const tok = new SqlLexer(`ab${String.fromCharCode(c)}cd`).next();
      if (tok?.kind !== 'word' || tok.end !== (wordPart(c) ? 5 : 2)) wrong.push(c.toString(16));
    }
    assert.deepStrictEqual(wrong, []);
  });

  it('skips exactly the blank characters between tokens', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0x3000; c++) {
      const lexer = new SqlLexer(`a ${String.fromCharCode(c)}${String.fromCharCode(c)}`);
      lexer.next();
      const tok = lexer.next();
      if (space(c) ? tok !== undefined : tok?.start !== 2) wrong.push(c.toString(16));
    }
    assert.deepStrictEqual(wrong, []);
  });

  it('reads quoted content with doubled quotes, and runs an unclosed one to the end', () => {
    const read = (text: string): [string, string, number, boolean] => {
      const t = new SqlLexer(text).next();
      return [t?.kind ?? '', t?.value ?? '', t?.end ?? -1, !!t?.unterminated];
    };
    assert.deepStrictEqual(read("'it''s' x"), ['string', "it's", 7, false]);
    assert.deepStrictEqual(read("N'a''''b'"), ['string', "a''b", 9, false]);
    assert.deepStrictEqual(read('[a]]b] x'), ['quoted', 'a]b', 6, false]);
    assert.deepStrictEqual(read('"a""b" x'), ['quoted', 'a"b', 6, false]);
    assert.deepStrictEqual(read("'abc"), ['string', 'abc', 4, true]);
    assert.deepStrictEqual(read("'abc''"), ['string', "abc'", 6, true]);
    assert.deepStrictEqual(read('[x\n y'), ['quoted', 'x\n y', 5, true]);
    assert.deepStrictEqual(read('-- note\r\nx'), ['comment', '-- note', 7, false]);
  });
});
