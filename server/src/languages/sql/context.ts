// What is expected at the caret in a SQL text: a table name, a column name, a coded value, or nothing.

import { CompletionContext, NameRef, Scope, Span } from '../model';
import { lastStartingBefore } from '../scan';
import { isNameToken, SqlToken } from './lexer';
import type { SqlParseResult } from './analyse';
import { contentSpan } from './analyse';

export function sqlCompletionContext(result: SqlParseResult, offset: number): CompletionContext {
  const { tokens } = result;
  // The token the caret is in or right after.
  let i = lastStartingBefore(tokens, offset);
  const tok = i >= 0 ? tokens[i] : undefined;
  if (tok && offset <= tok.end && offset > tok.start) {
    if (tok.kind === 'comment') {
      // A -- comment runs to the end of the line, so a caret at its end is still inside it.
      return { kind: 'none' };
    }
    if (tok.kind === 'string') return valueContext(result, tok, offset);
    if (tok.kind === 'number' || tok.kind === 'variable') return { kind: 'none' };
  }
  if (tok && tok.kind === 'comment' && tok.unterminated && offset >= tok.end) return { kind: 'none' };

  // The word being typed (possibly empty) and the qualifier chain before it.
  let prefix = '';
  let replace: Span = { start: offset, end: offset };
  let quoted = false;
  if (tok && isNameToken(tok) && offset <= tok.end && offset > tok.start) {
    const content = contentSpan(tok);
    quoted = tok.kind === 'quoted';
    replace = quoted ? content : { start: tok.start, end: tok.end };
    prefix = result.text.slice(replace.start, Math.max(replace.start, offset));
    i--;
  }
  i = skipComments(tokens, i);
  const qualifier: SqlToken[] = [];
  while (i >= 1 && isDot(tokens[i]) && isNameToken(tokens[i - 1])) {
    qualifier.unshift(tokens[i - 1]);
    i = skipComments(tokens, i - 2);
  }
  const before = i >= 0 ? tokens[i] : undefined;

  if (i >= 0 && result.tableSlotAfter.has(i)) {
    const typed = qualifier.length > 0 ? nameRef(qualifier) : undefined;
    return { kind: 'table', prefix, replace, typed, quoted };
  }
  if (before && before.kind === 'word' && before.upper === 'AS') return { kind: 'none' };
  const scope = innermostScope(result.scopes, offset);
  if (!scope) return { kind: 'none' };
  if (qualifier.length > 0) {
    const q = qualifier[qualifier.length - 1];
    return { kind: 'column', prefix, replace, scope, qualifier: q.value, quoted };
  }
  return { kind: 'column', prefix, replace, scope, quoted };
}

function valueContext(result: SqlParseResult, tok: SqlToken, offset: number): CompletionContext {
  const content = contentSpan(tok);
  const ref = result.valueRefs.find((v) => v.span.start === content.start);
  if (!ref || offset < content.start) return { kind: 'none' };
  // An unclosed quote swallows the following lines up to the next quote: only replace up to the line end.
  let lineEnd = result.text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = result.text.length;
  const closed = !tok.unterminated && content.end <= lineEnd;
  return {
    kind: 'value',
    prefix: result.text.slice(content.start, offset),
    replace: { start: content.start, end: closed ? content.end : Math.min(offset, lineEnd) },
    column: ref.column,
    quote: "'",
    closed,
  };
}

function skipComments(tokens: SqlToken[], i: number): number {
  while (i >= 0 && tokens[i].kind === 'comment') i--;
  return i;
}

function isDot(tok: SqlToken | undefined): boolean {
  return !!tok && tok.kind === 'punct' && tok.value === '.';
}

function nameRef(parts: SqlToken[]): NameRef {
  return {
    parts: parts.map((p) => p.value),
    partSpans: parts.map(contentSpan),
    span: { start: parts[0].start, end: parts[parts.length - 1].end },
  };
}


function innermostScope(scopes: Scope[], offset: number): Scope | undefined {
  let best: Scope | undefined;
  for (const s of scopes) {
    if (s.span.start <= offset && offset <= s.span.end) {
      if (!best || s.span.end - s.span.start <= best.span.end - best.span.start) best = s;
    }
  }
  return best;
}
