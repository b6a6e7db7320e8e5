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
