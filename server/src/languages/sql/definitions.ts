// The tables a script has defined so far (temp tables, table variables, CREATE TABLE, SELECT ... INTO), as a
// chain that checkpoints share: a definition adds one link, so a checkpoint per statement costs nothing, where a
// map copied on each definition cost the square of the number of temp tables (4,000 took 4 s to read).

import { Relation } from '../model';
import { RelationComparison } from '../same-relation';

/** The newest definition first; `prev` holds the ones before it. */
export interface Definitions {
  readonly name: string;
  readonly relation: Relation;
  readonly prev: Definitions | undefined;
  readonly count: number;
}

export function define(prev: Definitions | undefined, name: string, relation: Relation): Definitions {
  return { name, relation, prev, count: (prev?.count ?? 0) + 1 };
}

/** The relation each name stands for: the newest definition of it. */
export function lookupOf(defs: Definitions | undefined): Map<string, Relation> {
  const newestFirst: Definitions[] = [];
  for (let d = defs; d; d = d.prev) newestFirst.push(d);
  const map = new Map<string, Relation>();
  for (let i = newestFirst.length - 1; i >= 0; i--) map.set(newestFirst[i].name, newestFirst[i].relation);
  return map;
}

/** The same names defined in the same order (what the script defines matters, not how). */
export function sameNames(a: Definitions | undefined, b: Definitions | undefined): boolean {
  for (; a !== b; a = a.prev, b = b.prev) if (!a || !b || a.count !== b.count || a.name !== b.name) return false;
  return true;
}

/**
 * The same definitions, made by two parses: the links they share are the same, and the others define the same
 * names as relations that resolve every column alike (a temp table read again after an edit above it).
 */
export function sameDefinitions(a: Definitions | undefined, b: Definitions | undefined): boolean {
  // One comparison for the whole chain, so that its step budget bounds the whole check.
  const same = new RelationComparison();
  for (; a !== b; a = a.prev, b = b.prev) {
    if (!a || !b || a.count !== b.count || a.name !== b.name || !same.relation(a.relation, b.relation)) return false;
  }
  return true;
}
