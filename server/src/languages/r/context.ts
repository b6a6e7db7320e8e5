// What is expected at the caret in an R script: embedded SQL delegates to the SQL analyser; otherwise
// the sites the analyser recorded say where a column, a coded value or a table name goes.
//
// A model keeps this for as long as the document is open, so it holds only what answering needs: the text,
// the sites (grouped by top-level expression, so a lookup reads the few near the caret), the embedded SQL
// with the host range it covers, and the compact token index. Not the syntax tree, nor token objects.

import { EmbeddedSql, pieceExtent, SqlPiece } from '../embedded';
import { ColumnRef, CompletionContext, NameRef, Scope, Span } from '../model';
import { IndexedToken, RToken, TokenIndex } from './lexer';
import { Chunked } from '../chunked';

export type Site =
  /** A column name (identifier or string content) being written. */
  | { kind: 'column'; span: Span; replace: Span; scope: Scope; qualifier?: string; quoted: boolean }
  /** A string compared with a column. */
  | { kind: 'value'; span: Span; tok: RToken; column: ColumnRef }
  /** A table-name string (dbReadTable, tbl, in_schema). */
  | { kind: 'table'; span: Span; replace: Span; typed: NameRef | undefined; quoted: boolean }
  /** The parentheses of a data-masking call: any empty position there takes a column. */
  | { kind: 'region'; span: Span; scope: Scope };

/** Embedded SQL and the host offsets its literal pieces span: outside them it cannot cover the caret. */
export interface SqlEntry {
  sql: EmbeddedSql;
  from: number;
  to: number;
}

const inside = (s: Span, offset: number): boolean => s.start <= offset && offset <= s.end;
const size = (s: Span): number => s.end - s.start;

/** The end of the line at `from`, or `limit` if that comes first. */
export function lineEnd(text: string, from: number, limit: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 || nl > limit ? limit : nl;
}

/** The host range of a query's literal pieces (holes never take the caret). */
export function sqlEntry(sql: EmbeddedSql, pieces: SqlPiece[]): SqlEntry {
  let from = Infinity;
  let to = -Infinity;
  for (const p of pieces) {
    if (p.kind !== 'literal') continue;
    const extent = pieceExtent(p);
    from = Math.min(from, extent.start);
    to = Math.max(to, extent.end);
  }
  return { sql, from, to };
}

/**
 * Sites in the order they were recorded, cut into groups (one per top-level expression). Group starts
 * increase through the script, and `reach[g]` is the furthest end of any site in groups 0..g, so the groups
 * that can contain an offset are found by a binary search and a short walk back.
 */
export class SiteGroups {
  // Chunked: every step of a re-check and every keystroke keeps a prefix of these.
  private readonly bounds: Chunked<number>;
  private readonly starts: Chunked<number>;
  private readonly reach: Chunked<number>;
  /** The first group that starts before the one above it (then every lookup scans all sites). */
  private unorderedAt: number;

  /** A new list, or one that keeps the first `groups` groups of `from` (whose sites `sites` starts with). */
  constructor(readonly sites: Chunked<Site>, from?: SiteGroups, groups = 0) {
    if (from) {
      this.bounds = from.bounds.prefix(groups + 1);
      this.starts = from.starts.prefix(groups);
      this.reach = from.reach.prefix(groups);
    } else {
      this.bounds = new Chunked();
      this.bounds.push(0);
      this.starts = new Chunked();
      this.reach = new Chunked();
    }
    this.unorderedAt = from && from.unorderedAt < groups ? from.unorderedAt : Infinity;
  }

  /** How many groups are closed. */
  get count(): number {
    return this.starts.length;
  }

  /** Closes the group of the sites recorded since the last call. */
  close(): void {
    const from = this.bounds.get(this.bounds.length - 1);
    const to = this.sites.length;
    if (to === from) return;
    let start = Infinity;
    let end = this.reach.length ? this.reach.get(this.reach.length - 1) : -Infinity;
    for (let i = from; i < to; i++) {
      const span = this.sites.get(i).span;
      start = Math.min(start, span.start);
      end = Math.max(end, span.end);
    }
    if (this.starts.length && start < this.starts.get(this.starts.length - 1) && this.unorderedAt === Infinity) this.unorderedAt = this.starts.length;
    this.bounds.push(to);
    this.starts.push(start);
    this.reach.push(end);
  }

  /** The index range of sites that may contain `offset`; the sites outside it do not. */
  candidates(offset: number): [number, number] {
    this.close();
    if (this.unorderedAt !== Infinity) return [0, this.sites.length];
    let lo = 0;
    let hi = this.starts.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts.get(mid) <= offset) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (last < 0) return [0, 0];
    let first = last;
    while (first > 0 && this.reach.get(first - 1) >= offset) first--;
    return [this.bounds.get(first), this.bounds.get(last + 1)];
  }
}

export interface ContextSource {
  text: string;
  index: TokenIndex;
  groups: SiteGroups;
  sql: Chunked<SqlEntry>;
}

export function rCompletionContext(a: ContextSource, offset: number): CompletionContext {
  for (let i = 0; i < a.sql.length; i++) {
    const s = a.sql.get(i);
    if (offset >= s.from && offset <= s.to && s.sql.covers(offset)) return { ...s.sql.model.completionContext(offset), embedded: 'sql' };
  }
  const sites = a.groups.sites;
  const [from, to] = a.groups.candidates(offset);
  const tok = tokenAt(a.index, offset);
  if (tok?.kind === 'comment' && offset > tok.start) return { kind: 'none', reason: 'comment' };
  let best: Exclude<Site, { kind: 'region' }> | undefined;
  for (let i = from; i < to; i++) {
    const site = sites.get(i);
    if (site.kind === 'region' || !inside(site.span, offset)) continue;
    if (!best || size(site.span) <= size(best.span)) best = site;
  }
  if (best) return fromSite(a.text, best, offset);
  // Inside a string, number or after `$` / `::` nothing but a site can take a column.
  if (tok && offset > tok.start && offset < tok.end) {
    if (tok.kind !== 'ident') return { kind: 'none', reason: tok.kind === 'string' ? 'string' : tok.kind === 'number' ? 'number' : undefined };
  }
  if (tok && (tok.kind === 'string' || tok.kind === 'number') && offset > tok.start) return { kind: 'none', reason: tok.kind };
  const before = tokenBefore(a.index, offset);
  if (before?.kind === 'op' && before.end === offset && ['$', '@', '::', ':::'].includes(a.text.slice(before.start, before.end))) return { kind: 'none', reason: 'name' };
  let region: Extract<Site, { kind: 'region' }> | undefined;
  for (let i = from; i < to; i++) {
    const site = sites.get(i);
    if (site.kind !== 'region' || !inside(site.span, offset)) continue;
    if (!region || size(site.span) <= size(region.span)) region = site;
  }
  if (!region) return { kind: 'none' };
  const word = tok?.kind === 'ident' && !tok.backtick && offset > tok.start && offset <= tok.end ? tok : undefined;
  const replace = word ? { start: word.start, end: word.end } : { start: offset, end: offset };
  return { kind: 'column', prefix: a.text.slice(replace.start, offset), replace, scope: region.scope, quoted: false };
}

function fromSite(text: string, site: Exclude<Site, { kind: 'region' }>, offset: number): CompletionContext {
  if (site.kind === 'value') {
    const closed = !site.tok.unterminated;
    const end = closed ? site.span.end : lineEnd(text, site.span.start, site.span.end);
    // Past the line of a string left open: still inside the string.
    if (offset > end) return { kind: 'none', reason: 'string' };
    return { kind: 'value', prefix: text.slice(site.span.start, offset), replace: { start: site.span.start, end: Math.max(end, offset) }, column: site.column, quote: text[site.tok.start], closed };
  }
  const prefix = text.slice(site.replace.start, Math.max(site.replace.start, offset));
  if (site.kind === 'table') return { kind: 'table', prefix, replace: site.replace, typed: site.typed, quoted: site.quoted };
  return { kind: 'column', prefix, replace: site.replace, scope: site.scope, qualifier: site.qualifier, quoted: site.quoted };
}

/** The token the caret is in or right after. */
function tokenAt(index: TokenIndex, offset: number): IndexedToken | undefined {
  const i = index.lastStartingBefore(offset);
  const tok = i >= 0 ? index.at(i) : undefined;
  return tok && offset <= tok.end ? tok : undefined;
}

function tokenBefore(index: TokenIndex, offset: number): IndexedToken | undefined {
  const i = index.lastStartingBefore(offset);
  return i >= 0 ? index.at(i) : undefined;
}
