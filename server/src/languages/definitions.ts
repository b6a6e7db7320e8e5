// What a script has defined so far under names (SQL's temp tables, table variables and CREATE TABLE; Stata's
// frames and saved datasets), as a chain that checkpoints share: a definition adds one link, so a checkpoint per
// statement costs nothing, where a map copied on each definition cost the square of their number (4,000 SQL temp
// tables took 4 s to read, 8,000 Stata tempfiles 1.8 s).

import { Relation } from './model';
import { RelationComparison } from './same-relation';

/** The newest definition first; `prev` holds the ones before it. A link without a relation removes its name. */
export interface Definitions {
  readonly name: string;
  readonly relation: Relation | undefined;
  readonly prev: Definitions | undefined;
  readonly count: number;
}

export function define(prev: Definitions | undefined, name: string, relation: Relation | undefined): Definitions {
  return { name, relation, prev, count: (prev?.count ?? 0) + 1 };
}

/** The relation each name stands for: the newest definition of it. */
export function lookupOf(defs: Definitions | undefined): Map<string, Relation> {
  const newestFirst: Definitions[] = [];
  for (let d = defs; d; d = d.prev) newestFirst.push(d);
  const map = new Map<string, Relation>();
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const d = newestFirst[i];
    if (d.relation) map.set(d.name, d.relation);
    else map.delete(d.name);
  }
  return map;
}

/** A chain as the running analysis holds it, with a map of it for look-ups kept in step. */
export class DefinedNames {
  private readonly lookup: Map<string, Relation>;

  constructor(private current: Definitions | undefined = undefined) {
    this.lookup = lookupOf(current);
  }

  /** What a checkpoint keeps: never changed, so checkpoints share it. */
  get chain(): Definitions | undefined {
    return this.current;
  }

  get(name: string): Relation | undefined {
    return this.lookup.get(name);
  }

  /** Defines `name`, or removes it without a relation. */
  set(name: string, relation: Relation | undefined): void {
    this.current = define(this.current, name, relation);
    if (relation) this.lookup.set(name, relation);
    else this.lookup.delete(name);
  }
}

/** The same names defined in the same order (what the script defines matters, not how). */
export function sameNames(a: Definitions | undefined, b: Definitions | undefined): boolean {
  for (; a !== b; a = a.prev, b = b.prev) if (!a || !b || a.count !== b.count || a.name !== b.name) return false;
  return true;
}

/**
 * The same definitions, made by two parses: the links they share are the same, and the others define the same
 * names as relations that resolve every column alike (a temp table read again after an edit above it). `same`
 * is passed in where the caller compares more than one chain, so that one step budget bounds the whole check.
 */
export function sameDefinitions(a: Definitions | undefined, b: Definitions | undefined, same = new RelationComparison()): boolean {
  for (; a !== b; a = a.prev, b = b.prev) {
    if (!a || !b || a.count !== b.count || a.name !== b.name) return false;
    if (a.relation !== b.relation && !(a.relation && b.relation && same.relation(a.relation, b.relation))) return false;
  }
  return true;
}
