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
