import * as assert from 'assert';
import { analyseSql } from '../../../server/src/languages/sql/analyse';
import { caret } from '../../helpers';

const refs = (sql: string): string[] =>
  analyseSql(sql).columnRefs.map((r) => (r.qualifier ? `${r.qualifier}.${r.name}` : r.name));

describe('SQL analyser', () => {
  it('finds column references in every clause, not keywords, functions or types', () => {
    const sql = `SELECT r.pathwayid, COUNT(*) AS n, CAST(phq9_firstscore AS int) x, DATEDIFF(day, a.d1, a.d2)
      FROM t r JOIN u a ON a.pathwayid = r.pathwayid
      WHERE r.endcode IN ('46', '47') AND servdischdate IS NOT NULL
      GROUP BY r.pathwayid HAVING SUM(x2) > 1 ORDER BY n DESC`;
    assert.deepStrictEqual(refs(sql), [
      'a.pathwayid', 'r.pathwayid', 'r.pathwayid', 'phq9_firstscore', 'a.d1', 'a.d2', 'r.endcode', 'servdischdate', 'r.pathwayid', 'x2', 'n',
    ]);
  });

  it('ignores strings and comments, handles escapes, N strings, nested comments and brackets', () => {
    const sql = `/* outer /* inner */ still comment SELECT bad */
      SELECT [my col], "other col", N'it''s', 'x' -- SELECT nope
      FROM [LLC_1234].[nhsd_IAPT_care_activities_v0003]`;
    const model = analyseSql(sql);
    assert.deepStrictEqual(model.columnRefs.map((r) => r.name), ['my col', 'other col']);
    assert.deepStrictEqual(model.tableRefs.map((t) => t.parts), [['LLC_1234', 'nhsd_IAPT_care_activities_v0003']]);
    assert.deepStrictEqual(model.literals.map((l) => l.value), ["it's", 'x']);
  });

  it('reads a named window (SQL Server 2022 WINDOW clause) as no column, but its PARTITION BY and ORDER BY as columns', () => {
    const sql = `SELECT a.pathwayid, ROW_NUMBER() OVER w AS n, LAG(a.carecontdate) OVER (w ORDER BY a.apptype) AS prev
      FROM t a WINDOW w AS (PARTITION BY a.pathwayid ORDER BY a.carecontdate), w2 AS (w)
      ORDER BY n`;
    assert.deepStrictEqual(refs(sql), ['a.pathwayid', 'a.carecontdate', 'a.apptype', 'a.pathwayid', 'a.carecontdate', 'n']);
  });

  it('records coded-value comparisons with = and IN', () => {
    const model = analyseSql(`SELECT 1 FROM t WHERE endcode = '46' AND gender NOT IN ('1', '2') AND x <> 3`);
    assert.deepStrictEqual(model.valueRefs.map((v) => `${v.column.name}=${v.value}`), ['endcode=46', 'gender=1', 'gender=2', 'x=3']);
  });

  it('does not report CTEs, temp tables and table variables as table references', () => {
    const sql = `WITH a AS (SELECT pathwayid FROM nhsd.IAPT_care_activities_v0003), b (p) AS (SELECT pathwayid FROM a)
      SELECT * INTO #tmp FROM b;
      DECLARE @t TABLE (id int, name varchar(10));
      SELECT * FROM #tmp JOIN @t ON 1 = 1`;
    assert.deepStrictEqual(analyseSql(sql).tableRefs.map((t) => t.parts.join('.')), ['nhsd.IAPT_care_activities_v0003']);
  });

  it('splits statements on GO and ; and without separators', () => {
    const sql = 'SELECT a FROM t\nGO\nSELECT b FROM u; SELECT c FROM v\nSELECT d FROM w';
    const model = analyseSql(sql);
    assert.deepStrictEqual(model.tableRefs.map((t) => t.parts[0]), ['t', 'u', 'v', 'w']);
    const scopes = model.columnRefs.map((r) => r.scope.bindings.map((b) => b.name).join());
    assert.deepStrictEqual(scopes, ['t', 'u', 'v', 'w']);
  });

  it('gives subqueries their own scope with the outer query as parent', () => {
    const model = analyseSql('SELECT a FROM t x WHERE EXISTS (SELECT 1 FROM u y WHERE y.id = x.id)');
    const inner = model.columnRefs.find((r) => r.qualifier === 'x');
    assert.ok(inner);
    assert.deepStrictEqual(inner.scope.bindings.map((b) => b.name), ['y']);
    assert.deepStrictEqual(inner.scope.parent?.bindings.map((b) => b.name), ['x']);
  });

  it('never throws and terminates on broken input', () => {
    for (const sql of ["SELECT '", 'SELECT [', 'SELECT "', '/*', 'SELECT (((', 'FROM', 'WITH', 'WITH a AS (', ')))', 'SELECT a. FROM', 'UPDATE', 'INSERT INTO', 'CREATE TABLE', 'SELECT * FROM t WHERE a IN (', '\u0000\ud800']) {
      analyseSql(sql).completionContext(sql.length);
    }
  });
});

describe('SQL completion context', () => {
  const ctx = (fixture: string) => {
    const { text, offset } = caret(fixture);
    return analyseSql(text).completionContext(offset);
  };

  it('expects a table after FROM, JOIN, INTO, UPDATE and FROM-list commas', () => {
    for (const f of ['SELECT * FROM |', 'SELECT * FROM t JOIN |', 'SELECT * FROM t LEFT OUTER JOIN ca| ON', 'SELECT * FROM a, |', 'INSERT INTO |', 'UPDATE |', 'SELECT * FROM [LLC_1234].[|', 'SELECT * FROM nhsd.|']) {
      assert.strictEqual(ctx(f).kind, 'table', f);
    }
  });

  it('knows the schema typed before the table', () => {
    const c = ctx('SELECT * FROM [LLC_1234].[nhsd_IA|');
    assert.ok(c.kind === 'table');
    assert.deepStrictEqual(c.typed?.parts, ['LLC_1234']);
    assert.strictEqual(c.prefix, 'nhsd_IA');
    assert.strictEqual(c.quoted, true);
  });

  it('expects a column in the select list, WHERE and after alias.', () => {
    const c = ctx('SELECT r.| FROM t r');
    assert.ok(c.kind === 'column');
    assert.strictEqual(c.qualifier, 'r');
    assert.deepStrictEqual(c.scope.bindings.map((b) => b.name), ['r']);
    const d = ctx('SELECT a FROM t WHERE ph|');
    assert.ok(d.kind === 'column' && d.prefix === 'ph' && d.qualifier === undefined);
  });

  it('expects a coded value inside the quotes after col = and col IN (', () => {
    const c = ctx("SELECT a FROM t WHERE endcode = '|");
    assert.ok(c.kind === 'value');
    assert.strictEqual(c.column.name, 'endcode');
    assert.strictEqual(c.closed, false);
    const d = ctx("SELECT a FROM t WHERE endcode IN ('46', '4|')");
    assert.ok(d.kind === 'value' && d.prefix === '4' && d.closed);
  });

  it('expects nothing in comments and ordinary strings', () => {
    assert.strictEqual(ctx('SELECT a FROM t -- FROM |').kind, 'none');
    assert.strictEqual(ctx("SELECT 'FROM |' FROM t").kind, 'none');
  });
});
