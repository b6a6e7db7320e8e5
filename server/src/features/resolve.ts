// Resolves what a document model refers to against the catalogue: which columns a relation has,
// and what a column reference names. Shared by completion, hover, diagnostics and definition.

import { Catalogue, TableMatch } from '../catalogue/index';
import { Column, Dataset, Table } from '../catalogue/model';
import { Binding, ColumnOrigin, ColumnRef, NamedColumn, Relation, Scope } from '../languages/model';

export interface KnownColumn {
  name: string;
  /** Set when the column comes from a catalogue table. */
  catalogue?: { dataset: Dataset; table: Table; column: Column };
  /** Set when the column is defined by the script (CTE, derived table, temp table, alias). */
  derived?: { relation: Relation; column: NamedColumn };
}

export interface RelationColumns {
  columns: KnownColumn[];
  /** False when some columns cannot be known (a table outside the catalogue, a table function...). */
  complete: boolean;
}

export type ColumnResolution =
  | { kind: 'found'; column: KnownColumn }
  | { kind: 'missing'; where: string; candidates: string[] }
  | { kind: 'uncertain' };

export class Resolver {
  private readonly relationCache = new Map<Relation, RelationColumns>();
  private readonly tableCache = new Map<string, TableMatch | undefined>();

  constructor(readonly catalogue: Catalogue) {}

  table(parts: string[]): TableMatch | undefined {
    const key = parts.join('\u0000').toLowerCase();
    if (!this.tableCache.has(key)) this.tableCache.set(key, this.catalogue.resolveTable(parts));
    return this.tableCache.get(key);
  }

  columnsOf(relation: Relation, depth = 0): RelationColumns {
    const cached = this.relationCache.get(relation);
    if (cached) return cached;
    // A recursive CTE refers to itself: answer "incomplete" while it is being computed.
    if (depth > 30) return { columns: [], complete: false };
    this.relationCache.set(relation, { columns: [], complete: false });
    let result: RelationColumns;
    if (relation.kind === 'catalogue') {
      const match = this.table(relation.name.parts);
      result = match
        ? { columns: match.table.columns.map((column) => ({ name: column.name, catalogue: { dataset: match.dataset, table: match.table, column } })), complete: true }
        : { columns: [], complete: false };
    } else if (relation.kind === 'derived') {
      const columns: KnownColumn[] = [];
      let complete = true;
      for (const c of relation.columns) {
        if ('star' in c) {
          const inner = this.columnsOf(c.star, depth + 1);
          columns.push(...inner.columns);
          complete &&= inner.complete;
        } else {
          columns.push({ name: c.name, derived: { relation, column: c }, catalogue: this.originColumn(c.origin, depth + 1) });
        }
      }
      result = { columns, complete };
    } else {
      result = { columns: [], complete: false };
    }
    this.relationCache.set(relation, result);
    return result;
  }

  /** The catalogue column a pass-through column ultimately comes from. */
  private originColumn(origin: ColumnOrigin | undefined, depth: number): KnownColumn['catalogue'] {
    if (!origin || depth > 30) return undefined;
    const res = this.resolveIn(origin.scope, origin.name, origin.qualifier, depth);
    return res.kind === 'found' ? res.column.catalogue : undefined;
  }

  resolve(ref: ColumnRef): ColumnResolution {
    return this.resolveIn(ref.scope, ref.name, ref.qualifier, 0);
  }

  private resolveIn(scope: Scope, name: string, qualifier: string | undefined, depth: number): ColumnResolution {
    if (qualifier !== undefined) {
      const binding = this.binding(scope, qualifier);
      if (!binding) return { kind: 'uncertain' };
      const cols = this.columnsOf(binding.relation, depth);
      const found = this.find(cols.columns, name, scope.caseSensitive);
      if (found) return { kind: 'found', column: found };
      if (!cols.complete) return { kind: 'uncertain' };
      return { kind: 'missing', where: this.label(binding.relation), candidates: cols.columns.filter(offered).map((c) => c.name) };
    }
    let certain = true;
    let innermost: { where: string[]; candidates: string[] } | undefined;
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const where: string[] = [];
      const candidates: string[] = [];
      for (const b of s.bindings) {
        const cols = this.columnsOf(b.relation, depth);
        const found = this.find(cols.columns, name, s.caseSensitive);
        if (found) return { kind: 'found', column: found };
        if (!cols.complete) certain = false;
        where.push(this.label(b.relation));
        candidates.push(...cols.columns.filter(offered).map((c) => c.name));
      }
      innermost ??= { where, candidates };
    }
    // A query with no FROM (SELECT 1 AS x) has nothing to check against.
    if (!certain || !innermost || innermost.where.length === 0) return { kind: 'uncertain' };
    return { kind: 'missing', where: innermost.where.join(', '), candidates: innermost.candidates };
  }

  /** How a message names a relation: a catalogue table by its catalogue name. */
  label(relation: Relation): string {
    if (relation.kind === 'catalogue') {
      const match = this.table(relation.name.parts);
      if (match) return `${match.table.name} (${match.dataset.id} catalogue)`;
    }
    return relationLabel(relation);
  }

  binding(scope: Scope, qualifier: string): Binding | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const cs = s.caseSensitive;
      const eq = (a: string | undefined): boolean => a !== undefined && (cs ? a === qualifier : a.toLowerCase() === qualifier.toLowerCase());
      for (const b of s.bindings) {
        if (eq(b.name) || b.altNames?.some(eq)) return b;
      }
    }
    return undefined;
  }

  /** All columns visible unqualified at a scope (innermost first), and whether that list is complete. */
  visibleColumns(scope: Scope): { binding: Binding; columns: KnownColumn[] }[] {
    const out: { binding: Binding; columns: KnownColumn[] }[] = [];
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      for (const b of s.bindings) out.push({ binding: b, columns: this.columnsOf(b.relation).columns });
    }
    return out;
  }

  private find(columns: KnownColumn[], name: string, caseSensitive: boolean): KnownColumn | undefined {
    if (caseSensitive) return columns.find((c) => c.name === name);
    const lower = name.toLowerCase();
    return columns.find((c) => c.name.toLowerCase() === lower);
  }
}

/** Unconfirmed catalogue columns are documented but never offered. */
export function offered(c: KnownColumn): boolean {
  return !c.catalogue?.column.unconfirmed;
}

export function relationLabel(relation: Relation): string {
  if (relation.kind === 'catalogue') return relation.name.parts[relation.name.parts.length - 1];
  return relation.label;
}
