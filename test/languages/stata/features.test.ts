// The Stata model through the real feature modules: completion, hover, quick fixes, definition.

import * as assert from 'assert';
import { codeActions } from '../../../server/src/features/code-actions';
import { complete } from '../../../server/src/features/completion';
import { defaultDiagnosticSettings, diagnostics } from '../../../server/src/features/diagnostics';
import { hover } from '../../../server/src/features/hover';
import { analyseStata } from '../../../server/src/languages/stata/analyse';
import { caret } from '../../helpers';
import { iaptCatalogue } from '../../iapt';
import { flagged, LOAD, stataDoc } from './helpers';

function labelsAt(fixture: string): string[] {
  const { text, offset } = caret(fixture);
  return complete(stataDoc(text), analyseStata(text), iaptCatalogue(), offset).map((i) => i.label);
}

function hoverAt(fixture: string): string {
  const { text, offset } = caret(fixture);
  const h = hover(stataDoc(text), analyseStata(text), iaptCatalogue(), offset);
  return h ? JSON.stringify(h.contents) : '';
}

const LOADED = ['pathwayid', 'endcode', 'phq9_firstscore', 'phq9_lastscore', 'gad_firstscore', 'gad_lastscore'];

describe('Stata features', function () {
  this.timeout(20000);

  it('completes variables in varlists, by prefixes, expressions, if qualifiers and options', () => {
    assert.deepStrictEqual(labelsAt(LOAD + 'tab |'), LOADED);
    assert.deepStrictEqual(labelsAt(LOAD + 'keep pathwayid phq|'), LOADED);
    assert.deepStrictEqual(labelsAt(LOAD + 'bysort |: gen n = _n'), LOADED);
    assert.deepStrictEqual(labelsAt(LOAD + 'gen x = |'), LOADED);
    assert.deepStrictEqual(labelsAt(LOAD + 'gen x = 1\nsummarize pathwayid if |'), [...LOADED, 'x']);
    assert.deepStrictEqual(labelsAt(LOAD + 'tabstat phq9_firstscore, by(|)'), LOADED);
    assert.deepStrictEqual(labelsAt(LOAD + 'drop gad_firstscore\nregress |'), LOADED.filter((c) => c !== 'gad_firstscore'));
    assert.deepStrictEqual(labelsAt(LOAD + 'if phq| > 0 {\n  di 1\n}\n'), LOADED);
  });

  it('completes the variable after a factor-variable or time-series operator, not after a missing value', () => {
    for (const op of ['i.', 'c.', 'ib2.', 'ibn.', 'L2.', 'i(1 2).', 'c.phq9_firstscore#i.']) {
      assert.deepStrictEqual(labelsAt(LOAD + `regress phq9_lastscore ${op}|`), LOADED, op);
      assert.deepStrictEqual(labelsAt(LOAD + `regress phq9_lastscore ${op}end|`), LOADED, op);
    }
    assert.deepStrictEqual(labelsAt(LOAD + 'count if phq9_firstscore == .|'), []);
    assert.deepStrictEqual(labelsAt(LOAD + 'count if phq9_firstscore >= .a|'), []);
  });

  it('does not offer the storage type of predict double `p\' as a variable', () => {
    assert.deepStrictEqual(labelsAt(LOAD + "regress phq9_lastscore phq9_firstscore\npredict double `p'\ntab |"), LOADED);
  });

  it('offers nothing where no variable goes', () => {
    assert.deepStrictEqual(labelsAt(LOAD + 'gen |'), []);
    assert.deepStrictEqual(labelsAt(LOAD + 'use |'), []);
    assert.deepStrictEqual(labelsAt(LOAD + '* tab |'), []);
    assert.deepStrictEqual(labelsAt(LOAD + 'tab `|'), []);
  });

  it('completes coded values after == " and SQL inside exec("...")', () => {
    const values = labelsAt(LOAD + 'tab pathwayid if endcode == "|');
    assert.ok(values.includes('46') && values.includes('10'), values.join());
    const listed = labelsAt(LOAD + 'keep if inlist(endcode, "46", "|');
    assert.ok(listed.includes('46') && listed.includes('10'), listed.join());
    const sql = labelsAt('odbc load, exec("SELECT r.phq| FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r") dsn(LLC_DB)');
    assert.ok(sql.includes('phq9_firstscore') && sql.includes('phq15_lastscore'));
    const tables = labelsAt('odbc load, table("nhsd.IAPT_c|") dsn(LLC_DB)');
    assert.ok(tables.includes('IAPT_care_activities_v0003'), tables.join());
  });

  it('hovers on variables (also through keep and rename) and lists what a wildcard expands to', () => {
    assert.match(hoverAt(LOAD + 'keep pathwayid phq9_*\ntab phq9_first|score'), /phq9_firstscore/);
    assert.match(hoverAt(LOAD + 'rename phq9_firstscore baseline\ntab base|line'), /defined in the script[\s\S]*phq9_firstscore/);
    assert.match(hoverAt(LOAD + 'sum phq9|_*'), /expands to 2 variables: `phq9_firstscore` `phq9_lastscore`/);
    assert.match(hoverAt(LOAD + 'gen improved = 1\ntab improv|ed'), /improved.*defined in the script/);
  });

  it('hovers at the end of a long do-file', () => {
    let text = LOAD;
    for (let i = 0; i < 60; i++) text += `gen x${i} = ${i}\nkeep pathwayid endcode phq9_* x*\n`;
    assert.match(hoverAt(text + 'tab phq9_first|score'), /phq9_firstscore/);
  });

  it('fixes the case of a variable with a quick fix', () => {
    const text = LOAD + 'tab Endcode\n';
    const doc = stataDoc(text);
    const model = analyseStata(text);
    const diags = diagnostics(doc, model, iaptCatalogue());
    assert.deepStrictEqual(diags.map((d) => d.code), ['unknown-column']);
    const actions = codeActions(doc, model, iaptCatalogue(), diags[0].range, defaultDiagnosticSettings);
    assert.strictEqual(actions[0].title, "Change to 'endcode'");
  });

  it('offers every variable an ambiguous abbreviation could be as a fix, none of them preferred', () => {
    const text = LOAD.replace('gad_lastscore', 'gad_lastscore, phq15_firstscore, phq15_lastscore') + 'summarize phq\n';
    const doc = stataDoc(text);
    const model = analyseStata(text);
    const diags = diagnostics(doc, model, iaptCatalogue());
    const actions = codeActions(doc, model, iaptCatalogue(), diags[0].range, defaultDiagnosticSettings);
    assert.deepStrictEqual(actions.map((a) => [a.title, a.isPreferred]), [
      ["Change to 'phq9_firstscore'", false],
      ["Change to 'phq9_lastscore'", false],
      ["Change to 'phq15_firstscore'", false],
      ["Change to 'phq15_lastscore'", false],
    ]);
  });

  it('does not "correct" a catalogue variable that was not loaded to the nearest one that was', () => {
    // gad_firstscore >= 8 changed to phq9_firstscore >= 8 would be another caseness rule.
    const text = LOAD.replace(', gad_firstscore, gad_lastscore', '') + 'count if gad_firstscore >= 8\n';
    const doc = stataDoc(text);
    const model = analyseStata(text);
    const diags = diagnostics(doc, model, iaptCatalogue());
    assert.deepStrictEqual(diags.map((d) => d.message), [
      "Column 'gad_firstscore' is not in the dataset after odbc load. It is a column of IAPT_demographics_and_referral.",
    ]);
    assert.deepStrictEqual(codeActions(doc, model, iaptCatalogue(), diags[0].range, defaultDiagnosticSettings), []);
  });

  it('resolves and completes a long run of generates: every name found in order, a typo flagged', () => {
    // The resolver keeps each dataset of the run as parts, not as a list of all the columns before it.
    const generates = Array.from({ length: 3000 }, (_, i) => `generate v${i} = phq9_firstscore + v${Math.max(0, i - 1)}\n`).join('');
    const text = LOAD + 'generate v0 = 1\n' + generates + 'generate last = v2999 + v1500 + v15000\nsummarize ';
    assert.deepStrictEqual(flagged(text), ['v15000']);
    const labels = labelsAt(text + '|');
    assert.strictEqual(labels.length, LOADED.length + 3001);
    assert.deepStrictEqual(labels.slice(0, LOADED.length + 3), [...LOADED, 'v0', 'v1', 'v2']);
    assert.strictEqual(labels[labels.length - 1], 'last');
  });
});
