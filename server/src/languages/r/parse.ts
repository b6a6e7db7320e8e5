// An error-tolerant R parser: tokens to a small syntax tree. It never throws; what it cannot read it
// skips one token at a time, and an unclosed call or bracket ends where its arguments stop making sense,
// so half-typed scripts still give a tree. Trees are at most MAX_DEPTH deep so walking them cannot
// overflow the stack.

import { Span } from '../model';
import { RLexer, RToken } from './lexer';

// Calls and indexes: `open` is just after the opening bracket, `end` at the closing one (or, when
// unclosed, where the next token starts): the inside, where arguments are written.
export type RNode =
  | { k: 'ident'; name: string; pkg?: string; span: Span; tok: RToken; depth: number }
  | { k: 'string'; tok: RToken; span: Span; depth: number }
  | { k: 'number'; value: string; span: Span; depth: number }
  | { k: 'call'; fn: RNode; args: RArg[]; span: Span; open: number; end: number; depth: number }
  | { k: 'index'; obj: RNode; args: RArg[]; double: boolean; span: Span; open: number; end: number; depth: number }
  | { k: 'dollar'; obj: RNode; op: RToken; name?: RNode; span: Span; depth: number }
  | { k: 'binary'; op: string; opTok: RToken; left: RNode; right?: RNode; span: Span; depth: number }
  | { k: 'unary'; op: string; arg?: RNode; span: Span; depth: number }
  | { k: 'function'; params: RParam[]; body?: RNode; span: Span; depth: number }
  | { k: 'block'; exprs: RNode[]; span: Span; depth: number }
  | { k: 'control'; kw: string; loopVar?: string; parts: RNode[]; span: Span; depth: number }
  | { k: 'error'; span: Span; depth: number };

export interface RArg {
  name?: string;
  nameSpan?: Span;
  value?: RNode;
  span: Span;
}

export interface RParam {
  name: string;
  value?: RNode;
}

const MAX_DEPTH = 200;

// Binding powers (R's precedence, low to high); right-associative operators bind their right side one lower.
const INFIX: Record<string, number> = {
  '?': 1, '=': 2, ':=': 2, '<-': 3, '<<-': 3, '->': 4, '->>': 4, '~': 5, '||': 6, '|': 6, '&&': 7, '&': 7,
  '==': 9, '!=': 9, '<': 9, '>': 9, '<=': 9, '>=': 9, '+': 10, '-': 10, '*': 11, '/': 11, '|>': 12, ':': 13, '^': 15,
};
const RIGHT_ASSOC = new Set(['=', ':=', '<-', '<<-', '^']);
const POSTFIX_BP = 16;
const PREFIX_OPS = new Set(['-', '+', '!', '~', '?']);

// Depths without rest parameters or temporary arrays: this runs for every node.
const depthOf = (a?: RNode, b?: RNode): number => 1 + Math.max(a?.depth ?? 0, b?.depth ?? 0);

function maxDepth(nodes: readonly (RNode | undefined)[], least = 0): number {
  let d = least;
  for (let i = 0; i < nodes.length; i++) d = Math.max(d, nodes[i]?.depth ?? 0);
  return d;
}

function argsDepth(args: readonly RArg[], least: number): number {
  let d = least;
  for (let i = 0; i < args.length; i++) d = Math.max(d, args[i].value?.depth ?? 0);
  return d;
}

function paramsDepth(params: readonly RParam[], least: number): number {
  let d = least;
  for (let i = 0; i < params.length; i++) d = Math.max(d, params[i].value?.depth ?? 0);
  return d;
}

export function parseR(text: string): { exprs: RNode[] } {
  return { exprs: new Parser(new RLexer(text, 0)).statements(undefined) };
}

/**
 * The top-level statements of a text, read one at a time from `from` (where a statement starts): each tree
 * can be dropped once it is analysed. Tokens are lexed as the parser asks for them.
 */
export class RStatements {
  private readonly parser: Parser;

  constructor(lexer: RLexer) {
    this.parser = new Parser(lexer);
  }

  /** The next top-level statement, or undefined at the end of the text. */
  next(): RNode | undefined {
    return this.parser.nextTopLevel();
  }

  /** The first token of the statement `next` returned last. */
  get first(): RToken {
    return this.parser.first as RToken;
  }
}

class Parser {
  private p = 0;
  /** Inside ( or [ newlines do not end an expression. */
  private bracketed = false;
  private nesting = 0;
  /** Tokens read so far (the lexer is asked for more on demand). */
  private readonly t: RToken[] = [];
  private lexed = false;
  first: RToken | undefined;

  constructor(private readonly lexer: RLexer) {}

  /** Whether token i exists, lexing up to it. */
  private has(i: number): boolean {
    while (i >= this.t.length && !this.lexed) {
      const tok = this.lexer.next();
      if (tok) this.t.push(tok);
      else this.lexed = true;
    }
    return i < this.t.length;
  }

  private tok(k = 0): RToken | undefined {
    return this.has(this.p + k) ? this.t[this.p + k] : undefined;
  }

  private is(kind: RToken['kind'], value: string, k = 0): boolean {
    const tok = this.tok(k);
    return !!tok && tok.kind === kind && tok.value === value;
  }

  private lastEnd(): number {
    return this.p > 0 ? this.t[this.p - 1].end : 0;
  }

  /** Where an unclosed construct ends: the start of the next token, or the end of the text. */
  private openEnd(): number {
    return this.tok()?.start ?? this.lexer.length;
  }

  /** What `statements(undefined)` reads next: stray separators and closing brackets are skipped at top level. */
  nextTopLevel(): RNode | undefined {
    // Tokens of earlier statements are never read again: let them go.
    if (this.p > 256) {
      this.t.splice(0, this.p);
      this.p = 0;
    }
    while (this.has(this.p)) {
      const tok = this.t[this.p];
      if (tok.kind === 'punct' && (tok.value === ';' || tok.value === ',' || tok.value === ')' || tok.value === ']' || tok.value === '}')) {
        this.p++;
        continue;
      }
      const before = this.p;
      this.first = tok;
      const e = this.expr(0);
      if (this.p === before) this.p++;
      if (e) return e;
    }
    return undefined;
  }

  /** Statements up to `close` (a closing brace) or the end. */
  statements(close: string | undefined): RNode[] {
    const out: RNode[] = [];
    const saved = this.bracketed;
    this.bracketed = false;
    while (this.has(this.p)) {
      if (this.is('punct', ';') || this.is('punct', ',')) {
        this.p++;
        continue;
      }
      if (close && this.is('punct', close)) break;
      // A stray closing bracket ends nothing at top level: skip it.
      if (this.is('punct', ')') || this.is('punct', ']') || (!close && this.is('punct', '}'))) {
        this.p++;
        continue;
      }
      if (close && this.is('punct', '}')) break;
      const before = this.p;
      const e = this.expr(0);
      if (e) out.push(e);
      if (this.p === before) this.p++;
    }
    this.bracketed = saved;
    return out;
  }

  expr(minBp: number): RNode | undefined {
    if (this.nesting > MAX_DEPTH) {
      const tok = this.tok();
      if (tok) this.p++;
      return tok ? { k: 'error', span: { start: tok.start, end: tok.end }, depth: 1 } : undefined;
    }
    this.nesting++;
    try {
      let left = this.prefix();
      if (!left) return undefined;
      for (;;) {
        const tok = this.tok();
        if (!tok || (tok.nl && !this.bracketed)) break;
        if (tok.kind === 'punct' && (tok.value === '(' || tok.value === '[')) {
          if (POSTFIX_BP < minBp) break;
          left = tok.value === '(' ? this.call(left) : this.index(left);
        } else if (tok.kind === 'op' && (tok.value === '$' || tok.value === '@')) {
          left = this.dollar(left);
        } else if (tok.kind === 'op' && (INFIX[tok.value] !== undefined || tok.value.startsWith('%'))) {
          const bp = tok.value.startsWith('%') ? 12 : INFIX[tok.value];
          if (bp < minBp || (bp === minBp && !RIGHT_ASSOC.has(tok.value))) break;
          this.p++;
          const right = this.expr(RIGHT_ASSOC.has(tok.value) ? bp : bp + 1);
          left = this.binary(tok, left, right);
        } else break;
        if (left.depth > MAX_DEPTH) left = { k: 'error', span: left.span, depth: 1 };
      }
      return left;
    } finally {
      this.nesting--;
    }
  }

  private binary(opTok: RToken, left: RNode, right: RNode | undefined): RNode {
    return { k: 'binary', op: opTok.value, opTok, left, right, span: { start: left.span.start, end: right?.span.end ?? opTok.end }, depth: depthOf(left, right) };
  }

  private prefix(): RNode | undefined {
    const tok = this.tok();
    if (!tok) return undefined;
    const span = { start: tok.start, end: tok.end };
    switch (tok.kind) {
      case 'string':
        this.p++;
        return { k: 'string', tok, span, depth: 1 };
      case 'number':
        this.p++;
        return { k: 'number', value: tok.value, span, depth: 1 };
      case 'ident':
        return this.identOrKeyword(tok);
      case 'op':
        if (tok.value === '\\' && this.is('punct', '(', 1)) {
          this.p++;
          return this.functionRest(tok);
        }
        if (PREFIX_OPS.has(tok.value)) {
          this.p++;
          const bp = tok.value === '-' || tok.value === '+' ? 14 : tok.value === '!' ? 8 : 5;
          const arg = this.expr(bp);
          return { k: 'unary', op: tok.value, arg, span: { start: tok.start, end: arg?.span.end ?? tok.end }, depth: depthOf(arg) };
        }
        return undefined;
      case 'punct':
        if (tok.value === '(') {
          this.p++;
          const saved = this.bracketed;
          this.bracketed = true;
          const inner = this.expr(0);
          this.bracketed = saved;
          if (this.is('punct', ')')) this.p++;
          return { k: 'block', exprs: inner ? [inner] : [], span: { start: tok.start, end: this.lastEnd() }, depth: depthOf(inner) };
        }
        if (tok.value === '{') {
          this.p++;
          this.nesting++;
          const exprs = this.nesting > MAX_DEPTH ? [] : this.statements('}');
          this.nesting--;
          if (this.is('punct', '}')) this.p++;
          return { k: 'block', exprs, span: { start: tok.start, end: this.lastEnd() }, depth: 1 + maxDepth(exprs) };
        }
        return undefined;
      default:
        return undefined;
    }
  }

  private identOrKeyword(tok: RToken): RNode {
    this.p++;
    if (!tok.backtick) {
      switch (tok.value) {
        case 'function':
          return this.functionRest(tok);
        case 'if':
        case 'while':
          return this.control(tok, true);
        case 'for':
          return this.control(tok, true);
        case 'repeat':
          return this.control(tok, false);
      }
    }
    // pkg::name and pkg:::name
    if ((this.is('op', '::') || this.is('op', ':::')) && this.tok(1)?.kind === 'ident') {
      const name = this.tok(1) as RToken;
      this.p += 2;
      return { k: 'ident', name: name.value, pkg: tok.value, tok: name, span: { start: tok.start, end: name.end }, depth: 1 };
    }
    return { k: 'ident', name: tok.value, tok, span: { start: tok.start, end: tok.end }, depth: 1 };
  }

  private control(kw: RToken, hasHead: boolean): RNode {
    const parts: RNode[] = [];
    let loopVar: string | undefined;
    if (hasHead && this.is('punct', '(')) {
      this.p++;
      const saved = this.bracketed;
      this.bracketed = true;
      if (kw.value === 'for' && this.tok()?.kind === 'ident' && this.is('ident', 'in', 1)) {
        loopVar = (this.tok() as RToken).value;
        this.p += 2;
      }
      const head = this.expr(0);
      if (head) parts.push(head);
      this.bracketed = saved;
      if (this.is('punct', ')')) this.p++;
    }
    const body = this.expr(0);
    if (body) parts.push(body);
    if (kw.value === 'if') {
      // `else` may follow on a later line inside braces; accept it anywhere (tolerance).
      if (this.is('ident', 'else')) {
        this.p++;
        const other = this.expr(0);
        if (other) parts.push(other);
      }
    }
    return { k: 'control', kw: kw.value, loopVar, parts, span: { start: kw.start, end: this.lastEnd() }, depth: 1 + maxDepth(parts) };
  }

  private functionRest(kw: RToken): RNode {
    const params: RParam[] = [];
    if (this.is('punct', '(')) {
      this.p++;
      const saved = this.bracketed;
      this.bracketed = true;
      while (this.has(this.p) && !this.is('punct', ')')) {
        const tok = this.tok() as RToken;
        if (tok.kind === 'ident') {
          this.p++;
          let value: RNode | undefined;
          if (this.is('op', '=')) {
            this.p++;
            value = this.expr(3);
          }
          params.push({ name: tok.value, value });
        } else if (!this.is('punct', ',')) break;
        if (this.is('punct', ',')) this.p++;
      }
      this.bracketed = saved;
      if (this.is('punct', ')')) this.p++;
    }
    const body = this.expr(0);
    return { k: 'function', params, body, span: { start: kw.start, end: body?.span.end ?? this.lastEnd() }, depth: 1 + paramsDepth(params, body?.depth ?? 0) };
  }

  /** Arguments up to `)` or `]`; stops (leaving the construct unclosed) at anything that cannot continue them. */
  private args(close: string, count: number): { args: RArg[]; closed: boolean; closeAt: number } {
    const args: RArg[] = [];
    let closeAt = 0;
    const saved = this.bracketed;
    this.bracketed = true;
    let closed = false;
    let expectArg = true;
    for (;;) {
      const tok = this.tok();
      if (!tok) break;
      if (tok.kind === 'punct' && tok.value === close) {
        if (count === 2 && !this.is('punct', ']', 1)) break;
        if (expectArg && args.length > 0) args.push({ span: { start: tok.start, end: tok.start } });
        closeAt = tok.start;
        this.p += count;
        closed = true;
        break;
      }
      if (tok.kind === 'punct' && tok.value === ',') {
        if (expectArg) args.push({ span: { start: tok.start, end: tok.start } });
        this.p++;
        expectArg = true;
        continue;
      }
      if (!expectArg) break;
      const arg = this.arg();
      if (!arg) break;
      args.push(arg);
      expectArg = false;
    }
    this.bracketed = saved;
    return { args, closed, closeAt };
  }

  private arg(): RArg | undefined {
    const tok = this.tok() as RToken;
    if ((tok.kind === 'ident' || tok.kind === 'string') && this.is('op', '=', 1)) {
      this.p += 2;
      const value = this.at(',') || this.at(')') || this.at(']') ? undefined : this.expr(3);
      const nameSpan = { start: tok.contentStart ?? tok.start, end: tok.contentEnd ?? tok.end };
      return { name: tok.value, nameSpan, value, span: { start: tok.start, end: value?.span.end ?? tok.end } };
    }
    const before = this.p;
    // Binding power 2 lets data.table's `new := value` through.
    const value = this.expr(2);
    if (!value || this.p === before) return undefined;
    return { value, span: value.span };
  }

  private at(value: string): boolean {
    return this.is('punct', value);
  }

  private call(fn: RNode): RNode {
    const open = this.tok() as RToken;
    this.p++;
    const { args, closed, closeAt } = this.args(')', 1);
    const end = closed ? closeAt : this.openEnd();
    return { k: 'call', fn, args, open: open.end, end, span: { start: fn.span.start, end: this.lastEnd() }, depth: 1 + argsDepth(args, fn.depth) };
  }

  private index(obj: RNode): RNode {
    const open = this.tok() as RToken;
    const double = this.is('punct', '[', 1) && (this.tok(1) as RToken).start === open.end;
    this.p += double ? 2 : 1;
    const { args, closed, closeAt } = this.args(']', double ? 2 : 1);
    const end = closed ? closeAt : this.openEnd();
    return { k: 'index', obj, args, double, open: double ? open.end + 1 : open.end, end, span: { start: obj.span.start, end: this.lastEnd() }, depth: 1 + argsDepth(args, obj.depth) };
  }

  private dollar(obj: RNode): RNode {
    const op = this.tok() as RToken;
    this.p++;
    const next = this.tok();
    // A name on a later line is not taken: `df$` being typed above another statement.
    let name: RNode | undefined;
    if (next && !next.nl && (next.kind === 'ident' || next.kind === 'string')) {
      this.p++;
      name = next.kind === 'ident' ? { k: 'ident', name: next.value, tok: next, span: { start: next.start, end: next.end }, depth: 1 } : { k: 'string', tok: next, span: { start: next.start, end: next.end }, depth: 1 };
    }
    return { k: 'dollar', obj, op, name, span: { start: obj.span.start, end: name?.span.end ?? op.end }, depth: depthOf(obj) };
  }
}

/** Pushes the sub-expressions of `n` onto `stack`: what every walk over the tree visits. */
export function pushChildren(n: RNode, stack: RNode[]): void {
  switch (n.k) {
    case 'call':
      stack.push(n.fn);
      for (const a of n.args) if (a.value) stack.push(a.value);
      break;
    case 'index':
      stack.push(n.obj);
      for (const a of n.args) if (a.value) stack.push(a.value);
      break;
    case 'dollar':
      stack.push(n.obj);
      break;
    case 'binary':
      stack.push(n.left);
      if (n.right) stack.push(n.right);
      break;
    case 'unary':
      if (n.arg) stack.push(n.arg);
      break;
    case 'function':
      for (const p of n.params) if (p.value) stack.push(p.value);
      if (n.body) stack.push(n.body);
      break;
    case 'block':
      for (const x of n.exprs) stack.push(x);
      break;
    case 'control':
      for (const x of n.parts) stack.push(x);
      break;
  }
}
