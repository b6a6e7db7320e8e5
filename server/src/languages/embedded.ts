// SQL embedded in another language's strings (R's sqlQuery("..."), Stata's odbc load, exec("...")).
// The host analyser hands over the literal pieces of the query with the host offset of every character;
// interpolated parts (paste0 arguments, glue {x}, macros) are holes. The SQL is analysed as one virtual text,
// and every span is mapped back to the host document. Anything that touches a hole is dropped, so an
// interpolated part never causes a diagnostic.

import { CompletionContext, DerivedColumn, DocumentModel, NameRef, Relation, Scope, Span } from './model';
import { analyseSqlQuery } from './sql/analyse';

export type SqlPiece =
  | {
      kind: 'literal';
      /** The characters of the piece after unescaping. */
      text: string;
      /** Host offset where each character starts; same length as `text`. */
      starts: ArrayLike<number>;
      /** Host offset just after each character; same length as `text`. */
      ends: ArrayLike<number>;
    }
  | { kind: 'hole'; span: Span };

/** A piece for a string whose content has no escapes: character i is at host offset start + i. */
export function plainPiece(text: string, start: number): SqlPiece {
  // Typed arrays: a script has thousands of queries, and plain arrays of numbers take twice the memory.
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    starts[i] = start + i;
    ends[i] = start + i + 1;
  }
  return { kind: 'literal', text, starts, ends };
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
  let text = '';
  const length = pieces.reduce((n, p) => n + (p.kind === 'literal' ? p.text.length : HOLE.length), 0);
  const starts = new Int32Array(length);
  const ends = new Int32Array(length);
  const holes: Span[] = [];
  for (const piece of pieces) {
    const at = text.length;
    if (piece.kind === 'literal') {
      text += piece.text;
      for (let i = 0; i < piece.text.length; i++) {
        starts[at + i] = piece.starts[i];
        ends[at + i] = piece.ends[i];
      }
    } else {
      holes.push({ start: at, end: at + HOLE.length });
      text += HOLE;
      starts.fill(piece.span.start, at, at + HOLE.length);
      ends.fill(piece.span.end, at, at + HOLE.length);
    }
  }
  const { model: inner, scopes, resultColumns } = analyseSqlQuery(text);
  const touchesHole = (s: Span): boolean => holes.some((h) => s.start < h.end && h.start < s.end);
  const hostEnd = ends.length ? ends[ends.length - 1] : 0;
  const map = (s: Span): Span => {
    const start = s.start < starts.length ? starts[s.start] : hostEnd;
    const end = s.end > s.start ? ends[Math.min(s.end, ends.length) - 1] : start;
    return { start, end };
  };
  const mapName = (n: NameRef): NameRef => ({ parts: n.parts, partSpans: n.partSpans.map(map), span: map(n.span) });

  // Spans are mapped in place on scopes and relations, which the references share.
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
  const mapScope = (s: Scope): void => {
    if (seen.has(s)) return;
    seen.add(s);
    s.span = map(s.span);
    for (const b of s.bindings) mapRelation(b.relation);
  };
  // The SQL completion context finds its scope by virtual offsets, so keep both sets of spans.
  const virtualSpans = new Map(scopes.map((s) => [s, s.span]));
  scopes.forEach(mapScope);
  const hostSpans = new Map(scopes.map((s) => [s, s.span]));
  resultColumns?.forEach(mapColumn);

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
      for (const [s, span] of virtualSpans) s.span = span;
      try {
        return mapContext(inner.completionContext(v), map, mapName);
      } finally {
        for (const [s, span] of hostSpans) s.span = span;
      }
    },
  };

  // Most carets are nowhere near the query: answer those at once. (Pieces of a query held in variables can
  // come from anywhere in the script, so take the extremes, not the ends.)
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < starts.length; i++) {
    lowest = Math.min(lowest, starts[i]);
    highest = Math.max(highest, ends[i]);
  }
  /** The virtual offset of a caret at a host offset inside (or at the end of) a literal piece. */
  function toVirtual(hostOffset: number): number | undefined {
    if (hostOffset < lowest || hostOffset > highest) return undefined;
    for (let i = 0; i < starts.length; i++) {
      if (touchesHole({ start: i, end: i + 1 })) continue;
      if (starts[i] === hostOffset) return i;
      if (ends[i] === hostOffset && (i + 1 >= starts.length || starts[i + 1] !== hostOffset)) return i + 1;
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
