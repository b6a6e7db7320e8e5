import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Hover } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnostics } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { grainFindings } from '../../server/src/features/linkage';
import { analyseSql } from '../../server/src/languages/sql/analyse';
import { analyserFor, languageOfFile } from '../../server/src/languages/registry';
import { caret, sqlDoc } from '../helpers';
import { iaptCatalogue, REPO } from '../iapt';

const REF = 'nhsd.IAPT_demographics_and_referral_v0003';
const ACT = 'nhsd.IAPT_care_activities_v0003';
const ASSESS = 'nhsd.IAPT_coded_scored_assessments_v0003';

function hoverAt(fixture: string): string | undefined {
  const { text, offset } = caret(fixture);
  const h: Hover | undefined = hover(sqlDoc(text), analyseSql(text), iaptCatalogue(), offset);
  return h ? (h.contents as { value: string }).value : undefined;
}

const grains = (sql: string): string[] => grainFindings(analyseSql(sql), iaptCatalogue()).map((g) => sql.slice(g.span.start, g.span.end) + ': ' + g.message);

describe('linkage: join keys and grain', () => {
  describe('the SQL analyser records joins and aggregates', () => {
    it('keeps the ON keyword and each column = column equality, bracketed names included', () => {
      const model = analyseSql(`SELECT COUNT(DISTINCT r.pathwayid), SUM(a.x) OVER (PARTITION BY r.pathwayid) FROM ${REF} r JOIN [nhsd].[IAPT_care_activities_v0003] a ON [r].[pathwayid] = a.pathwayid AND a.carecontdate > '2020-01-01' GROUP BY r.gender`);
      const shape = model.queries?.find((q) => q.joins.length > 0);
      assert.strictEqual(shape?.joins.length, 1);
      assert.deepStrictEqual(shape?.joins[0].equalities.map((e) => [e.left.qualifier, e.left.name, e.right.qualifier, e.right.name]), [['r', 'pathwayid', 'a', 'pathwayid']]);
      assert.strictEqual(shape?.groupBy, true);
      // The windowed SUM is no aggregate of the query.
      assert.deepStrictEqual(shape?.aggregates.map((a) => [a.name, a.distinct]), [['COUNT', true]]);
    });
  });

  describe('hover on a join', () => {
    it('on ON: joins on keys, same key on both sides, with the grains', () => {
      const text = hoverAt(`SELECT 1 FROM ${REF} r JOIN ${ACT} a O|N a.pathwayid = r.pathwayid`);
      assert.match(text ?? '', /\*\*Joins on keys\*\*/);
      assert.match(text ?? '', /`pathwayid` \(referral\) = `pathwayid` \(referral\) ✓/);
      assert.match(text ?? '', /IAPT_care_activities one row per \*\*activity\*\* \(INFERRED\); IAPT_demographics_and_referral one row per \*\*referral\*\* \(INFERRED\)/);
    });

    it('on a join column: its documentation, then the join check', () => {
      const text = hoverAt(`SELECT 1 FROM ${REF} r JOIN ${ACT} a ON a.pathwayid = r.cohort|key_e`);
      assert.match(text ?? '', /^\*\*cohortkey_e\*\*/);
      assert.match(text ?? '', /⚠ different keys: a referral is not a person/);
    });

    it('warns when a side is not a key column', () => {
      const text = hoverAt(`SELECT 1 FROM ${REF} r JOIN ${ACT} a O|N a.carecontdate = r.referralrequestreceiveddate`);
      assert.match(text ?? '', /not every side is a matching key/);
      assert.match(text ?? '', /`carecontdate` \(not a key\)/);
    });
  });

  describe('grain-mismatch', () => {
    it('reports SUM of a referral column over referrals joined with activities', () => {
      const found = grains(`SELECT r.gender, SUM(r.treatmentcarecontact_count) FROM ${REF} r JOIN ${ACT} a ON a.pathwayid = r.pathwayid GROUP BY r.gender`);
      assert.strictEqual(found.length, 1);
      assert.match(found[0], /^SUM: SUM\(treatmentcarecontact_count\) aggregates IAPT_demographics_and_referral \(one row per referral\) joined with IAPT_care_activities \(one row per activity\)/);
    });

    it('reports COUNT of a referral column with assessments joined', () => {
      assert.strictEqual(grains(`SELECT COUNT(r.pathwayid) FROM ${REF} r LEFT JOIN ${ASSESS} s ON s.pathwayid = r.pathwayid`).length, 1);
    });

    it('is silent when the count is DISTINCT, is COUNT(*), uses MIN/MAX, is windowed, or the finer table was aggregated first', () => {
      const silent = [
        `SELECT COUNT(DISTINCT r.pathwayid) FROM ${REF} r JOIN ${ACT} a ON a.pathwayid = r.pathwayid`,
        `SELECT r.gender, COUNT(*) FROM ${REF} r JOIN ${ACT} a ON a.pathwayid = r.pathwayid GROUP BY r.gender`,
        `SELECT MAX(r.treatmentcarecontact_count) FROM ${REF} r JOIN ${ACT} a ON a.pathwayid = r.pathwayid`,
        `SELECT SUM(r.treatmentcarecontact_count) OVER (PARTITION BY r.pathwayid) FROM ${REF} r JOIN ${ACT} a ON a.pathwayid = r.pathwayid`,
        `SELECT SUM(a.n) FROM ${REF} r JOIN (SELECT pathwayid, COUNT(*) AS n FROM ${ACT} GROUP BY pathwayid) a ON a.pathwayid = r.pathwayid`,
        `WITH a AS (SELECT pathwayid, COUNT(*) AS n FROM ${ACT} GROUP BY pathwayid) SELECT SUM(r.treatmentcarecontact_count) FROM ${REF} r JOIN a ON a.pathwayid = r.pathwayid`,
        `SELECT SUM(r.treatmentcarecontact_count) FROM ${REF} r`,
      ];
      for (const sql of silent) assert.deepStrictEqual(grains(sql), [], sql);
    });

    it('is off by default and at information level when on', () => {
      const sql = `SELECT SUM(r.treatmentcarecontact_count) FROM ${REF} r JOIN ${ACT} a ON a.pathwayid = r.pathwayid`;
      const doc = sqlDoc(sql);
      assert.deepStrictEqual(diagnostics(doc, analyseSql(sql), iaptCatalogue()), []);
      const on = diagnostics(doc, analyseSql(sql), iaptCatalogue(), { enable: true, severity: 'error', grainMismatch: true });
      assert.deepStrictEqual(on.map((d) => [d.code, d.severity]), [['grain-mismatch', 3]]);
    });

    it('reports it in SQL inside R strings (pasted pieces too) and Stata exec() strings, at the function name in the script', () => {
      const sql = `SELECT SUM(r.treatmentcarecontact_count) FROM ${REF} r JOIN ${ACT} a ON a.pathwayid = r.pathwayid`;
      const scripts: [string, string][] = [
        ['r', `ref <- sqlQuery(conn, "${sql}")\n`],
        ['r', `q <- paste0("SELECT SUM(r.treatmentcarecontact_count) ", "FROM ${REF} r JOIN ${ACT} a ON a.pathwayid = r.pathwayid")\nref <- dbGetQuery(con, q)\n`],
        ['stata', `odbc load, exec("${sql}") dsn(LLC_DB) clear\n`],
      ];
      for (const [language, text] of scripts) {
        const found = grainFindings((analyserFor(language) as NonNullable<ReturnType<typeof analyserFor>>).analyse(text), iaptCatalogue());
        assert.deepStrictEqual(found.map((g) => text.slice(g.span.start, g.span.end)), ['SUM'], text);
        assert.match(found[0].message, /joined with IAPT_care_activities/);
      }
      // A table name that is interpolated is not known: nothing is said.
      const pasted = `ref <- dbGetQuery(con, paste0("SELECT SUM(r.treatmentcarecontact_count) FROM ", tbl, " r JOIN ${ACT} a ON a.pathwayid = r.pathwayid"))\n`;
      assert.deepStrictEqual(grainFindings((analyserFor('r') as NonNullable<ReturnType<typeof analyserFor>>).analyse(pasted), iaptCatalogue()), []);
    });

    it('checks the join keys on hover in SQL inside an R string', () => {
      const { text, offset } = caret(`ref <- sqlQuery(conn, "SELECT 1 FROM ${REF} r JOIN ${ACT} a O|N a.pathwayid = r.cohortkey_e")\n`);
      const doc = TextDocument.create('file:///x.R', 'r', 1, text);
      const h = hover(doc, (analyserFor('r') as NonNullable<ReturnType<typeof analyserFor>>).analyse(text), iaptCatalogue(), offset);
      assert.match((h?.contents as { value: string } | undefined)?.value ?? '', /⚠ different keys: a referral is not a person/);
    });

    it('reports nothing on the example scripts', () => {
      const dirs = ['examples/sql', 'examples/r', 'examples/stata'];
      for (const dir of dirs) {
        for (const name of fs.readdirSync(path.join(REPO, dir))) {
          const file = path.join(REPO, dir, name);
          const analyser = analyserFor(languageOfFile(file) ?? '');
          if (!analyser) continue;
          assert.deepStrictEqual(grainFindings(analyser.analyse(fs.readFileSync(file, 'utf8')), iaptCatalogue()), [], file);
        }
      }
    });
  });
});
