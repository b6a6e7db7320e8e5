// While typing goes on, each keystroke's model is a partial re-analysis of the one before: the chain must not
// keep every version's text alive. In SQL and Stata it did, through the table names carried past where each
// analysis stopped (`laterTableRefs`); R carries them too, and is checked alike.

import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { REPO } from '../iapt';

const CHILD = path.join(__dirname, 'retained-child.ts');

describe('partial re-analyses in a chain', function () {
  this.timeout(60000);
  for (const [languageId, folder] of [['sql', 'examples/sql'], ['r', 'examples/r'], ['stata', 'examples/stata']]) {
    it(`${languageId}: after 40 keystrokes the model keeps about what a fresh one does, not a text per keystroke`, () => {
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, languageId, path.join(REPO, folder)], { encoding: 'utf8' });
      const { chained, alone, textBytes, partial, refs, later, spellings, total } = JSON.parse(out) as { chained: number; alone: number; textBytes: number; partial: boolean; refs: number; later: number; spellings: number; total: number };
      assert.ok(partial, 'the last re-analysis stopped early, as completion lets it');
      assert.ok(refs > 0, 'the script names tables');
      // One-byte text: the 20 distinct versions, if all kept, would be 20 × textBytes more (SQL and Stata were 18–20×).
      // Nor does the list of names carried past the stop grow with the keystrokes (in SQL and Stata it did, by the
      // names each re-check read again): they need one of each spelling (quoted or not, hence the factor 2). R
      // carries every name after the stop, since its statement records count them: no more than the script has.
      const most = languageId === 'r' ? total : 2 * spellings;
      assert.ok(later <= most, `${later} names carried, for ${spellings} different names (${total} in all) in the script`);
      assert.ok(chained - alone < 4 * textBytes, `the chain keeps ${((chained - alone) / 1e6).toFixed(1)} MB more than a fresh model (text ${(textBytes / 1e6).toFixed(1)} MB)`);
    });
  }
});
