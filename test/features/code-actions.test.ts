import * as assert from 'assert';
import { codeActions } from '../../server/src/features/code-actions';
import { definition } from '../../server/src/features/definition';
import { defaultDiagnosticSettings, diagnostics } from '../../server/src/features/diagnostics';
import { analyseSql } from '../../server/src/languages/sql/analyse';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as fs from 'fs';
import { caret, sqlDoc } from '../helpers';
import { iaptCatalogue, IAPT_FILE } from '../iapt';

function fixAll(sql: string): string {
  const doc = sqlDoc(sql);
  const actions = codeActions(doc, analyseSql(sql), iaptCatalogue(), { start: doc.positionAt(0), end: doc.positionAt(sql.length) }, defaultDiagnosticSettings);
  const edits = actions.filter((a) => a.isPreferred).flatMap((a) => a.edit?.changes?.[doc.uri] ?? []);
  return TextDocument.applyEdits(doc, edits);
}

describe('quick fixes (SQL)', () => {
  it('apply the suggestion of each diagnostic', () => {
    const sql = "SELECT r.phq9_firstscor FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r WHERE r.employstatus = '1';\nSELECT 1 FROM nhsd.IAPT_care_activites_v0003";
    assert.strictEqual(
      fixAll(sql),
      "SELECT r.phq9_firstscore FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r WHERE r.employstatus = '01';\nSELECT 1 FROM nhsd.IAPT_care_activities_v0003",
    );
  });

  it('offer no other column for a catalogue column the query did not select, and prefer only a single fix', () => {
    const sql = 'SELECT d.gad_lastscore, d.phq9_lastscor FROM (SELECT r.pathwayid, r.phq9_lastscore FROM nhsd.IAPT_demographics_and_referral_v0003 r) d';
    const doc = sqlDoc(sql);
    const all = { start: doc.positionAt(0), end: doc.positionAt(sql.length) };
    const actions = codeActions(doc, analyseSql(sql), iaptCatalogue(), all, defaultDiagnosticSettings);
    assert.deepStrictEqual(actions.map((a) => [a.title, a.isPreferred]), [["Change to 'phq9_lastscore'", true]]);
    const messages = diagnostics(doc, analyseSql(sql), iaptCatalogue()).map((d) => d.message);
    assert.deepStrictEqual(messages, [
      "Column 'gad_lastscore' is not in derived table d. It is a column of IAPT_demographics_and_referral.",
      "Column 'phq9_lastscor' is not in derived table d. Did you mean 'phq9_lastscore'?",
    ]);
  });

  it('offer the fixes of the range only, also when the script has others', () => {
    const sql = 'SELECT r.bad1, r.pathwayid FROM nhsd.IAPT_care_activities_v0003 r;\nSELECT r.phq9_firstscor FROM nhsd.IAPT_demographics_and_referral_v0003 r';
    const doc = sqlDoc(sql);
    const at = sql.indexOf('phq9_firstscor') + 3;
    const actions = codeActions(doc, analyseSql(sql), iaptCatalogue(), { start: doc.positionAt(at), end: doc.positionAt(at) }, defaultDiagnosticSettings);
    assert.deepStrictEqual(actions.map((a) => a.title), ["Change to 'phq9_firstscore'"]);
  });

  it('offer nothing away from a diagnostic', () => {
    const sql = 'SELECT r.bad, r.pathwayid FROM nhsd.IAPT_onward_referrals_v0003 r';
    const doc = sqlDoc(sql);
    const at = sql.indexOf('pathwayid');
    assert.deepStrictEqual(codeActions(doc, analyseSql(sql), iaptCatalogue(), { start: doc.positionAt(at), end: doc.positionAt(at) }, defaultDiagnosticSettings), []);
  });
});

describe('go to definition (SQL)', () => {
  const yaml = fs.readFileSync(IAPT_FILE, 'utf8');
  const at = (fixture: string) => {
    const { text, offset } = caret(fixture);
    return definition(analyseSql(text), iaptCatalogue(), offset);
  };

  it('goes from a table to its catalogue entry', () => {
    const target = at('SELECT * FROM nhsd.IAPT_waiting_time_pa|uses_v0003');
    assert.ok(target && target.kind === 'catalogue');
    assert.strictEqual(target.file, IAPT_FILE);
    assert.ok(yaml.slice(target.offset).startsWith('IAPT_waiting_time_pauses'));
  });

  it('goes from a column to its entry in the right table', () => {
    const target = at('SELECT w.pause|reason FROM nhsd.IAPT_waiting_time_pauses_v0003 w');
    assert.ok(target && target.kind === 'catalogue');
    assert.ok(yaml.slice(target.offset).startsWith('pausereason'));
    const tableAt = yaml.lastIndexOf('IAPT_', target.offset);
    assert.ok(yaml.slice(tableAt).startsWith('IAPT_waiting_time_pauses'));
  });

  it('goes from a CTE column to where the script names it', () => {
    const sql = 'WITH c AS (SELECT pathwayid AS pid FROM nhsd.IAPT_onward_referrals_v0003) SELECT pid FROM c';
    const target = definition(analyseSql(sql), iaptCatalogue(), sql.lastIndexOf('pid') + 1);
    assert.ok(target && target.kind === 'document');
    assert.strictEqual(target.span.start, sql.indexOf('pid'));
  });
});
