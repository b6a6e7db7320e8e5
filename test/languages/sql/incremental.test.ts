// Incremental SQL analysis in the cases random edits rarely hit: lookahead into the edited statement,
// definitions in earlier statements, partial models and the naming style after the caret.

import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../../../server/src/features/completion';
import { hover } from '../../../server/src/features/hover';
import { analyseSql, reanalyseSql } from '../../../server/src/languages/sql/analyse';
import { DocumentModel } from '../../../server/src/languages/model';
import { caret } from '../../helpers';
import { iaptCatalogue } from '../../iapt';

const doc = (text: string): TextDocument => TextDocument.create('file:///inc.sql', 'sql', 1, text);
const hoverText = (text: string, model: DocumentModel, offset: number): string => {
  const h = hover(doc(text), model, iaptCatalogue(), offset);
  return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
};
const labels = (text: string, model: DocumentModel, offset: number): string[] => complete(doc(text), model, iaptCatalogue(), offset).map((i) => i.label);

describe('SQL analyser: incremental', () => {
  it('re-reads the statement before an edit to the first word after it (the parser looked ahead at that word)', () => {
    const before = 'SELECT IAPT_care_activities_v0003.pathwayid FROM nhsd.IAPT_care_activities_v0003\nSELECT 1';
    const at = before.lastIndexOf('SELECT') + 'SELECT'.length;
    // `SELECTED` is no keyword: it becomes the alias of the table, and the qualifier no longer names it.
    const after = before.slice(0, at) + 'ED' + before.slice(at);
    const offset = after.indexOf('pathwayid') + 2;
    const fresh = analyseSql(after);
    assert.strictEqual(hoverText(after, fresh, offset), '');
    assert.strictEqual(hoverText(after, reanalyseSql(analyseSql(before), after, at), offset), '');
    assert.match(hoverText(before, analyseSql(before), offset), /pathwayid/);
  });

  it('keeps temp tables defined before the edit, and forgets one whose definition the edit removes', () => {
    const before = 'SELECT pathwayid INTO #t FROM nhsd.IAPT_care_activities_v0003;\nSELECT x FROM #t;\nSELECT 1;\n';
    const { text, offset } = caret(before.replace('SELECT 1', 'SELECT t.| FROM #t t'));
    const unchanged = before.indexOf('SELECT 1');
    const partial = reanalyseSql(analyseSql(before), text, unchanged, offset);
    assert.deepStrictEqual(labels(text, partial, offset), ['pathwayid']);
    assert.deepStrictEqual(labels(text, partial, offset), labels(text, analyseSql(text), offset));
    // Deleting `INTO #t` changes what every later statement reads.
    const cut = text.replace('INTO #t ', '');
    const at = cut.indexOf('t. FROM') + 2;
    const redone = reanalyseSql(partial, cut, text.indexOf('INTO'), at);
    assert.deepStrictEqual(labels(cut, redone, at), []);
    assert.deepStrictEqual(labels(cut, redone, at), labels(cut, analyseSql(cut), at));
  });

  it('stops after the statement at the caret, and answers there as a full analysis does', () => {
    const statements = Array.from({ length: 200 }, (_, i) => `SELECT r.pathwayid, r.endcode FROM nhsd.IAPT_demographics_and_referral_v0003 r WHERE r.endcode = '4${i % 10}';`);
    const before = statements.join('\n');
    const at = before.indexOf('r.endcode', before.length / 2) + 2;
    const text = before.slice(0, at) + 'phq' + before.slice(at);
    const partial = reanalyseSql(analyseSql(before), text, at, at + 3);
    assert.ok(partial.validUntil !== undefined && partial.validUntil < text.length / 2 + 200, `validUntil ${partial.validUntil}`);
    assert.ok(partial.columnRefs.length < analyseSql(text).columnRefs.length);
    assert.deepStrictEqual(labels(text, partial, at + 3), labels(text, analyseSql(text), at + 3));
  });

  it('completes table names in the style the script uses after the caret, from a partial model', () => {
    const rest = '\nSELECT 1 FROM [LLC_1234].[nhsd_IAPT_care_activities_v0003];'.repeat(3);
    const before = 'SELECT 1 FROM x;' + rest;
    const { text, offset } = caret('SELECT 1 FROM |;' + rest);
    const partial = reanalyseSql(analyseSql(before), text, 'SELECT 1 FROM '.length, offset);
    assert.ok(partial.validUntil !== undefined);
    const items = labels(text, partial, offset);
    assert.ok(items.includes('[LLC_1234].[nhsd_IAPT_care_activities_v0003]'), items.join(', '));
    assert.deepStrictEqual(items, labels(text, analyseSql(text), offset));
  });

  it('keeps that style through partial models of later versions that read further than the one before', () => {
    // Typing at the caret, then a step of diagnostics that reads past where the last partial model stopped.
    const rest = '\nSELECT 2;\nSELECT 3;\nSELECT 1 FROM [LLC_1234].[nhsd_IAPT_care_activities_v0003];'.repeat(3);
    const start = 'SELECT 1 FROM ';
    const v1 = start + 'n;' + rest;
    const v2 = start + 'nh;' + rest;
    const first = reanalyseSql(analyseSql(start + ';' + rest), v1, start.length, start.length + 1);
    assert.ok(first.validUntil !== undefined && first.validUntil < v1.indexOf('SELECT 3'));
    const further = v2.indexOf('SELECT 3') + 3;
    const second = reanalyseSql(first, v2, start.length + 1, further);
    assert.ok(second.validUntil !== undefined && second.validUntil >= further);
    const offset = start.length + 2;
    const items = labels(v2, second, offset);
    assert.ok(items.includes('[LLC_1234].[nhsd_IAPT_care_activities_v0003]'), items.join(', '));
    assert.deepStrictEqual(items, labels(v2, analyseSql(v2), offset));
  });

  it('analyses from scratch a model it did not make', () => {
    const text = 'SELECT r.pathwayid FROM nhsd.IAPT_care_activities_v0003 r';
    const foreign: DocumentModel = { tableRefs: [], columnRefs: [], valueRefs: [], literals: [], completionContext: () => ({ kind: 'none' }) };
    assert.deepStrictEqual(reanalyseSql(foreign, text, 0).columnRefs.map((r) => r.name), ['pathwayid']);
  });
});
