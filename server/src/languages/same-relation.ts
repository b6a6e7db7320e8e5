// Whether relations made by two analyses of nearly the same text would give the same findings: the same names,
// labels (messages name relations by them), filters, whether the order is known (Stata's ranges read it), and the
// columns a derived column passes through (code lists are found through them). Not where things are written: a relation defined after an edit is the same one moved.
// SQL compares what the statements before a checkpoint defined; Stata what it carries into a command.

import { Binding, ColumnOrigin, DerivedColumn, Relation, Scope, VarlistFilter } from './model';

/** Past this many steps, or this deep, the answer is "not the same", which only costs a full re-check. */
const MAX_STEPS = 20_000;
const MAX_DEPTH = 200;

/** One comparison, whose budget covers every relation it is asked about. */
export class RelationComparison {
  private steps = 0;
  /** Pairs already compared, or being compared: relations can reach themselves through origins. */
  private readonly seen = new Map<object, object>();

  relation(a: Relation, b: Relation, depth = 0): boolean {
    if (a === b) return true;
    if (!this.step(a, b, depth) || a.kind !== b.kind) return false;
    if (this.seen.get(a) === b) return true;
    this.seen.set(a, b);
    if (a.kind === 'catalogue' && b.kind === 'catalogue') return sameStrings(a.name.parts, b.name.parts);
    if (a.kind === 'unknown' && b.kind === 'unknown') return a.label === b.label;
    if (a.kind !== 'derived' || b.kind !== 'derived') return false;
    if (a.label !== b.label || !sameFilter(a.filter, b.filter) || a.unordered !== b.unordered || a.columns.length !== b.columns.length) return false;
    return a.columns.every((c, i) => this.column(c, b.columns[i], depth + 1));
  }

  private step(a: object, b: object, depth: number): boolean {
    return a === b || (++this.steps <= MAX_STEPS && depth <= MAX_DEPTH);
  }

  private column(a: DerivedColumn, b: DerivedColumn, depth: number): boolean {
    if ('star' in a || 'star' in b) return 'star' in a && 'star' in b && this.relation(a.star, b.star, depth);
    return a.name === b.name && this.origin(a.origin, b.origin, depth);
  }

  private origin(a: ColumnOrigin | undefined, b: ColumnOrigin | undefined, depth: number): boolean {
    if (!a || !b) return a === b;
    return a.name === b.name && a.qualifier === b.qualifier && this.scope(a.scope, b.scope, depth + 1);
  }

  private scope(a: Scope | undefined, b: Scope | undefined, depth: number): boolean {
    if (a === b) return true;
    if (!a || !b || !this.step(a, b, depth)) return false;
    if (this.seen.get(a) === b) return true;
    this.seen.set(a, b);
    if (a.caseSensitive !== b.caseSensitive || a.abbreviations !== b.abbreviations || a.bindings.length !== b.bindings.length) return false;
    return a.bindings.every((x, i) => this.binding(x, b.bindings[i], depth + 1)) && this.scope(a.parent, b.parent, depth + 1);
  }

  private binding(a: Binding, b: Binding, depth: number): boolean {
    return a.name === b.name && sameStrings(a.altNames ?? [], b.altNames ?? []) && this.relation(a.relation, b.relation, depth);
  }
}

function sameFilter(a: VarlistFilter | undefined, b: VarlistFilter | undefined): boolean {
  if (!a || !b) return a === b;
  return a.mode === b.mode && a.abbreviations === b.abbreviations && a.exact === b.exact && sameStrings(a.names, b.names);
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
