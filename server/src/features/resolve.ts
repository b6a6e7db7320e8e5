// Resolves what a document model refers to against the catalogue: which columns a relation has,
// and what a column reference names. Shared by completion, hover, diagnostics and definition.

import { Catalogue, CatalogueColumn, TableMatch } from '../catalogue/index';
import { Table } from '../catalogue/model';
import { Binding, ColumnOrigin, ColumnRef, NamedColumn, Relation, Scope } from '../languages/model';
import { applyVarlistFilter, matchVarlistName } from '../languages/stata/varlist';

export interface KnownColumn {
  name: string;
  /** Set when the column comes from a catalogue table. */
  catalogue?: CatalogueColumn;
  /** Set when the column is defined by the script (CTE, derived table, temp table, alias). */
  derived?: { relation: Relation; column: NamedColumn };
}

export interface RelationColumns {
  columns: KnownColumn[];
  /** False when some columns cannot be known (a table outside the catalogue, a table function...). */
  complete: boolean;
  /**
   * `columns` as the lists it was concatenated from, for look-ups: a CTE of `SELECT r.*, ... AS rn` shares the
   * catalogue table's list (indexed once) instead of indexing its own copy of 150 names.
   */
  parts?: KnownColumn[][];
}

/** Beyond this many parts a look-up scans one flat list instead (a long chain of Stata `generate`s). */
const MAX_PARTS = 8;

const flatten = (parts: KnownColumn[][]): KnownColumn[] => (parts.length === 1 ? parts[0] : ([] as KnownColumn[]).concat(...parts));

/**
 * Columns kept as their parts, the flat list made only when something reads it (completion, a Stata abbreviation
 * or wildcard): look-ups go through the parts, and a do-file of 10,000 generates would otherwise make a list of
 * all the columns before each one (50 million entries).
 */
class Concatenated implements RelationColumns {
  private flat: KnownColumn[] | undefined;

  constructor(
    readonly parts: KnownColumn[][],
    readonly complete: boolean,
  ) {}

  get columns(): KnownColumn[] {
    return (this.flat ??= flatten(this.parts));
  }
}

/**
 * How deep relations may nest before the resolver answers "incomplete". Cycles are caught by the cache;
 * this only bounds the stack. A Stata do-file nests one relation per keep / drop / rename, so it is generous.
 */
const MAX_DEPTH = 1000;

export type ColumnResolution =
  | { kind: 'found'; column: KnownColumn }
  | { kind: 'missing'; where: string; candidates: () => string[] }
  /** A Stata abbreviation that is a prefix of several variables (a Stata error). */
  | { kind: 'ambiguous'; matches: string[] }
  | { kind: 'uncertain' };

export class Resolver {
  private readonly relationCache = new WeakMap<Relation, RelationColumns>();
  private readonly tableCache = new Map<string, TableMatch | undefined>();
  /** One column list per catalogue table, however many times a script names it. */
  private readonly tableColumns = new Map<Table, KnownColumn[]>();
  /** Name look-up maps per column list: a script has thousands of references to the same few lists. */
  private readonly indexes = new WeakMap<KnownColumn[], { exact: Map<string, KnownColumn>; lower: Map<string, KnownColumn> }>();
  private readonly lookups = new WeakMap<KnownColumn[], number>();

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
    if (depth > MAX_DEPTH) return { columns: [], complete: false };
    this.relationCache.set(relation, { columns: [], complete: false });
    let result: RelationColumns;
    if (relation.kind === 'catalogue') {
      const match = this.table(relation.name.parts);
      result = match ? { columns: this.catalogueColumns(match), complete: true } : { columns: [], complete: false };
    } else if (relation.kind === 'derived') {
      const parts: KnownColumn[][] = [];
      let own: KnownColumn[] | undefined;
      let complete = true;
      for (const c of relation.columns) {
        if ('star' in c) {
          const inner = this.columnsOf(c.star, depth + 1);
          parts.push(...(inner.parts ?? [inner.columns]));
          own = undefined;
          complete &&= inner.complete;
        } else {
          const column: KnownColumn = { name: c.name, derived: { relation, column: c }, catalogue: this.originColumn(c.origin, depth + 1) };
          if (!own) parts.push((own = []));
          own.push(column);
        }
      }
      // Stata keep / drop, R's columns removed by name: applied here because only the resolver knows the columns.
      const f = relation.filter;
      if (f?.exact) {
        const names = new Set(f.names);
        result = { columns: flatten(parts).filter((c) => names.has(c.name) === (f.mode === 'keep')), complete };
      } else if (f) result = { columns: applyVarlistFilter(flatten(parts), f.mode, f.names, { caseSensitive: true, abbreviations: f.abbreviations }), complete };
      else if (parts.length <= MAX_PARTS) result = new Concatenated(parts, complete);
      else result = { columns: flatten(parts), complete };
    } else {
      result = { columns: [], complete: false };
    }
    this.relationCache.set(relation, result);
    return result;
  }

  private catalogueColumns(match: TableMatch): KnownColumn[] {
    let columns = this.tableColumns.get(match.table);
    if (!columns) {
      // With the columns other catalogues add to the table, each documented by its own catalogue.
      columns = this.catalogue.columnsOf(match).map((c) => ({ name: c.column.name, catalogue: c }));
      this.tableColumns.set(match.table, columns);
    }
    return columns;
  }

  /** The catalogue column a pass-through column ultimately comes from. */
  private originColumn(origin: ColumnOrigin | undefined, depth: number): KnownColumn['catalogue'] {
    if (!origin || depth > MAX_DEPTH) return undefined;
    const res = this.resolveIn(origin.scope, origin.name, origin.qualifier, depth);
    return res.kind === 'found' ? res.column.catalogue : undefined;
  }

  resolve(ref: ColumnRef): ColumnResolution {
    if (ref.pattern) {
      const { columns, complete } = this.expand(ref);
      if (columns.length > 0) return { kind: 'found', column: columns[0] };
      const where = this.visibleColumns(ref.scope);
      if (!complete || where.length === 0) return { kind: 'uncertain' };
      return { kind: 'missing', where: where.map((w) => this.label(w.binding.relation)).join(', '), candidates: () => [] };
    }
    return this.resolveIn(ref.scope, ref.name, ref.qualifier, 0);
  }

  /** The columns a Stata wildcard pattern names, and whether every column it could name is known. */
  expand(ref: ColumnRef): { columns: KnownColumn[]; complete: boolean } {
    const columns: KnownColumn[] = [];
    let complete = true;
    for (let s: Scope | undefined = ref.scope; s; s = s.parent) {
      for (const b of s.bindings) {
        const cols = this.columnsOf(b.relation);
        const m = matchVarlistName(cols.columns, ref.name, { caseSensitive: s.caseSensitive, abbreviations: false });
        if (m.kind !== 'none') columns.push(...m.columns);
        complete &&= cols.complete;
      }
    }
    return { columns, complete };
  }

  private resolveIn(scope: Scope, name: string, qualifier: string | undefined, depth: number): ColumnResolution {
    if (qualifier !== undefined) {
      const binding = this.binding(scope, qualifier);
      if (!binding) return { kind: 'uncertain' };
      const cols = this.columnsOf(binding.relation, depth);
      const found = this.findIn(cols, name, scope.caseSensitive);
      if (found) return { kind: 'found', column: found };
      if (!cols.complete) return { kind: 'uncertain' };
      return { kind: 'missing', where: this.label(binding.relation), candidates: () => cols.columns.filter(offered).map((c) => c.name) };
    }
    let certain = true;
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      for (const b of s.bindings) {
        const cols = this.columnsOf(b.relation, depth);
        const found = this.findIn(cols, name, s.caseSensitive);
        if (found) return { kind: 'found', column: found };
        if (s.abbreviations) {
          const m = matchVarlistName(cols.columns, name, { caseSensitive: s.caseSensitive, abbreviations: true });
          // With unknown columns, a unique prefix among the known ones may still be ambiguous: say nothing.
          if (m.kind === 'found') return { kind: 'found', column: m.columns[0] };
          if (m.kind === 'ambiguous' && cols.complete) return { kind: 'ambiguous', matches: m.columns.map((c) => c.name) };
        }
        if (!cols.complete) certain = false;
      }
    }
    // A query with no FROM (SELECT 1 AS x) has nothing to check against.
    if (!certain || scope.bindings.length === 0) return { kind: 'uncertain' };
    // Only now, for the rare missing name, list what the innermost scope offers instead.
    const candidates = (): string[] => scope.bindings.flatMap((b) => this.columnsOf(b.relation, depth).columns.filter(offered).map((c) => c.name));
    return { kind: 'missing', where: scope.bindings.map((b) => this.label(b.relation)).join(', '), candidates };
  }

  /** How a message names a relation: a catalogue table by its catalogue name. */
  label(relation: Relation): string {
    if (relation.kind === 'catalogue') {
      const match = this.table(relation.name.parts);
      if (match) {
        const ids = [...new Set([match.dataset.id, ...this.catalogue.additionsTo(match).map((a) => a.dataset.id)])];
        return `${match.table.name} (${ids.join(' and ')} catalogue${ids.length > 1 ? 's' : ''})`;
      }
    }
    return relationLabel(relation);
  }

  binding(scope: Scope, qualifier: string): Binding | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const cs = s.caseSensitive;
      const eq = (a: string | undefined): boolean => a !== undefined && (cs ? a === qualifier : sameIgnoringCase(a, qualifier));
      for (const b of s.bindings) {
        if (eq(b.name) || (b.altNames !== undefined && b.altNames.some(eq))) return b;
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

  /** The first column of that name, as a scan of `cols.columns` would find it. */
  private findIn(cols: RelationColumns, name: string, caseSensitive: boolean): KnownColumn | undefined {
    if (!cols.parts) return this.find(cols.columns, name, caseSensitive);
    for (const part of cols.parts) {
      const found = this.find(part, name, caseSensitive);
      if (found) return found;
    }
    return undefined;
  }

  private find(columns: KnownColumn[], name: string, caseSensitive: boolean): KnownColumn | undefined {
    let index = this.indexes.get(columns);
    if (!index) {
      // Short lists searched a few times (a CTE's, a derived table's) are cheaper to scan than to index.
      const seen = (this.lookups.get(columns) ?? 0) + 1;
      this.lookups.set(columns, seen);
      if (seen < 8 && columns.length < 32) {
        if (caseSensitive) return columns.find((c) => c.name === name);
        return columns.find((c) => sameIgnoringCase(c.name, name));
      }
      index = { exact: new Map(), lower: new Map() };
      for (const c of columns) {
        // The first column of a name wins, as a linear search would find it.
        if (!index.exact.has(c.name)) index.exact.set(c.name, c);
        const key = c.name.toLowerCase();
        if (!index.lower.has(key)) index.lower.set(key, c);
      }
      this.indexes.set(columns, index);
    }
    return caseSensitive ? index.exact.get(name) : index.lower.get(name.toLowerCase());
  }
}

/** Case-insensitive equality without allocating: most names are ASCII and differ in length or early on. */
function sameIgnoringCase(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x > 127 || y > 127) return a.toLowerCase() === b.toLowerCase();
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

/**
 * One resolver per catalogue. Its caches are keyed by the relations themselves (weakly), which analysers never
 * change once a model is made, so they stay valid across versions: an incremental analysis keeps the relations
 * of the unchanged statements, and their columns are not worked out again.
 */
const resolvers = new WeakMap<Catalogue, Resolver>();
export function resolverFor(catalogue: Catalogue): Resolver {
  let resolver = resolvers.get(catalogue);
  if (!resolver) {
    resolver = new Resolver(catalogue);
    resolvers.set(catalogue, resolver);
  }
  return resolver;
}

/** Unconfirmed catalogue columns are documented but never offered. */
export function offered(c: KnownColumn): boolean {
  return !c.catalogue?.column.unconfirmed;
}

export function relationLabel(relation: Relation): string {
  if (relation.kind === 'catalogue') return relation.name.parts[relation.name.parts.length - 1];
  return relation.label;
}
