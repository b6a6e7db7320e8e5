// Proof by execution: the R snippets, resolved with their defaults, run in R with dplyr on the synthetic
// tables of cases.ts (the same rows and hand-worked answers as the SQL tests). Their sqlQuery strings run
// on the embedded SQLite database; see r.ts.

import * as assert from 'assert';
import { Database } from 'sql.js';
import { DEDUP_EXPECTED, expectedOutcomes, FIRST_LAST_PHQ9, FLAG_COLUMNS, FLAG_EXPECTED, OUTCOME_COLUMNS, WAIT_EXPECTED } from './cases';
import { assertRates, iaptDatabase, resolved } from './data';
import { requireR, runR } from './r';

const snippet = (prefix: string): string => resolved('r', prefix);
const byId = <T extends { pathwayid?: unknown }>(rows: T[], id: string): T | undefined => rows.find((r) => r.pathwayid === id);

describe('R snippets run in R with dplyr', function () {
  this.timeout(60000);
  let db: Database;
  before(async () => {
    requireR();
    db = await iaptDatabase();
  });
  after(() => db?.close());

  it('iapt-dedup keeps one row per pathwayid, from its latest extract', () => {
    const rows = runR(db, snippet('iapt-dedup'), 'referrals');
    assert.deepStrictEqual(new Map(rows.map((r) => [r.pathwayid, r.extractperiod_enddate])), DEDUP_EXPECTED);
    assert.strictEqual(byId(rows, 'P24')?.servdischdate, '2023-06-30');
  });

  it('iapt-first-last-score gives the first and last PHQ-9 score, ordered by date then time', () => {
    const rows = runR(db, snippet('iapt-first-last-score'), 'first_last');
    assert.deepStrictEqual(Object.keys(rows[0]), ['pathwayid', 'first_score', 'last_score']);
    assert.deepStrictEqual(Object.fromEntries(rows.map((r) => [r.pathwayid, [r.first_score, r.last_score]])), FIRST_LAST_PHQ9);
  });

  it('iapt-outcomes (after iapt-dedup) gives the hand-worked flags for every edge case', () => {
    const rows = runR(db, snippet('iapt-dedup') + '\n' + snippet('iapt-outcomes'), 'outcomes');
    const expected = expectedOutcomes();
    assert.strictEqual(rows.length, expected.size);
    for (const row of rows) {
      const got = Object.fromEntries(OUTCOME_COLUMNS.map((c) => [c, row[c]]));
      assert.deepStrictEqual(got, expected.get(String(row.pathwayid)), `outcomes of ${row.pathwayid}`);
    }
    // The referral's own columns are kept and the working columns are dropped.
    assert.ok('cohortkey_e' in rows[0]);
    assert.ok(!('all_scores' in rows[0]) && !('improved' in rows[0]));
  });

  it('iapt-rates (after iapt-dedup and iapt-outcomes) gives the official rates with the official denominators', () => {
    const rows = runR(db, [snippet('iapt-dedup'), snippet('iapt-outcomes'), snippet('iapt-rates')].join('\n'), 'rates');
    assert.strictEqual(rows.length, 1);
    assertRates(rows[0]);
  });

  it("iapt-outcome-flags reads NHS England's flags as 0/1, gated on finished treatment", () => {
    const rows = runR(db, snippet('iapt-dedup') + '\n' + snippet('iapt-outcome-flags'), 'outcome_flags');
    for (const [id, flags] of Object.entries(FLAG_EXPECTED)) {
      assert.deepStrictEqual(FLAG_COLUMNS.map((c) => byId(rows, id)?.[c]), flags, `flags of ${id}`);
    }
  });

  it('iapt-waiting-times counts calendar days to first assessment and first treatment', () => {
    const rows = runR(db, snippet('iapt-dedup') + '\n' + snippet('iapt-waiting-times'), 'waits');
    for (const [id, days] of Object.entries(WAIT_EXPECTED)) {
      const row = byId(rows, id);
      assert.deepStrictEqual([row?.days_to_first_assessment, row?.days_to_first_treatment], days, `waits of ${id}`);
    }
  });

  it('iapt-link joins the scored assessments to their referral on pathwayid and cohortkey_e', () => {
    const rows = runR(db, snippet('iapt-dedup') + '\n' + snippet('iapt-link'), 'linked');
    // Every assessment row (both extracts of P04 included) finds its one referral.
    assert.strictEqual(rows.length, 24);
    assert.strictEqual(rows.filter((r) => r.pathwayid === 'P04').length, 4);
    assert.ok(rows.every((r) => r.cohortkey_e === 'K' + String(r.pathwayid).slice(1) && r.referralrequestreceiveddate !== undefined));
    assert.ok(!('cohortkey_e.x' in rows[0]) && !('pathwayid.y' in rows[0]));
  });
});
