// The example do-files: clean except for the one deliberate mistake; and the analyser on arbitrary text.

import * as assert from 'assert';
import * as path from 'path';
import { check } from '../../../server/src/cli/check';
import { analyseStata } from '../../../server/src/languages/stata/analyse';
import { iaptCatalogue, REPO } from '../../iapt';

describe('Stata examples and robustness', function () {
  this.timeout(20000);

  it('reports only the deliberate mistake in examples/stata', () => {
    const result = check([path.join(REPO, 'examples', 'stata')], iaptCatalogue());
    assert.ok(result.files >= 3);
    assert.strictEqual(result.lines.length, 1, result.lines.join('\n'));
    assert.match(result.lines[0], /mistakes\.do:4:19: unknown-column: .*phq9_lastscor3.*phq9_lastscore/);
  });

  it('never throws on arbitrary text, and every span stays inside it', () => {
    const pieces = ['odbc load, exec("SELECT ', 'FROM nhsd.IAPT_care_activities_v0003', '")', 'keep ', 'drop ', 'gen x = ', 'rename a b', 'merge 1:1 a using ',
      '`x\'', '$y', '"', '`"', '"\'', '(', ')', ',', '\n', ' ', '///\n', '/*', '*/', '#delimit ;\n', ';', 'by a: ', 'phq9_*', '-', 'if ', '== "', 'frame x: ', 'preserve\n', 'restore\n'];
    let seed = 11;
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let i = 0; i < 30; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        text += pieces[seed % pieces.length];
      }
      const model = analyseStata(text);
      const spans = [...model.tableRefs.map((t) => t.span), ...model.columnRefs.map((c) => c.span), ...model.valueRefs.map((v) => v.span), ...model.literals.map((l) => l.span)];
      for (const s of spans) assert.ok(s.start >= 0 && s.end <= text.length && s.start <= s.end, JSON.stringify({ text, s }));
      for (let o = 0; o <= text.length; o += 7) model.completionContext(o);
    }
  });
});
