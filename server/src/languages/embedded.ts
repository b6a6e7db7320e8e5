// SQL embedded in another language's strings (R's sqlQuery("..."), Stata's odbc load, exec("...")).
// The host analyser hands over the literal pieces of the query with the host offset of every character;
// interpolated parts (paste0 arguments, glue {x}, macros) are holes. The SQL is analysed as one virtual text,
// and every span is mapped back to the host document. Anything that touches a hole is dropped, so an
// interpolated part never causes a diagnostic.

import { CompletionContext, DerivedColumn, DocumentModel, NameRef, Relation, Scope, Span } from './model';
import { analyseSqlQuery } from './sql/analyse';

/**
 * Characters of a query as written in the host. Most strings have no escapes, and then character i is at host
 * offset `start + i`: no per-character offsets, since a script can hold thousands of queries. A string with
 * escapes gives the host span of every character (`starts`, `ends`, same length as `text`).
 */
export type LiteralPiece = { kind: 'literal'; text: string } & ({ start: number } | { starts: ArrayLike<number>; ends: ArrayLike<number> });

export type SqlPiece = LiteralPiece | { kind: 'hole'; span: Span };

/** A piece for a string whose content has no escapes. */
export function plainPiece(text: string, start: number): LiteralPiece {
  return { kind: 'literal', text, start };
}

/** The host offset where character i of a literal piece starts. */
export function charStart(p: LiteralPiece, i: number): number {
  return 'start' in p ? p.start + i : p.starts[i];
}

/** The host offset just after character i of a literal piece. */
export function charEnd(p: LiteralPiece, i: number): number {
  return 'start' in p ? p.start + i + 1 : p.ends[i];
}

/** The lowest and highest host offsets a literal piece covers. */
export function pieceExtent(p: LiteralPiece): Span {
  if ('start' in p) return { start: p.start, end: p.start + p.text.length };
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < p.starts.length; i++) {
    start = Math.min(start, p.starts[i]);
    end = Math.max(end, p.ends[i]);
  }
  return { start, end };
}

export interface EmbeddedSql {
  model: DocumentModel;
  /** Columns of the query's result set, when it has one. */
  resultColumns?: DerivedColumn[];
  /** Host spans the SQL covers (the literal pieces). */
  covers(offset: number): boolean;
}

// A hole reads as a number: never a name, so it cannot become a table or column reference.
const HOLE = ' 0 ';

export function analyseEmbeddedSql(pieces: SqlPiece[]): EmbeddedSql {
  // The virtual text, and where each piece starts in it.
  let text = '';
  const at: number[] = [];
  const holes: Span[] = [];
  for (const piece of pieces) {
    at.push(text.length);
    if (piece.kind === 'hole') holes.push({ start: text.length, end: text.length + HOLE.length });
    text += piece.kind === 'literal' ? piece.text : HOLE;
  }
  const length = text.length;
  /** The piece that holds virtual offset v (0 <= v < length). */
  const pieceAt = (v: number): number => {
    let lo = 0;
    let hi = at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (at[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Every character of a hole maps to the whole hole.
  const hostStart = (v: number): number => {
    const k = pieceAt(v);
    const p = pieces[k];
    return p.kind === 'hole' ? p.span.start : charStart(p, v - at[k]);
  };
  const hostEndOf = (v: number): number => {
    const k = pieceAt(v);
    const p = pieces[k];
    return p.kind === 'hole' ? p.span.end : charEnd(p, v - at[k]);
  };
  const { model: inner, scopes, resultColumns } = analyseSqlQuery(text);
  const touchesHole = (s: Span): boolean => holes.some((h) => s.start < h.end && h.start < s.end);
  const hostEnd = length ? hostEndOf(length - 1) : 0;
  const map = (s: Span): Span => {
    const start = s.start < length ? hostStart(s.start) : hostEnd;
    const end = s.end > s.start ? hostEndOf(Math.min(s.end, length) - 1) : start;
    return { start, end };
  };
  const mapName = (n: NameRef): NameRef => ({ parts: n.parts, partSpans: n.partSpans.map(map), span: map(n.span) });

  /** Maps the spans of a parse's scopes, relations and result columns to the host, in place (references share them). */
  const mapInPlace = (scopes: Scope[], resultColumns: DerivedColumn[] | undefined): void => {
    const seen = new Set<object>();
    const mapRelation = (r: Relation): void => {
      if (seen.has(r)) return;
      seen.add(r);
      if (r.kind === 'catalogue') r.name = mapName(r.name);
      if (r.kind === 'derived') {
        if (r.definedAt) r.definedAt = map(r.definedAt);
        r.columns.forEach(mapColumn);
      }
    };
    const mapColumn = (c: DerivedColumn): void => {
      if (seen.has(c)) return;
      seen.add(c);
      if ('star' in c) mapRelation(c.star);
      else if (c.span) c.span = map(c.span);
    };
    for (const scope of scopes) {
      if (seen.has(scope)) continue;
      seen.add(scope);
      scope.span = map(scope.span);
      for (const b of scope.bindings) mapRelation(b.relation);
    }
    resultColumns?.forEach(mapColumn);
  };
  mapInPlace(scopes, resultColumns);

  const model: DocumentModel = {
    tableRefs: inner.tableRefs.filter((t) => !touchesHole(t.span)).map(mapName),
    columnRefs: inner.columnRefs
      .filter((c) => !touchesHole(c.span) && !(c.qualifierSpan && touchesHole(c.qualifierSpan)))
      .map((c) => ({ ...c, span: map(c.span), qualifierSpan: c.qualifierSpan && map(c.qualifierSpan) })),
    valueRefs: inner.valueRefs.filter((v) => !touchesHole(v.span) && !touchesHole(v.column.span)).map((v) => ({ ...v, span: map(v.span) })),
    literals: inner.literals.filter((l) => !touchesHole(l.span)).map((l) => ({ ...l, span: map(l.span) })),
    completionContext: (hostOffset) => {
      const v = toVirtual(hostOffset);
      if (v === undefined) return { kind: 'none' };
      // The parse itself is not kept (a script holds thousands of queries, and only the one at the caret is ever
      // asked): read this small query again. Its context, found by virtual offsets, then gets host spans.
      const again = analyseSqlQuery(text);
      const ctx = mapContext(again.model.completionContext(v), map, mapName);
      mapInPlace(again.scopes, again.resultColumns);
      return ctx;
    },
  };

  // Most carets are nowhere near the query: answer those at once. (Pieces of a query held in variables can
  // come from anywhere in the script, so take the extremes, not the ends.)
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (const p of pieces) {
    const extent = p.kind === 'hole' ? p.span : pieceExtent(p);
    lowest = Math.min(lowest, extent.start);
    highest = Math.max(highest, extent.end);
  }
  /** Whether the character after a piece's last one (virtual offset v) starts at the host offset too. */
  const startsAt = (v: number, hostOffset: number): boolean => v < length && hostStart(v) === hostOffset;
  /**
   * The virtual offset of a caret at a host offset inside (or at the end of) a literal piece: the first
   * character that starts there, or the end of one that ends there when the next does not start there.
   */
  function toVirtual(hostOffset: number): number | undefined {
    if (hostOffset < lowest || hostOffset > highest) return undefined;
    for (let k = 0; k < pieces.length; k++) {
      const p = pieces[k];
      if (p.kind === 'hole') continue;
      const a = at[k];
      const n = p.text.length;
      if ('start' in p) {
        if (hostOffset >= p.start && hostOffset < p.start + n) return a + hostOffset - p.start;
        if (hostOffset === p.start + n && n > 0 && !startsAt(a + n, hostOffset)) return a + n;
        continue;
      }
      for (let i = 0; i < n; i++) {
        if (p.starts[i] === hostOffset) return a + i;
        if (p.ends[i] === hostOffset && !startsAt(a + i + 1, hostOffset)) return a + i + 1;
      }
    }
    return undefined;
  }

  return {
    model,
    resultColumns,
    covers: (offset) => toVirtual(offset) !== undefined,
  };
}

function mapContext(ctx: CompletionContext, map: (s: Span) => Span, mapName: (n: NameRef) => NameRef): CompletionContext {
  switch (ctx.kind) {
    case 'table':
      return { ...ctx, replace: map(ctx.replace), typed: ctx.typed && mapName(ctx.typed) };
    case 'column':
      return { ...ctx, replace: map(ctx.replace) };
    case 'value':
      return { ...ctx, replace: map(ctx.replace) };
    default:
      return ctx;
  }
}
