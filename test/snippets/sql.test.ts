// Proof by execution: the SQL snippets, resolved with their defaults, run unchanged on SQLite (sql.js)
// over the synthetic tables of cases.ts, and give the answers worked out by hand there.

import * as assert from 'assert';
import { Database } from 'sql.js';
import { DEDUP_EXPECTED, expectedOutcomes, FIRST_LAST_GAD7, FIRST_LAST_PHQ9, FLAG_COLUMNS, FLAG_EXPECTED, GAD7, OUTCOME_COLUMNS, PHQ9, referralRows } from './cases';
import { assertRates, iaptDatabase, query, resolved } from './data';

describe('SQL snippets run on SQLite', () => {
  let db: Database;
  before(async () => {
    db = await iaptDatabase();
  });
  after(() => db.close());

  it('iapt-dedup keeps one row per pathwayid, from its latest extract', () => {
    const rows = query(db, resolved('sql', 'iapt-dedup'));
    assert.strictEqual(referralRows().length, DEDUP_EXPECTED.size + 2, 'the data has two stale extracts');
    assert.deepStrictEqual(new Map(rows.map((r) => [r.pathwayid, r.extractperiod_enddate])), DEDUP_EXPECTED);
    assert.strictEqual(rows.length, DEDUP_EXPECTED.size);
    // The kept row is the whole latest row: P24's latest extract is the finished one.
    assert.strictEqual(rows.find((r) => r.pathwayid === 'P24')?.servdischdate, '2023-06-30');
  });

  it('iapt-first-last-score gives the first and last PHQ-9 score, ordered by date then time', () => {
    const rows = query(db, resolved('sql', 'iapt-first-last-score'));
    assert.deepStrictEqual(Object.keys(rows[0]), ['pathwayid', 'first_score', 'last_score']);
    assert.deepStrictEqual(Object.fromEntries(rows.map((r) => [r.pathwayid, [r.first_score, r.last_score]])), FIRST_LAST_PHQ9);
  });

  it('iapt-first-last-score reads another tool when its SNOMED code is typed in', () => {
    const sql = resolved('sql', 'iapt-first-last-score');
    assert.ok(sql.includes(`'${PHQ9}'`));
    const rows = query(db, sql.replace(`'${PHQ9}'`, `'${GAD7}'`));
    assert.deepStrictEqual(Object.fromEntries(rows.map((r) => [r.pathwayid, [r.first_score, r.last_score]])), FIRST_LAST_GAD7);
  });

  it('iapt-outcomes gives the hand-worked flags for every edge case', () => {
    const rows = query(db, resolved('sql', 'iapt-outcomes'));
    assert.deepStrictEqual(Object.keys(rows[0]), ['pathwayid', ...OUTCOME_COLUMNS]);
    const expected = expectedOutcomes();
    assert.strictEqual(rows.length, expected.size);
    for (const row of rows) {
      const { pathwayid, ...flags } = row;
      assert.deepStrictEqual(flags, expected.get(String(pathwayid)), `outcomes of ${pathwayid}`);
    }
  });

  it('iapt-rates gives the official rates with the official denominators', () => {
    const rows = query(db, resolved('sql', 'iapt-rates'));
    assert.strictEqual(rows.length, 1);
    assertRates(rows[0]);
  });

  it("iapt-outcome-flags reads NHS England's flags as 0/1, gated on finished treatment", () => {
    const rows = query(db, resolved('sql', 'iapt-outcome-flags'));
    assert.deepStrictEqual(Object.keys(rows[0]), ['pathwayid', ...FLAG_COLUMNS]);
    for (const [id, flags] of Object.entries(FLAG_EXPECTED)) {
      const row = rows.find((r) => r.pathwayid === id);
      assert.deepStrictEqual(FLAG_COLUMNS.map((c) => row?.[c]), flags, `flags of ${id}`);
    }
  });
});

// The classic mistakes, each applied to the resolved snippet: the cases must catch every one, or they do
// not test the rule. [snippet, text in the snippet (any run of spaces matches any whitespace), the mistake]
const MUTATIONS: [string, string, string][] = [
  ['iapt-outcomes', 'phq9_first >= 10', 'phq9_first > 10'],
  ['iapt-outcomes', 'gad_first >= 8', 'gad_first > 8'],
  ['iapt-outcomes', 'phq9_last < 10', 'phq9_last <= 10'],
  ['iapt-outcomes', 'gad_last < 8', 'gad_last <= 8'],
  ['iapt-outcomes', 'phq9_first - phq9_last >= 6', 'phq9_first - phq9_last > 6'],
  ['iapt-outcomes', 'gad_first - gad_last >= 4', 'gad_first - gad_last > 4'],
  ['iapt-outcomes', 'phq9_last - phq9_first >= 6', 'phq9_last - phq9_first > 6'],
  ['iapt-outcomes', 'gad_last - gad_first >= 4', 'gad_last - gad_first > 4'],
  ['iapt-outcomes', 'AND improved = 1 AND deteriorated = 0', 'AND improved = 1'],
  ['iapt-outcomes', 'all_scores = 1 AND improved = 1', 'improved = 1'],
  ['iapt-outcomes', 'treatment_contacts >= 2', 'treatment_contacts >= 1'],
  ['iapt-outcomes', 'servdischdate IS NOT NULL AND treatment_contacts', 'treatment_contacts'],
  ['iapt-outcomes', 'CAST(r.phq9_firstscore AS int)', 'r.phq9_firstscore'],
  ['iapt-outcomes', 'ORDER BY r.extractperiod_enddate DESC', 'ORDER BY r.extractperiod_enddate'],
  ['iapt-rates', 'n_recovery / NULLIF(n_finished - n_not_at_caseness, 0)', 'n_recovery / NULLIF(n_finished, 0)'],
  ['iapt-first-last-score', 'a.asstoolcomptime DESC', 'a.asstoolcomptime'],
  ['iapt-first-last-score', "AND a.persscore <> ''", ''],
];

describe('SQL snippet cases catch the classic mistakes', () => {
  let db: Database;
  before(async () => {
    db = await iaptDatabase();
  });
  after(() => db.close());

  for (const [prefix, right, wrong] of MUTATIONS) {
    it(`${prefix}: ${right}  ->  ${wrong || '(removed)'}`, () => {
      const sql = resolved('sql', prefix);
      const pattern = new RegExp(right.split(' ').map(escapeRegExp).join('\\s+'));
      assert.match(sql, pattern, 'the snippet no longer contains this text');
      assert.notDeepStrictEqual(query(db, sql.replace(pattern, wrong)), query(db, sql));
    });
  }
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
