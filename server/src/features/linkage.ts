// Linkage awareness from the catalogue: whether a join condition compares key columns of the same kind, and
// `grain-mismatch` (off by default) for sums and counts that a join to a finer-grained table inflates.

import { Catalogue } from '../catalogue/index';
import { Table } from '../catalogue/model';
import { ColumnRef, DocumentModel, JoinCondition, QueryShape, Scope, Span } from '../languages/model';
import { Resolver, resolverFor } from './resolve';

/** Grains with one row per referral or person, and grains with many rows per referral. */
const COARSE = new Set(['referral', 'person']);
const FINE = new Set(['contact', 'activity', 'assessment']);

const inside = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

/** The join whose ON keyword, or one of whose compared columns, is at the offset. */
export function joinAt(model: DocumentModel, offset: number): { join: JoinCondition; onKeyword: boolean } | undefined {
  for (const shape of model.queries ?? []) {
    for (const join of shape.joins) {
      if (inside(join.on, offset)) return { join, onKeyword: true };
      if (join.equalities.some((e) => inside(e.left.span, offset) || inside(e.right.span, offset))) return { join, onKeyword: false };
    }
  }
  return undefined;
}

/** Markdown: each equality of the join with the key roles of its columns, and the grains it links. */
export function joinDoc(join: JoinCondition, resolver: Resolver): string | undefined {
  if (join.equalities.length === 0) return undefined;
  const lines: string[] = [];
  let allKeys = true;
  for (const { left, right } of join.equalities) {
    const l = keyOf(left, resolver);
    const r = keyOf(right, resolver);
    const side = (ref: ColumnRef, key: string | undefined): string => `\`${ref.name}\` (${key ?? 'not a key'})`;
    const same = !!l && l === r;
    allKeys &&= same;
    const verdict = same ? '✓' : l && r ? `⚠ different keys: a ${l} is not a ${r}` : '⚠ not a key column in the catalogue';
    lines.push(`- ${side(left, l)} = ${side(right, r)} ${verdict}`);
  }
  const head = allKeys ? '**Joins on keys**' : '**Join condition** — not every side is a matching key';
  const grains = joinedGrains(join, resolver);
  return [head, '', ...lines, ...(grains ? ['', grains] : [])].join('\n');
}

function keyOf(ref: ColumnRef, resolver: Resolver): string | undefined {
  const res = resolver.resolve(ref);
  return res.kind === 'found' ? res.column.catalogue?.column.key : undefined;
}

/** "IAPT_demographics_and_referral: one row per referral; IAPT_care_activities: one row per activity". */
function joinedGrains(join: JoinCondition, resolver: Resolver): string | undefined {
  const tables = new Set<Table>();
  for (const { left, right } of join.equalities) {
    for (const ref of [left, right]) {
      const res = resolver.resolve(ref);
      const cat = res.kind === 'found' ? res.column.catalogue : undefined;
      if (cat?.of.grain) tables.add(cat.of);
    }
  }
  if (tables.size < 2) return undefined;
  // The grain's own mark (INFERRED for IAPT's), so that a ✓ above is not read as a verified one row per referral.
  const mark = (t: Table): string => (t.grainProvenance ? ` (${t.grainProvenance.status})` : '');
  return 'Grain: ' + [...tables].map((t) => `${t.name} one row per **${t.grain}**${mark(t)}`).join('; ');
}

export interface GrainFinding {
  span: Span;
  message: string;
}

/**
 * A SUM / AVG / COUNT (not DISTINCT) of a column of a referral- or person-grain table, in a SELECT that also
 * joins a contact-, activity- or assessment-grain catalogue table directly: each coarse row is counted once per
 * fine row. Conservative: COUNT(*) (which may mean to count the fine rows), MIN / MAX, DISTINCT, window functions
 * and tables aggregated in a subquery or CTE first are never reported.
 */
export function grainFindings(model: DocumentModel, catalogue: Catalogue): GrainFinding[] {
  const resolver = resolverFor(catalogue);
  const out: GrainFinding[] = [];
  // (By scope, read once: an R script can hold hundreds of queries among thousands of references.)
  let byScope: Map<Scope, ColumnRef[]> | undefined;
  const refsOf = (scope: Scope): ColumnRef[] => {
    if (!byScope) {
      byScope = new Map();
      for (const ref of model.columnRefs) {
        const list = byScope.get(ref.scope);
        if (list) list.push(ref);
        else byScope.set(ref.scope, [ref]);
      }
    }
    return byScope.get(scope) ?? [];
  };
  for (const shape of model.queries ?? []) {
    if (shape.aggregates.length === 0) continue;
    const fine = directTables(shape.scope, resolver).filter((t) => FINE.has(t.grain?.toLowerCase() ?? ''));
    if (fine.length === 0) continue;
    for (const agg of shape.aggregates) {
      if (agg.distinct) continue;
      const coarse = coarseArgument(shape, agg.call, refsOf(shape.scope), resolver);
      if (!coarse) continue;
      const finer = fine[0];
      out.push({
        span: agg.span,
        message:
          `${agg.name}(${coarse.ref.name}) aggregates ${coarse.table.name} (one row per ${coarse.table.grain}) joined with ${finer.name} (one row per ${finer.grain}): ` +
          `each ${coarse.table.grain} counts once per ${finer.grain}. Aggregate ${finer.name} first (subquery or CTE), or use ${agg.name}(DISTINCT …) if that is what you mean.`,
      });
    }
  }
  return out;
}

/** Catalogue tables bound in the SELECT's own FROM clause (not through derived tables or CTEs). */
function directTables(scope: Scope, resolver: Resolver): Table[] {
  const out: Table[] = [];
  for (const b of scope.bindings) {
    if (b.relation.kind !== 'catalogue') continue;
    const match = resolver.table(b.relation.name.parts);
    if (match) out.push(match.table);
  }
  return out;
}

/** A column argument of the call that belongs to a coarse-grain table bound directly in the SELECT. */
function coarseArgument(shape: QueryShape, call: Span, refs: ColumnRef[], resolver: Resolver): { ref: ColumnRef; table: Table } | undefined {
  const direct = new Set(directTables(shape.scope, resolver));
  for (const ref of refs) {
    if (ref.span.start < call.start || ref.span.end > call.end) continue;
    const res = resolver.resolve(ref);
    // The table the name resolved to: a column another catalogue adds to it is documented in that one's table.
    const table = res.kind === 'found' ? res.column.catalogue?.of : undefined;
    if (table && direct.has(table) && COARSE.has(table.grain?.toLowerCase() ?? '')) return { ref, table };
  }
  return undefined;
}
