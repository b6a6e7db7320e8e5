import * as assert from 'assert';
import { Relation } from '../../server/src/languages/model';
import { RelationComparison } from '../../server/src/languages/same-relation';
import { analyseSqlQuery } from '../../server/src/languages/sql/analyse';

const sameRelation = (a: Relation, b: Relation): boolean => new RelationComparison().relation(a, b);

/** The relation a query's result set is, as the SQL analyser makes it (columns with origins into its scopes). */
const resultOf = (sql: string): Relation => ({ kind: 'derived', label: 'result', columns: analyseSqlQuery(sql).resultColumns ?? [] });

describe('languages/same-relation', () => {
  const query = "SELECT r.pathwayid, r.endcode AS ec, c.careactivityid AS ca FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r JOIN (SELECT x.careactivityid FROM [LLC_1234].[nhsd_IAPT_care_activities_v0003] x) c ON 1 = 1";

  it('two parses of the same query, one moved, are the same relation', () => {
    const a = resultOf(query);
    assert.ok(a.kind === 'derived' && a.columns.length === 3, JSON.stringify(a));
    assert.ok(sameRelation(a, resultOf(`\n\n   ${query}`)));
  });

  it('is not the same when a column, its origin, an alias or a table differs', () => {
    const a = resultOf(query);
    for (const [from, to] of [
      ['r.endcode AS ec', 'r.endcode AS ec2'],
      ['r.endcode AS ec', 'r.servdischdate AS ec'],
      ['r.pathwayid, ', ''],
      ['x.careactivityid', 'x.pathwayid'],
      ['care_activities', 'employment_status'],
      ['r JOIN', 'rr JOIN'],
    ]) {
      assert.ok(query.includes(from));
      assert.ok(!sameRelation(a, resultOf(query.replace(from, to))), `${from} → ${to}`);
    }
  });

  it('ends on relations that reach themselves', () => {
    const cyclic = (name: string): Relation => {
      const rel: Relation & { kind: 'derived' } = { kind: 'derived', label: 'loop', columns: [] };
      rel.columns.push({ star: rel }, { name, origin: { name, scope: { bindings: [{ name: 'l', relation: rel }], span: { start: 0, end: 0 }, caseSensitive: false } } });
      return rel;
    };
    assert.ok(sameRelation(cyclic('a'), cyclic('a')));
    assert.ok(!sameRelation(cyclic('a'), cyclic('b')));
  });
});
