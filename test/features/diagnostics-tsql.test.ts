import * as assert from 'assert';
import { findings } from '../../server/src/features/diagnostics';
import { analyseSql } from '../../server/src/languages/sql/analyse';
import { iaptCatalogue } from '../iapt';

// T-SQL that analysts write in SSMS, each form found flagged wrongly (or left unread) by a review of realistic
// scripts: the findings of each script, as `code:text`.
const find = (sql: string): string[] => findings(analyseSql(sql), iaptCatalogue()).map((f) => `${f.code}:${sql.slice(f.span.start, f.span.end)}`);

const DR = 'nhsd.IAPT_demographics_and_referral_v0003';
const CA = 'nhsd.IAPT_care_activities_v0003';

describe('diagnostics (T-SQL forms of real scripts)', () => {
  it('ALTER TABLE ... ADD keeps the columns a temp table had and adds the new ones', () => {
    const sql = `SELECT r.pathwayid, r.servdischdate INTO #ref FROM ${DR} r;
ALTER TABLE #ref ADD finished bit NOT NULL DEFAULT 0, flag AS (1), CONSTRAINT pk PRIMARY KEY (pathwayid);
ALTER TABLE #ref ALTER COLUMN finished int;
UPDATE #ref SET finished = CASE WHEN servdischdate IS NOT NULL THEN 1 ELSE 0 END;
SELECT pathwayid, finished, flag, finishd FROM #ref;`;
    assert.deepStrictEqual(find(sql), ['unknown-column:finishd']);
    // A table created with no columns known stays unknown; ALTER on a table the script does not define changes nothing.
    assert.deepStrictEqual(find(`ALTER TABLE LLC_1234.mine ADD x int;\nSELECT r.endcod FROM ${DR} r;`), ['unknown-column:endcod']);
  });

  it('ORDER BY after UNION, EXCEPT or INTERSECT names the columns of the first query', () => {
    const sql = `SELECT r.pathwayid, r.referralrequestreceiveddate AS event_date, 'referral' AS event FROM ${DR} r
UNION ALL SELECT a.pathwayid, a.carecontdate, 'contact' FROM ${CA} a
ORDER BY pathwayid, event_date, event, referralrequestreceiveddate, evnt;`;
    assert.deepStrictEqual(find(sql), ['unknown-column:evnt']);
    assert.deepStrictEqual(find(`(SELECT r.pathwayid AS id FROM ${DR} r) EXCEPT (SELECT a.pathwayid FROM ${CA} a) ORDER BY id`), []);
    // The message names what ORDER BY sees: the SELECT list and the query's tables.
    const [message] = findings(analyseSql(`SELECT r.pathwayid AS pid FROM ${DR} r ORDER BY evnt`), iaptCatalogue()).map((f) => f.message);
    assert.strictEqual(message, "Column 'evnt' is not in SELECT list, IAPT_demographics_and_referral (iapt catalogue).");
  });

  it('reads COLLATE, GROUPING SETS, AT TIME ZONE and TRIM(LEADING ... FROM ...) as syntax, not columns', () => {
    assert.deepStrictEqual(find(`SELECT r.pathwayid FROM ${DR} r JOIN ${CA} a ON a.pathwayid = r.pathwayid COLLATE DATABASE_DEFAULT
WHERE r.orgid_provider COLLATE Latin1_General_CI_AS LIKE 'r%' AND r.endcod = '46'`), ['unknown-column:endcod']);
    assert.deepStrictEqual(find(`SELECT r.gender, COUNT(*) AS n FROM ${DR} r GROUP BY GROUPING SETS ((r.gender, r.validated_ethniccategory), (r.gender), ())`), []);
    assert.deepStrictEqual(find(`SELECT CAST(a.carecontdate AS datetime2) AT TIME ZONE 'GMT Standard Time' AS t FROM ${CA} a`), []);
    assert.deepStrictEqual(find(`SELECT TRIM(LEADING '0' FROM a.apptype) AS p, TRIM(BOTH ' ' FROM a.apptyp) AS q FROM ${CA} a`), ['unknown-column:apptyp']);
  });

  it('reads a named window (OVER w, WINDOW w AS (...)) as no column, and checks the columns its definition names', () => {
    const sql = `SELECT a.pathwayid, ROW_NUMBER() OVER w AS n, LAG(a.carecontdate) OVER (w ORDER BY a.apptype) AS prev FROM ${CA} a
WINDOW w AS (PARTITION BY a.pathwayid ORDER BY a.carecontdat), w2 AS (w)
ORDER BY n, prev`;
    assert.deepStrictEqual(find(sql), ['unknown-column:carecontdat']);
  });

  it('reads :name, ?name and $name bind parameters (notebooks, SQLAlchemy, DBI), SQLCMD $(name) variables, template holes {name} and $action as values, not columns', () => {
    assert.deepStrictEqual(find(`SELECT r.pathwayid FROM ${DR} r WHERE r.endcode = :code AND r.gender = :g AND r.endcod = '46'`), ['unknown-column:endcod']);
    assert.deepStrictEqual(find(`SELECT r.pathwayid FROM ${DR} r WHERE r.referralrequestreceiveddate >= $(start_date) AND r.endcod = '46'`), ['unknown-column:endcod']);
    // DBI's sqlInterpolate ?name.
    assert.deepStrictEqual(find(`SELECT r.pathwayid FROM ${DR} r WHERE r.endcode = ?code AND r.endcod = '46'`), ['unknown-column:endcod']);
    // ipython-sql's $name, and T-SQL's own $action.
    assert.deepStrictEqual(find(`SELECT r.pathwayid FROM ${DR} r WHERE r.endcode = $code AND r.endcod = '46'`), ['unknown-column:endcod']);
    assert.deepStrictEqual(find(`MERGE #out AS t USING (SELECT r.pathwayid FROM ${DR} r) AS s ON t.pathwayid = s.pathwayid
WHEN NOT MATCHED THEN INSERT (pathwayid) VALUES (s.pathwayid) OUTPUT $action, inserted.pathwayid;`), []);
    // Template holes ({code}, {{code}}: ipython-sql, jupysql) and ODBC escapes are values, or unknown tables.
    assert.deepStrictEqual(find(`SELECT r.pathwayid FROM ${DR} r WHERE r.endcode = {code} AND r.gender = {{g}} AND r.endcod = '46'`), ['unknown-column:endcod']);
    assert.deepStrictEqual(find(`SELECT t.anything FROM {{tbl}} t WHERE t.x = {fn CURDATE()}`), []);
    assert.deepStrictEqual(find(`SELECT r.pathwayid FROM ${DR} r WHERE r.referralrequestreceiveddate >= {d '2024-01-01'} AND r.endcod = '46'`), ['unknown-column:endcod']);
    // A table given as a SQLCMD variable is unknown: nothing of it is checked.
    assert.deepStrictEqual(find(`SELECT t.anything FROM $(source_table) t`), []);
    // :: still scopes a name (SCHEMA::dbo), and a typed name after it is read as before.
    assert.deepStrictEqual(find(`GRANT SELECT ON SCHEMA::dbo TO analyst;\nSELECT r.endcod FROM ${DR} r`), ['unknown-column:endcod']);
  });

  it('reads the subquery a statement it does not follow opens with a bracket (IF EXISTS, SET @n =, MERGE USING, RETURN)', () => {
    const sql = `DECLARE @n int;
IF EXISTS (SELECT 1 FROM ${DR} r WHERE r.endcod = '46') PRINT 'x';
IF (SELECT COUNT(*) FROM ${DR} r WHERE r.endcode = '64') > 0 PRINT 'x';
SET @n = (SELECT COUNT(*) FROM ${DR} r WHERE r.endcode = '65');
MERGE #out AS t USING (SELECT r.pathwayid FROM ${DR} r WHERE r.endcode = '66') AS s ON t.pathwayid = s.pathwayid
WHEN NOT MATCHED THEN INSERT (pathwayid) VALUES (s.pathwayid);
GO
CREATE FUNCTION dbo.f () RETURNS TABLE AS
RETURN (SELECT r.endcde FROM ${DR} r);`;
    assert.deepStrictEqual(find(sql), ['unknown-column:endcod', 'invalid-value:64', 'invalid-value:65', 'invalid-value:66', 'unknown-column:endcde']);
  });

  it('reads on after a subquery among the arguments of a table function', () => {
    // The subquery's closing bracket closed the call too: the rest of the statement was read from inside it.
    assert.deepStrictEqual(find(`SELECT r.pathwayid FROM dbo.fn((SELECT 1), 2) x JOIN ${DR} r ON 1 = 1 WHERE r.endcod = '46'`), ['unknown-column:endcod']);
  });

  it('takes #temp.column as the temp table\'s column', () => {
    const sql = `CREATE TABLE #emp_labels (pathwayid varchar(100), employstatus varchar(40));
SELECT r.pathwayid FROM ${DR} r JOIN #emp_labels ON #emp_labels.pathwayid = r.pathwayid
WHERE #emp_labels.employstatus = 'Employed' AND #emp_labels.gender = '1';`;
    assert.deepStrictEqual(find(sql), ['unknown-column:gender']);
  });

  it('compares a number with codes as SQL Server does (as numbers), and strings ignoring case (its default collation)', () => {
    assert.deepStrictEqual(find(`SELECT COUNT(*) FROM ${CA} a WHERE a.consmediumused = 1 OR a.consmediumused IN (2, 10, 7) OR a.consmediumused = 'o1'`), [
      'invalid-value:7',
      'invalid-value:o1',
    ]);
    assert.deepStrictEqual(find(`SELECT COUNT(*) FROM ${DR} r WHERE r.disabcode = 'zz' OR r.disabcode = 'zy'`), ['invalid-value:zy']);
  });

  it('checks no codes against a UNION column whose later queries give other values', () => {
    const sql = `WITH u AS (SELECT r.pathwayid, r.employmentstatus_first AS emp, r.endcode FROM ${DR} r
  UNION ALL SELECT x.pathwayid, 'UNK', x.endcode FROM #manual_review x)
SELECT u.pathwayid FROM u WHERE u.emp = 'UNK' AND u.endcode = '99' AND u.endcod = '46';`;
    // endcode is endcode in both queries: its codes still apply.
    assert.deepStrictEqual(find(sql), ['invalid-value:99', 'unknown-column:endcod']);
  });

  it('knows the views a script creates', () => {
    const sql = `CREATE VIEW LLC_1234.IAPT_referrals_latest AS
SELECT r.pathwayid, r.endcode FROM LLC_1234.nhsd_IAPT_demographics_and_referral_v0003 r;
GO
SELECT v.pathwayid, v.endcod FROM LLC_1234.IAPT_referrals_latest v;
GO
CREATE OR ALTER VIEW dbo.v2 (id) AS WITH c AS (SELECT r.pathwayid FROM ${DR} r) SELECT c.pathwayid FROM c;
GO
SELECT id, pathwayid FROM dbo.v2;`;
    assert.deepStrictEqual(find(sql), ['unknown-column:endcod', 'unknown-column:pathwayid']);
  });

  it('does not take a blank string for a code', () => {
    assert.deepStrictEqual(find(`SELECT COUNT(*) FROM ${DR} r WHERE r.endcode <> '' AND r.endcode <> ' ' AND r.endcode NOT IN ('', '99')`), ['invalid-value:99']);
  });

  it('reads a query whose select list has WITHIN GROUP (...)', () => {
    const sql = `SELECT a.pathwayid, STRING_AGG(a.apptype, ',') WITHIN GROUP (ORDER BY a.carecontdate) AS seq FROM ${CA} a
WHERE a.consmediumused = '77' AND a.carecontdat >= '2021-04-01' GROUP BY a.pathwayid;
SELECT DISTINCT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY r.treatmentcarecontact_count) OVER (PARTITION BY r.orgid_provider) AS med
FROM ${DR} r WHERE r.endcode = '64';`;
    assert.deepStrictEqual(find(sql), ['invalid-value:77', 'unknown-column:carecontdat', 'invalid-value:64']);
  });

  it('reads a table hint without WITH, t (NOLOCK), as a hint', () => {
    assert.deepStrictEqual(find(`SELECT a.pathwayid FROM ${CA} a (NOLOCK) WHERE a.consmediumused = '77'`), ['invalid-value:77']);
    assert.deepStrictEqual(find(`SELECT pathwayid FROM nhsd.IAPT_care_activites_v0003 (NOLOCK, READUNCOMMITTED)`), ['unknown-table:IAPT_care_activites_v0003']);
  });

  it('reads on after an IN list that holds a variable, NULL or a negative number', () => {
    const sql = `DECLARE @src varchar(2) = 'A1';
SELECT r.pathwayid FROM ${DR} r WHERE r.sourceofreferralmh IN ('B1', @src) AND r.endcod = '46';
SELECT r.pathwayid FROM ${DR} r WHERE r.endcode IN ('46', '47', NULL) AND r.endcode = '64';
SELECT r.pathwayid FROM ${DR} r WHERE r.endcode IN (-1, 99, LEFT(r.endcode, 2)) AND r.endcde = '46';`;
    assert.deepStrictEqual(find(sql), ['unknown-column:endcod', 'invalid-value:64', 'invalid-value:99', 'unknown-column:endcde']);
  });

  it("takes 'alias' = expr in a select list as an alias", () => {
    assert.deepStrictEqual(find(`SELECT 'n_referrals' = COUNT(*), r.orgid_provider FROM ${DR} r GROUP BY r.orgid_provider ORDER BY n_referrals DESC`), []);
  });

  it('checks the codes of a simple CASE', () => {
    const sql = `SELECT CASE r.endcode WHEN '46' THEN 'completed' WHEN '64' THEN 'x' ELSE CASE WHEN r.gender = '1' THEN 'a' END END AS s FROM ${DR} r`;
    assert.deepStrictEqual(find(sql), ['invalid-value:64']);
  });
});
