// What the R analyser knows about a value: a data frame's columns (as a Relation), whether it is a
// data.table, its dplyr groups, and for ggplot objects the plot's data.

import { ColumnRef, DerivedColumn, NamedColumn, Relation, Scope } from '../model';

export interface Frame {
  rel: Relation;
  /** data.table: `dt[i, j, by]` evaluates i, j and by among the columns. */
  dt?: boolean;
  /** Grouping columns (group_by); 'unknown' when they cannot be known. */
  groups?: NamedColumn[] | 'unknown';
}

/** What evaluating an expression gives: a data frame, a column reference, a ggplot's data. */
export interface Val {
  frame?: Frame;
  col?: ColumnRef;
  plot?: Frame;
}

/** Data masking: bare names are columns of these frames (dplyr verbs, with(), aes(), dt[i, j]). */
export class Mask {
  private looseScope?: Scope;

  /** `scope`: the scope of names that can only be columns (a typo is reported). */
  constructor(readonly frames: Frame[], readonly scope: Scope) {}

  /** Scope of names that may also be R variables: never reported. Made on first use: most masks never need it. */
  get loose(): Scope {
    this.looseScope ??= {
      bindings: [...this.frames.map((f) => ({ name: undefined, relation: f.rel })), { name: undefined, relation: unknownRel('R variable') }],
      span: this.scope.span,
      caseSensitive: true,
    };
    return this.looseScope;
  }
}

export const unknownRel = (label: string): Relation => ({ kind: 'unknown', label });

export function derived(label: string, columns: DerivedColumn[]): Relation {
  return { kind: 'derived', label, columns };
}

/**
 * The frame's columns and more: `mutate(new = ...)`. The new columns come first: a name is found at its first
 * column, so one assigned anew (`mutate(endcode = if_else(...))`) hides the column it replaces and with it that
 * column's catalogue code list. It keeps one only through its origin (passed through or renamed).
 */
export function extend(f: Frame, label: string, extra: DerivedColumn[]): Frame {
  if (extra.length === 0) return f;
  // Spelt out rather than spread: this runs for every verb of every pipeline, and a spread is slow while cold.
  return { rel: derived(label, extra.concat([{ star: f.rel }])), dt: f.dt, groups: f.groups };
}

/**
 * The frame without the columns of these names (renamed away, deselected, set to NULL): every column of a name
 * goes, one made anew and the one it hides alike. Complete exactly when the frame is: where other columns may
 * exist, the removed ones are still not among the columns known.
 */
export function without(f: Frame, label: string, names: string[]): Frame {
  if (names.length === 0) return f;
  const rel: Relation = { kind: 'derived', label, columns: [{ star: f.rel }], filter: { mode: 'drop', names, abbreviations: false, exact: true } };
  return { rel, dt: f.dt, groups: f.groups };
}

/** One frame or the other (a branch that may not have run): the columns of both, those of `b` found first. */
export function either(a: Frame, b: Frame, label: string): Frame {
  return { rel: derived(label, [{ star: b.rel }, { star: a.rel }]), dt: a.dt || b.dt, groups: a.groups === b.groups ? a.groups : 'unknown' };
}

/** Same columns, but some may exist that the analyser cannot name: never diagnosed. */
export function incomplete(f: Frame | undefined, label: string): Frame {
  const columns: DerivedColumn[] = f ? [{ star: f.rel }] : [];
  columns.push({ star: unknownRel(label) });
  return { dt: f?.dt, rel: derived(label, columns), groups: 'unknown' };
}

/**
 * What may have happened to the values of a relation's columns, for value checks: a property of the relation
 * object, which is never changed once made, so it holds in every analysis that shares the object.
 */
export const Values = {
  /**
   * Read by RODBC without `as.is = TRUE` (sqlQuery, sqlFetch): type.convert turned each character column whose
   * values all look like numbers into numbers ('01' into 1), or not, as the data happened to be.
   */
  Converted: 1,
  /** Changed in ways not followed (mutate(across(starts_with("phq"), f)) may recompute any column). */
  Recomputed: 2,
} as const;

const marks = new WeakMap<Relation, number>();

/** Marks a frame just made (its relation is its own) with what may have happened to its values. */
export function markValues(f: Frame, values: number): Frame {
  marks.set(f.rel, (marks.get(f.rel) ?? 0) | values);
  return f;
}

/** Beyond this depth the column is taken as marked with everything (its values are then not checked strictly). */
const MAX_DEPTH = 1000;
const ALL = Values.Converted | Values.Recomputed;

/**
 * What may have happened to the values of the column a reference names (`Values`, or 0): the marks of the
 * relations it is found through, reached through pass-through columns (renames) and the columns of frames made
 * from them, up to a column of the name made anew, which hides the rest. Where the search cannot tell whether a
 * relation has the name (a catalogue table, an unknown relation), it goes on, and a marked one it cannot see
 * into may have it: at worst a value is checked leniently, or not at all.
 */
export function valuesOf(ref: Pick<ColumnRef, 'name' | 'scope' | 'qualifier'>): number {
  return inScope(ref.scope, ref.name, ref.qualifier, 0) ?? 0;
}

/** The marks the column was found through, or undefined when it was not found. */
function inScope(scope: Scope, name: string, qualifier: string | undefined, depth: number): number | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    for (const b of s.bindings) {
      if (qualifier !== undefined && b.name !== qualifier && !b.altNames?.includes(qualifier)) continue;
      const r = inRelation(b.relation, name, depth, 0);
      if (r !== undefined) return r;
    }
  }
  return undefined;
}

function inRelation(rel: Relation, name: string, depth: number, above: number): number | undefined {
  const mine = above | (marks.get(rel) ?? 0);
  // Relations that reach no mark are not searched: at worst a name they hold is not seen to hide a marked one.
  if (mine === 0 && !reaches(rel)) return undefined;
  if (depth > MAX_DEPTH) return ALL;
  if (rel.kind !== 'derived') return mine === 0 ? undefined : mine;
  for (const c of rel.columns) {
    if ('star' in c) {
      const r = inRelation(c.star, name, depth + 1, mine);
      if (r !== undefined) return r;
    } else if (c.name === name) {
      return mine | (c.origin ? (inScope(c.origin.scope, c.origin.name, c.origin.qualifier, depth + 1) ?? 0) : 0);
    }
  }
  return undefined;
}

/** Whether a marked relation is among the relations a relation is made of (through stars and column origins). */
const reached = new WeakMap<Relation, boolean>();

function reaches(root: Relation): boolean {
  const known = reached.get(root);
  if (known !== undefined) return known;
  // Walked with a stack of its own: a pipeline of thousands of verbs nests as deep. A relation met again while
  // open (a recursive CTE of embedded SQL, which never reaches an R result) counts as not reaching one.
  const open = new Set<Relation>();
  const stack: { rel: Relation; parts: Relation[]; next: number; found: boolean }[] = [];
  const push = (rel: Relation): void => {
    open.add(rel);
    stack.push({ rel, parts: partsOf(rel), next: 0, found: marks.has(rel) });
  };
  push(root);
  for (;;) {
    const top = stack[stack.length - 1];
    if (!top.found && top.next < top.parts.length) {
      const part = top.parts[top.next++];
      const k = reached.get(part);
      if (k !== undefined) top.found = k;
      else if (!open.has(part)) push(part);
      continue;
    }
    stack.pop();
    reached.set(top.rel, top.found);
    if (stack.length === 0) return top.found;
    if (top.found) stack[stack.length - 1].found = true;
  }
}

function partsOf(rel: Relation): Relation[] {
  if (rel.kind !== 'derived') return [];
  const out: Relation[] = [];
  for (const c of rel.columns) {
    if ('star' in c) out.push(c.star);
    else if (c.origin) for (let s: Scope | undefined = c.origin.scope; s; s = s.parent) for (const b of s.bindings) out.push(b.relation);
  }
  return out;
}
