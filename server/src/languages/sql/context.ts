// What is expected at the caret in a SQL text: a table name, a column name, a coded value, or nothing.

import { CompletionContext, NameRef, Scope, Span, ValueRef } from '../model';
import { isNameToken, SqlLexer, SqlToken } from './lexer';
import type { Checkpoint, SqlParseResult } from './analyse';
import { contentSpan, lastCheckpointBefore } from './analyse';

export function sqlCompletionContext(result: SqlParseResult, offset: number): CompletionContext {
  // The model keeps no tokens: lex again from a statement or two before the caret (the context reads only a
  // few tokens back), and further back in the rare case that a qualifier chain goes back further.
  const j = lastCheckpointBefore(result.checkpoints, offset);
  for (let back = 1; ; back *= 8) {
    const first = Math.max(0, j - back);
    const ctx = contextFrom(result, offset, first, j);
    if (ctx || first === 0) return ctx ?? { kind: 'none' };
  }
}

/** Undefined when the tokens lexed from checkpoint `first` were not enough to decide. */
function contextFrom(result: SqlParseResult, offset: number, first: number, last: number): CompletionContext | undefined {
  // From the start of the text for the first statement, so that leading comments are lexed too.
  const from = first > 0 ? result.checkpoints[first].offset : 0;
  const tokens = tokensBefore(result.text, from, offset);
  const range = { result, first, last };
  // The token the caret is in or right after.
  let i = tokens.length - 1;
  const tok = i >= 0 ? tokens[i] : undefined;
  if (tok && offset <= tok.end && offset > tok.start) {
    if (tok.kind === 'comment') {
      // A -- comment runs to the end of the line, so a caret at its end is still inside it.
      return { kind: 'none', reason: 'comment' };
    }
    if (tok.kind === 'string') return valueContext(range, tok, offset);
    if (tok.kind === 'number' || tok.kind === 'variable') return { kind: 'none', reason: tok.kind === 'number' ? 'number' : 'name' };
  }
  if (tok && tok.kind === 'comment' && tok.unterminated && offset >= tok.end) return { kind: 'none', reason: 'comment' };

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
  // The chain may go on before the first token lexed: lex from further back.
  if (i <= 1 && from > 0) return undefined;
  const before = i >= 0 ? tokens[i] : undefined;

  if (before && hasTableSlot(range, before.start)) {
    const typed = qualifier.length > 0 ? nameRef(qualifier) : undefined;
    return { kind: 'table', prefix, replace, typed, quoted };
  }
  if (before && before.kind === 'word' && before.upper === 'AS') return { kind: 'none', reason: 'name' };
  const scope = innermostScope(range, offset);
  if (!scope) return { kind: 'none' };
  if (qualifier.length > 0) {
    const q = qualifier[qualifier.length - 1];
    return { kind: 'column', prefix, replace, scope, qualifier: q.value, quoted };
  }
  return { kind: 'column', prefix, replace, scope, quoted };
}

/** The tokens (comments included) from `from` that start before `offset`. */
function tokensBefore(text: string, from: number, offset: number): SqlToken[] {
  const lexer = new SqlLexer(text, from);
  const tokens: SqlToken[] = [];
  for (let tok = lexer.next(); tok && tok.start < offset; tok = lexer.next()) tokens.push(tok);
  return tokens;
}

/**
 * The statements lexed: checkpoints `first` to `last` (the last one starting before the caret). What they
 * record lies between `first` and `last + 2`, as a statement starting right at the caret may own it.
 */
interface StatementRange {
  result: SqlParseResult;
  first: number;
  last: number;
}

function bounds(range: StatementRange, count: (c: Checkpoint) => number, total: number): [number, number] {
  const cps = range.result.checkpoints;
  const lo = cps[range.first] ? count(cps[range.first]) : 0;
  const after = cps[range.last + 2];
  return [lo, after ? count(after) : total];
}

function hasTableSlot(range: StatementRange, tokenStart: number): boolean {
  const slots = range.result.tableSlots;
  const [lo, hi] = bounds(range, (c) => c.tableSlots, slots.length);
  for (let k = lo; k < hi; k++) if (slots.get(k) === tokenStart) return true;
  return false;
}

function valueContext(range: StatementRange, tok: SqlToken, offset: number): CompletionContext {
  const { result } = range;
  const content = contentSpan(tok);
  const [lo, hi] = bounds(range, (c) => c.valueRefs, result.valueRefs.length);
  let ref: ValueRef | undefined;
  for (let k = lo; k < hi && !ref; k++) if (result.valueRefs.get(k).span.start === content.start) ref = result.valueRefs.get(k);
  if (!ref || offset < content.start) return { kind: 'none', reason: 'string' };
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


function innermostScope(range: StatementRange, offset: number): Scope | undefined {
  const { scopes } = range.result;
  const [lo, hi] = bounds(range, (c) => c.scopes, scopes.length);
  let best: Scope | undefined;
  for (let k = lo; k < hi; k++) {
    const s = scopes.get(k);
    if (s.span.start <= offset && offset <= s.span.end) {
      if (!best || s.span.end - s.span.start <= best.span.end - best.span.start) best = s;
    }
  }
  return best;
}
