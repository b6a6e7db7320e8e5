// SQL embedded in another language's strings (R's sqlQuery("..."), Stata's odbc load, exec("...")).
// The host analyser hands over the literal pieces of the query with the host offset of every character;
// interpolated parts (paste0 arguments, glue {x}, macros) are holes. The SQL is analysed as one virtual text,
// and every span is mapped back to the host document. Anything that touches a hole is dropped, so an
// interpolated part never causes a diagnostic.

import { ColumnRef, CompletionContext, DerivedColumn, DocumentModel, NameRef, QueryShape, Relation, Scope, Span } from './model';
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
  const query = new VirtualText(pieces);
  const { model: inner, scopes, resultColumns } = analyseSqlQuery(query.text);
  query.mapInPlace(scopes, resultColumns);
  const model = new EmbeddedModel(query, inner);
  return { model, resultColumns, covers: (offset) => query.toVirtual(offset) !== undefined };
}

/**
 * A query's pieces as one virtual text, and the mapping of its offsets to the host's. A class, not closures: a
 * script holds thousands of queries, and their models live as long as the script's.
 */
class VirtualText {
  readonly text: string;
  /** Where each piece starts in the text. */
  private readonly at: number[] = [];
  private readonly holes: Span[] = [];
  /** For one literal piece without escapes, the usual case: the host offset of character 0 (the rest follow). */
  private readonly shift: number | undefined;
  private readonly hostEnd: number;
  /** The lowest and highest host offsets of the pieces. */
  private readonly lowest: number = Number.POSITIVE_INFINITY;
  private readonly highest: number = Number.NEGATIVE_INFINITY;

  constructor(private readonly pieces: SqlPiece[]) {
    let text = '';
    for (const piece of pieces) {
      this.at.push(text.length);
      if (piece.kind === 'hole') this.holes.push({ start: text.length, end: text.length + HOLE.length });
      text += piece.kind === 'literal' ? piece.text : HOLE;
      // Pieces of a query held in variables can come from anywhere in the script: take the extremes, not the ends.
      const extent = piece.kind === 'hole' ? piece.span : pieceExtent(piece);
      this.lowest = Math.min(this.lowest, extent.start);
      this.highest = Math.max(this.highest, extent.end);
    }
    this.text = text;
    const only = pieces.length === 1 ? pieces[0] : undefined;
    this.shift = only?.kind === 'literal' && 'start' in only ? only.start : undefined;
    this.hostEnd = text.length ? this.hostEndOf(text.length - 1) : 0;
  }

  /** The piece that holds virtual offset v (0 <= v < length). */
  private pieceAt(v: number): number {
    const at = this.at;
    let lo = 0;
    let hi = at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (at[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  // Every character of a hole maps to the whole hole.
  private hostStart(v: number): number {
    const k = this.pieceAt(v);
    const p = this.pieces[k];
    return p.kind === 'hole' ? p.span.start : charStart(p, v - this.at[k]);
  }

  private hostEndOf(v: number): number {
    const k = this.pieceAt(v);
    const p = this.pieces[k];
    return p.kind === 'hole' ? p.span.end : charEnd(p, v - this.at[k]);
  }

  map(s: Span): Span {
    if (this.shift !== undefined) return { start: s.start + this.shift, end: s.end + this.shift };
    const length = this.text.length;
    const start = s.start < length ? this.hostStart(s.start) : this.hostEnd;
    let end = s.end > s.start ? this.hostEndOf(Math.min(s.end, length) - 1) : start;
    // A name that runs on into a piece written earlier in the script (`paste0("SELECT path", x)`, x assigned
    // above): the span ends where its first piece does, so that it never runs backwards.
    if (end < start) end = this.pieceEnd(this.pieceAt(Math.min(s.start, length - 1)), start);
    return { start, end };
  }

  /** Where piece k ends in the host (at least `from`). */
  private pieceEnd(k: number, from: number): number {
    const p = this.pieces[k];
    if (p.kind === 'hole') return Math.max(from, p.span.end);
    return Math.max(from, p.text.length ? charEnd(p, p.text.length - 1) : from);
  }

  mapName(n: NameRef): NameRef {
    return { parts: n.parts, partSpans: n.partSpans.map((s) => this.map(s)), span: this.map(n.span) };
  }

  touchesHole(s: Span | undefined): boolean {
    if (!s) return false;
    for (const h of this.holes) if (s.start < h.end && h.start < s.end) return true;
    return false;
  }

  /** Maps the spans of a parse's scopes, relations and result columns to the host, in place (references share them). */
  mapInPlace(scopes: Scope[], resultColumns: DerivedColumn[] | undefined): void {
    const seen = new Set<object>();
    const mapRelation = (r: Relation): void => {
      if (seen.has(r)) return;
      seen.add(r);
      if (r.kind === 'catalogue') r.name = this.mapName(r.name);
      if (r.kind === 'derived') {
        if (r.definedAt) r.definedAt = this.map(r.definedAt);
        r.columns.forEach(mapColumn);
      }
    };
    const mapColumn = (c: DerivedColumn): void => {
      if (seen.has(c)) return;
      seen.add(c);
      if ('star' in c) mapRelation(c.star);
      else if (c.span) c.span = this.map(c.span);
    };
    for (const scope of scopes) {
      if (seen.has(scope)) continue;
      seen.add(scope);
      scope.span = this.map(scope.span);
      for (const b of scope.bindings) mapRelation(b.relation);
    }
    resultColumns?.forEach(mapColumn);
  }

  /** Whether the character after a piece's last one (virtual offset v) starts at the host offset too. */
  private startsAt(v: number, hostOffset: number): boolean {
    return v < this.text.length && this.hostStart(v) === hostOffset;
  }

  /**
   * The virtual offset of a caret at a host offset inside (or at the end of) a literal piece: the first
   * character that starts there, or the end of one that ends there when the next does not start there.
   */
  toVirtual(hostOffset: number): number | undefined {
    // Most carets are nowhere near the query: answer those at once.
    if (hostOffset < this.lowest || hostOffset > this.highest) return undefined;
    for (let k = 0; k < this.pieces.length; k++) {
      const p = this.pieces[k];
      if (p.kind === 'hole') continue;
      const a = this.at[k];
      const n = p.text.length;
      if ('start' in p) {
        if (hostOffset >= p.start && hostOffset < p.start + n) return a + hostOffset - p.start;
        if (hostOffset === p.start + n && n > 0 && !this.startsAt(a + n, hostOffset)) return a + n;
        continue;
      }
      for (let i = 0; i < n; i++) {
        // A character with no place in the script (paste's separator) holds no caret.
        if (p.starts[i] === p.ends[i]) continue;
        if (p.starts[i] === hostOffset) return a + i;
        if (p.ends[i] === hostOffset && !this.startsAt(a + i + 1, hostOffset)) return a + i + 1;
      }
    }
    return undefined;
  }
}

/** The model of an embedded query, in host offsets; what touches a hole is dropped. */
class EmbeddedModel implements DocumentModel {
  readonly tableRefs: NameRef[];
  readonly columnRefs: DocumentModel['columnRefs'];
  readonly valueRefs: DocumentModel['valueRefs'];
  readonly literals: DocumentModel['literals'];
  /** Joins and aggregates, for join-key hover and grain-mismatch; those whose names touch a hole are left out. */
  readonly queries: QueryShape[];

  constructor(
    private readonly query: VirtualText,
    inner: DocumentModel,
  ) {
    const q = query;
    this.tableRefs = inner.tableRefs.filter((t) => !q.touchesHole(t.span)).map((t) => q.mapName(t));
    // The joins compare these references: the same objects, so that both read the host's spans.
    const mapped = new Map<ColumnRef, ColumnRef>();
    this.columnRefs = inner.columnRefs.filter((c) => !q.touchesHole(c.span) && !q.touchesHole(c.qualifierSpan)).map((c) => {
      const host = { ...c, span: q.map(c.span), qualifierSpan: c.qualifierSpan && q.map(c.qualifierSpan) };
      mapped.set(c, host);
      return host;
    });
    this.queries = (inner.queries ?? []).map((shape) => ({
      scope: shape.scope,
      groupBy: shape.groupBy,
      joins: shape.joins
        .filter((j) => !q.touchesHole(j.on))
        .map((j) => ({
          on: q.map(j.on),
          equalities: j.equalities.flatMap((e) => {
            const left = mapped.get(e.left);
            const right = mapped.get(e.right);
            return left && right ? [{ left, right }] : [];
          }),
        })),
      aggregates: shape.aggregates.filter((a) => !q.touchesHole(a.span)).map((a) => ({ ...a, span: q.map(a.span), call: q.map(a.call) })),
    }));
    this.valueRefs = inner.valueRefs.filter((v) => !q.touchesHole(v.span) && !q.touchesHole(v.column.span)).map((v) => ({ ...v, span: q.map(v.span) }));
    this.literals = inner.literals.filter((l) => !q.touchesHole(l.span)).map((l) => ({ ...l, span: q.map(l.span) }));
  }

  completionContext(hostOffset: number): CompletionContext {
    const q = this.query;
    const v = q.toVirtual(hostOffset);
    if (v === undefined) return { kind: 'none' };
    // The parse itself is not kept (a script holds thousands of queries, and only the one at the caret is ever
    // asked): read this small query again. Its context, found by virtual offsets, then gets host spans.
    const again = analyseSqlQuery(q.text);
    // What the context replaces ends at the caret, and virtual offset v may be the end of one piece and the start of
    // the next: map v to the caret itself, not to where the next piece starts.
    const map = (s: Span): Span => (s.end !== v ? q.map(s) : { start: s.start === v ? hostOffset : q.map(s).start, end: hostOffset });
    const ctx = mapContext(again.model.completionContext(v), map, (n) => q.mapName(n));
    q.mapInPlace(again.scopes, again.resultColumns);
    return ctx;
  }
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
