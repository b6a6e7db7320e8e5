// sameAsSql in the cases random edits (../same-as.test.ts) rarely reach: a temp table that later statements read,
// and a GO whose line changed.

import * as assert from 'assert';
import { findings, findingsAgainst } from '../../../server/src/features/diagnostics';
import { analyseSql, baseOfSql, reanalyseSql, sameAsSql } from '../../../server/src/languages/sql/analyse';
import { iaptCatalogue } from '../../iapt';

describe('languages/sql sameAsSql', function () {
  this.timeout(120000);
  it('is not the same after an edit to a temp table that later statements read', () => {
    const catalogue = iaptCatalogue();
    const before = [
      'SELECT r.pathwayid, r.phq9_firstscore INTO #t FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r;',
      'SELECT t.phq9_firstscore FROM #t t;',
      'SELECT t.gad_firstscore FROM #t t;',
      '',
    ].join('\n');
    const base = analyseSql(before);
    const after = before.replace('r.phq9_firstscore INTO', 'r.gad_firstscore INTO');
    const at = before.indexOf('r.phq9_firstscore INTO');
    const model = reanalyseSql(base, after, at);
    assert.strictEqual(sameAsSql(model, baseOfSql(base), at), undefined);
    // While an edit that defines nothing is the same from the next statement on.
    const typo = before.replace('SELECT t.phq9_firstscore', 'SELECT t.phq9_firstscorex');
    const at2 = before.indexOf('t.phq9_firstscore');
    const found = sameAsSql(reanalyseSql(base, typo, at2), baseOfSql(base), at2);
    assert.ok(found && found.to > at2 && found.to <= typo.indexOf('SELECT t.gad'), `same from ${found?.to}`);
    assert.deepStrictEqual(findingsAgainst(findings(base, catalogue), found!, catalogue), findings(analyseSql(typo), catalogue));
  });

  it('is the same after an edit above a SELECT INTO that leaves the temp table as it was', () => {
    // Each parse makes its own relations for what it reads again: they must count as the same when they resolve
    // every column alike, or no temp-table script would ever get early diagnostics.
    const catalogue = iaptCatalogue();
    const block = (i: number): string =>
      [
        `SELECT r.pathwayid, r.endcode, r.phq9_firstscore AS first${i} INTO #t${i} FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r WHERE r.endcode IN ('46');`,
        // A bad column, a bad code (it reaches the catalogue through the temp table's origin) and a good one.
        `SELECT t.nosuch${i}, t.first${i} FROM #t${i} t WHERE t.endcode = '99' AND t.pathwayid IS NOT NULL;`,
      ].join('\n');
    const before = Array.from({ length: 30 }, (_, i) => block(i)).join('\n') + '\n';
    const base = analyseSql(before);
    const baseFindings = findings(base, catalogue);
    assert.strictEqual(baseFindings.filter((f) => f.code === 'unknown-column').length, 30, JSON.stringify(baseFindings.slice(0, 3)));
    assert.ok(baseFindings.some((f) => f.code !== 'unknown-column'), 'the code finding comes through the origin');
    const edits: { from: string; to: string; same: boolean }[] = [
      { from: "IN ('46')", to: "IN ('46', '47')", same: true },
      { from: 'r.phq9_firstscore AS first2', to: 'r.phq9_firstscore  AS first2', same: true },
      // The temp table's column comes from another column, or it has one column fewer.
      { from: 'r.phq9_firstscore AS first2', to: 'r.gad_firstscore AS first2', same: false },
      { from: 'r.endcode, r.phq9_firstscore AS first2', to: 'r.phq9_firstscore AS first2', same: false },
    ];
    for (const edit of edits) {
      const at = before.indexOf(edit.from, before.indexOf('#t1 t'));
      const after = before.slice(0, at) + edit.to + before.slice(at + edit.from.length);
      const found = sameAsSql(reanalyseSql(base, after, at), baseOfSql(base), at);
      if (!edit.same) {
        assert.strictEqual(found, undefined, `${edit.to}: same from ${found?.to}`);
        continue;
      }
      assert.ok(found && found.to <= after.indexOf('SELECT t.nosuch2'), `${edit.to}: same from ${found?.to}`);
      assert.deepStrictEqual(findingsAgainst(baseFindings, found, catalogue), findings(analyseSql(after), catalogue));
    }
  });

  it('is not the same from a GO whose line changed before it (GO separates batches only alone on its line)', () => {
    const catalogue = iaptCatalogue();
    const rest = Array.from({ length: 40 }, (_, i) => `SELECT r.nosuch${i} FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r;`).join('\n');
    const a = `SELECT 1 AS a;\nSELECT 1 AS x; GO\n(SELECT r.pathwayid FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r WHERE r.zz = 1\n${rest}\n`;
    const b = a.replace('x; GO', 'x;\nGO');
    for (const [from, to] of [[a, b], [b, a]]) {
      const base = analyseSql(from);
      const at = from.indexOf('x;') + 2;
      const model = reanalyseSql(base, to, at);
      const found = sameAsSql(model, baseOfSql(base), at);
      const expected = findings(analyseSql(to), catalogue);
      if (found) assert.deepStrictEqual(findingsAgainst(findings(base, catalogue), found, catalogue), expected);
    }
  });
});
