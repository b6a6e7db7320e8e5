import * as assert from 'assert';
import { define, Definitions, lookupOf, sameDefinitions, sameNames } from '../../server/src/languages/definitions';
import { Relation } from '../../server/src/languages/model';
import { analyseSqlQuery } from '../../server/src/languages/sql/analyse';

/** The relation a query's result set is, as the SQL analyser makes it: a new object for every parse. */
const resultOf = (sql: string): Relation => ({ kind: 'derived', label: 'result', columns: analyseSqlQuery(sql).resultColumns ?? [] });
const Q = 'SELECT r.pathwayid, r.endcode FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r';

/** Links for [name, query or undefined for a removal], oldest first, on top of `base`. */
const chain = (base: Definitions | undefined, links: [string, string | undefined][]): Definitions | undefined =>
  links.reduce<Definitions | undefined>((prev, [name, sql]) => define(prev, name, sql === undefined ? undefined : resultOf(sql)), base);

describe('languages/definitions', () => {
  it('looks up the newest definition of each name, without the removed ones', () => {
    const defs = chain(undefined, [['#a', Q], ['#b', Q], ['#a', `${Q} WHERE 1 = 1`], ['#b', undefined], ['#c', Q]]);
    const lookup = lookupOf(defs);
    assert.deepStrictEqual([...lookup.keys()].sort(), ['#a', '#c']);
    assert.strictEqual(lookup.get('#a'), defs?.prev?.prev?.relation, 'the second definition of #a');
  });

  it('is the same past a shared prefix when the links made again resolve alike', () => {
    const shared = chain(undefined, [['#a', Q], ['#b', Q]]);
    const again = (): Definitions | undefined => chain(shared, [['#c', Q], ['#b', undefined]]);
    assert.ok(sameDefinitions(again(), again()));
    assert.ok(sameNames(again(), again()));
  });

  it('is not the same when a name, a relation, a removal or the order differs', () => {
    const shared = chain(undefined, [['#a', Q]]);
    const mine = chain(shared, [['#c', Q], ['#b', undefined]]);
    for (const theirs of [
      chain(shared, [['#d', Q], ['#b', undefined]]),
      chain(shared, [['#c', Q.replace('r.endcode', 'r.servdischdate')], ['#b', undefined]]),
      chain(shared, [['#c', Q], ['#b', Q]]),
      chain(shared, [['#b', undefined], ['#c', Q]]),
      chain(shared, [['#c', Q]]),
    ]) {
      assert.ok(!sameDefinitions(mine, theirs));
    }
  });
});
