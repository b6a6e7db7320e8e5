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

/** Same columns, but some may exist that the analyser cannot name: never diagnosed. */
export function incomplete(f: Frame | undefined, label: string): Frame {
  const columns: DerivedColumn[] = f ? [{ star: f.rel }] : [];
  columns.push({ star: unknownRel(label) });
  return { dt: f?.dt, rel: derived(label, columns), groups: 'unknown' };
}

/**
 * Results RODBC read without `as.is = TRUE` (sqlQuery, sqlFetch): type.convert turned each character column whose
 * values all look like numbers into numbers ('01' into 1), or not, as the data happened to be. A property of the
 * relation object, which is never changed once made, so it holds in every analysis that shares the object.
 */
const converted = new WeakSet<Relation>();

/** Marks a frame just made of such a result (its relation is its own). */
export function typeConverted(f: Frame): Frame {
  converted.add(f.rel);
  return f;
}

/** Beyond this depth the column is taken as possibly converted (a value is then flagged only if no spelling is a code). */
const MAX_DEPTH = 1000;

/**
 * Whether the column a reference names may hold values converted by type.convert: it is found in such a result,
 * reached through pass-through columns (renames) and the columns of frames made from it, and not hidden by a
 * column of the same name made anew. Where the search cannot tell whether a relation has the name (a catalogue
 * table, an unknown relation), it goes on, and a converted one it cannot see into may have it: at worst a value is
 * checked leniently.
 */
export function mayBeConverted(ref: Pick<ColumnRef, 'name' | 'scope' | 'qualifier'>): boolean {
  return inScope(ref.scope, ref.name, ref.qualifier, 0) === 'converted';
}

type Search = 'converted' | 'found' | 'maybe';

function inScope(scope: Scope, name: string, qualifier: string | undefined, depth: number): Search {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    for (const b of s.bindings) {
      if (qualifier !== undefined && b.name !== qualifier && !b.altNames?.includes(qualifier)) continue;
      const r = inRelation(b.relation, name, depth, false);
      if (r !== 'maybe') return r;
    }
  }
  return 'maybe';
}

function inRelation(rel: Relation, name: string, depth: number, inConverted: boolean): Search {
  const conv = inConverted || converted.has(rel);
  // Relations that reach no converted result are not searched: at worst a name they hold is not seen to hide one.
  if (!conv && !reaches(rel)) return 'maybe';
  if (depth > MAX_DEPTH) return 'converted';
  if (rel.kind !== 'derived') return conv ? 'converted' : 'maybe';
  for (const c of rel.columns) {
    if ('star' in c) {
      const r = inRelation(c.star, name, depth + 1, conv);
      if (r !== 'maybe') return r;
    } else if (c.name === name) {
      if (conv) return 'converted';
      return c.origin && inScope(c.origin.scope, c.origin.name, c.origin.qualifier, depth + 1) === 'converted' ? 'converted' : 'found';
    }
  }
  return 'maybe';
}

/** Whether a converted result is among the relations a relation is made of (through stars and column origins). */
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
    stack.push({ rel, parts: partsOf(rel), next: 0, found: converted.has(rel) });
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
