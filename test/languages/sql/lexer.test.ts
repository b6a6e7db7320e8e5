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
