// What is expected at the caret in an R script: embedded SQL delegates to the SQL analyser; otherwise
// the sites the analyser recorded say where a column, a coded value or a table name goes.

import { lastStartingBefore } from '../scan';
import { ColumnRef, CompletionContext, NameRef, Scope, Span } from '../model';
import type { RAnalyser } from './analyse';
import { RToken } from './lexer';

export type Site =
  /** A column name (identifier or string content) being written. */
  | { kind: 'column'; span: Span; replace: Span; scope: Scope; qualifier?: string; quoted: boolean }
  /** A string compared with a column. */
  | { kind: 'value'; span: Span; tok: RToken; column: ColumnRef }
  /** A table-name string (dbReadTable, tbl, in_schema). */
  | { kind: 'table'; span: Span; replace: Span; typed: NameRef | undefined; quoted: boolean }
  /** The parentheses of a data-masking call: any empty position there takes a column. */
  | { kind: 'region'; span: Span; scope: Scope };

const inside = (s: Span, offset: number): boolean => s.start <= offset && offset <= s.end;
const size = (s: Span): number => s.end - s.start;

export function rCompletionContext(a: RAnalyser, offset: number): CompletionContext {
  for (const sql of a.sql) {
    if (sql.covers(offset)) return sql.model.completionContext(offset);
  }
  const tok = tokenAt(a.tokens, offset);
  if (tok?.kind === 'comment' && offset > tok.start) return { kind: 'none' };
  let best: Exclude<Site, { kind: 'region' }> | undefined;
  for (const site of a.sites) {
    if (site.kind === 'region' || !inside(site.span, offset)) continue;
    if (!best || size(site.span) <= size(best.span)) best = site;
  }
  if (best) return fromSite(a, best, offset);
  // Inside a string, number or after `$` / `::` nothing but a site can take a column.
  if (tok && offset > tok.start && offset < tok.end) {
    if (tok.kind !== 'ident') return { kind: 'none' };
  }
  if (tok && (tok.kind === 'string' || tok.kind === 'number') && offset > tok.start) return { kind: 'none' };
  const before = tokenBefore(a.tokens, offset);
  if (before?.kind === 'op' && ['$', '@', '::', ':::'].includes(before.value) && before.end === offset) return { kind: 'none' };
  let region: Extract<Site, { kind: 'region' }> | undefined;
  for (const site of a.sites) {
    if (site.kind !== 'region' || !inside(site.span, offset)) continue;
    if (!region || size(site.span) <= size(region.span)) region = site;
  }
  if (!region) return { kind: 'none' };
  const word = tok?.kind === 'ident' && !tok.backtick && offset > tok.start && offset <= tok.end ? tok : undefined;
  const replace = word ? { start: word.start, end: word.end } : { start: offset, end: offset };
  return { kind: 'column', prefix: a.text.slice(replace.start, offset), replace, scope: region.scope, quoted: false };
}

function fromSite(a: RAnalyser, site: Exclude<Site, { kind: 'region' }>, offset: number): CompletionContext {
  if (site.kind === 'value') {
    const closed = !site.tok.unterminated;
    const end = closed ? site.span.end : a.lineEnd(site.span.start, site.span.end);
    if (offset > end) return { kind: 'none' };
    return { kind: 'value', prefix: a.text.slice(site.span.start, offset), replace: { start: site.span.start, end: Math.max(end, offset) }, column: site.column, quote: a.text[site.tok.start], closed };
  }
  const prefix = a.text.slice(site.replace.start, Math.max(site.replace.start, offset));
  if (site.kind === 'table') return { kind: 'table', prefix, replace: site.replace, typed: site.typed, quoted: site.quoted };
  return { kind: 'column', prefix, replace: site.replace, scope: site.scope, qualifier: site.qualifier, quoted: site.quoted };
}

/** The token the caret is in or right after. */
function tokenAt(tokens: RToken[], offset: number): RToken | undefined {
  const i = lastStartingBefore(tokens, offset);
  const tok = i >= 0 ? tokens[i] : undefined;
  return tok && offset <= tok.end ? tok : undefined;
}

function tokenBefore(tokens: RToken[], offset: number): RToken | undefined {
  const i = lastStartingBefore(tokens, offset);
  return i >= 0 ? tokens[i] : undefined;
}

