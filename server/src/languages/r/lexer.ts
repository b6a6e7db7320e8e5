// R tokens. Never throws, every loop consumes input, and unterminated strings or raw strings run
// to the end of the text (as R reads them), so any input lexes in linear time.

import { runEnd } from '../scan';

export type RTokenKind = 'ident' | 'string' | 'number' | 'op' | 'punct' | 'comment';

export interface RToken {
  kind: RTokenKind;
  /** Identifier without backticks, operator or punctuation text, number text; for strings the raw content. */
  value: string;
  start: number;
  end: number;
  /** A newline separates this token from the previous one: R ends a statement there outside brackets. */
  nl: boolean;
  /** Strings and backtick names: where the content starts and ends. */
  contentStart?: number;
  contentEnd?: number;
  unterminated?: boolean;
  /** `r"(...)"`: no escapes inside. */
  raw?: boolean;
  /** `name` in backticks. */
  backtick?: boolean;
}

const OPERATORS = ['<<-', '->>', ':::', ':=', '|>', '<-', '->', '<=', '>=', '==', '!=', '&&', '||', '::'];
const OPERATORS_BY_START = new Map<string, string[]>();
for (const op of OPERATORS) OPERATORS_BY_START.set(op[0], [...(OPERATORS_BY_START.get(op[0]) ?? []), op]);
const SINGLE_OPS = '+-*/^<>!&|~?:=$@\\';
const PUNCT = '()[]{},;';
const RAW_CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const LETTER = /\p{L}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
const isAsciiLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
// ASCII first: the Unicode classes are only consulted for other characters.
const isIdentStart = (c: string): boolean => isAsciiLetter(c) || c === '.' || (c > '\x7f' && LETTER.test(c));
const isIdentPart = (c: string): boolean => isAsciiLetter(c) || isDigit(c) || c === '.' || c === '_' || (c > '\x7f' && LETTER_OR_NUMBER.test(c));

/** All tokens, comments included. */
export function lexR(text: string): RToken[] {
  const lexer = new RLexer(text, 0, undefined, true);
  const tokens: RToken[] = [];
  for (let tok = lexer.next(); tok; tok = lexer.next()) tokens.push(tok);
  return tokens;
}

// Tokens are made by these two functions only, so they come in two hidden classes (fast property access).
function token(kind: RTokenKind, value: string, start: number, end: number, nl: boolean): RToken {
  return { kind, value, start, end, nl };
}

function quoted(kind: RTokenKind, value: string, start: number, end: number, nl: boolean, contentStart: number, contentEnd: number, unterminated: boolean, raw: boolean, backtick: boolean): RToken {
  return { kind, value, start, end, nl, contentStart, contentEnd, unterminated, raw, backtick };
}

/**
 * Reads tokens one at a time from `from` (a token start, or the start of the text). Comments go to the index
 * (and are returned only with `keepComments`); every token is added to the index as it is read.
 */
export class RLexer {
  private i: number;
  private nl = false;

  constructor(
    private readonly text: string,
    from: number,
    private readonly index?: TokenIndexBuilder,
    private readonly keepComments = false,
    /** Called with every string and number token as it is read. */
    private readonly onLiteral?: (tok: RToken) => void,
  ) {
    this.i = from;
  }

  get length(): number {
    return this.text.length;
  }

  next(): RToken | undefined {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    const index = this.index;
    while (i < n) {
      const c = text[i];
      if (c === '\n') {
        this.nl = true;
        i++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
        i = runEnd(SPACES, text, i + 1);
        continue;
      }
      const start = i;
      const nl = this.nl;
      let tok: RToken | undefined;
      if (c === '#') {
        const eol = text.indexOf('\n', i);
        i = eol < 0 ? n : eol;
        index?.add(COMMENT, start, i);
        // The parser never reads comments: it gets none (a newline always follows a comment, so `nl` is unaffected).
        if (this.keepComments) {
          this.i = i;
          this.nl = false;
          return token('comment', text.slice(start, i), start, i, nl);
        }
        continue;
      }
      if ((c === 'r' || c === 'R') && (text[i + 1] === '"' || text[i + 1] === "'")) {
        const raw = rawString(text, i);
        if (raw) {
          i = raw.end;
          tok = quoted('string', text.slice(raw.contentStart, raw.contentEnd), start, i, nl, raw.contentStart, raw.contentEnd, raw.unterminated, true, false);
        }
      }
      if (tok) {
        // A raw string, read above.
      } else if (c === '"' || c === "'" || c === '`') {
        // The content runs to the closing quote; a backslash escapes the next character, whatever it is.
        i = runEnd(c === '"' ? DOUBLE_QUOTED : c === "'" ? SINGLE_QUOTED : BACKTICKED, text, i + 1);
        const unterminated = i >= n;
        const contentEnd = i;
        i = unterminated ? n : i + 1;
        tok = quoted(c === '`' ? 'ident' : 'string', text.slice(start + 1, contentEnd), start, i, nl, start + 1, contentEnd, unterminated, false, c === '`');
      } else if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
        i = numberEnd(text, i);
        tok = token('number', text.slice(start, i), start, i, nl);
      } else if (isIdentStart(c) || c === '_') {
        i = identEnd(text, i + 1);
        tok = token('ident', text.slice(start, i), start, i, nl);
      } else if (c === '%') {
        // %in%, %>%, %like%: up to the next % on the same line.
        let j = i + 1;
        while (j < n && text[j] !== '%' && text[j] !== '\n') j++;
        i = j < n && text[j] === '%' ? j + 1 : i + 1;
        tok = token('op', text.slice(start, i), start, i, nl);
      } else {
        const op = operatorAt(text, i);
        if (op) {
          i += op.length;
          tok = token('op', op, start, i, nl);
        } else {
          i++;
          if (PUNCT.includes(c)) tok = token('punct', c, start, i, nl);
          else if (SINGLE_OPS.includes(c)) tok = token('op', c, start, i, nl);
          // Anything else (stray characters) is skipped.
        }
      }
      if (tok) {
        index?.add(KIND_CODE[tok.kind] | (tok.backtick ? BACKTICK : 0), start, i);
        if (this.onLiteral && (tok.kind === 'string' || tok.kind === 'number')) this.onLiteral(tok);
        this.i = i;
        this.nl = false;
        return tok;
      }
    }
    this.i = i;
    return undefined;
  }
}

// Runs of characters, scanned by runEnd (../scan).
const SPACES = /[ \t\r\f\v\u00a0\ufeff]*/y;
const DOUBLE_QUOTED = /(?:[^"\\]+|\\[\s\S]?)*/y;
const SINGLE_QUOTED = /(?:[^'\\]+|\\[\s\S]?)*/y;
const BACKTICKED = /(?:[^`\\]+|\\[\s\S]?)*/y;
const ASCII_IDENT_PART = /[A-Za-z0-9._]*/y;

/** The end of an identifier whose first character is before `from`: ASCII by regex, other letters one by one. */
function identEnd(text: string, from: number): number {
  let i = runEnd(ASCII_IDENT_PART, text, from);
  while (i < text.length && text.charCodeAt(i) > 0x7f && isIdentPart(text[i])) i = runEnd(ASCII_IDENT_PART, text, i + 1);
  return i;
}

/** The operator at i (longest first), or undefined. Only the few that start with this character are tried. */
function operatorAt(text: string, i: number): string | undefined {
  const candidates = OPERATORS_BY_START.get(text[i]);
  if (candidates) for (const op of candidates) if (text.startsWith(op, i)) return op;
  return undefined;
}

// ---- the token index: what the completion context needs of every token, in typed arrays ---------

const COMMENT = 0;
const KIND_CODE: Record<RTokenKind, number> = { comment: COMMENT, ident: 1, string: 2, number: 3, op: 4, punct: 5 };
const KIND_OF: RTokenKind[] = ['comment', 'ident', 'string', 'number', 'op', 'punct'];
const BACKTICK = 8;

/** A token as the completion context sees it. */
export interface IndexedToken {
  kind: RTokenKind;
  start: number;
  end: number;
  backtick: boolean;
}

/**
 * Kind, start and end of every token (comments included) in typed arrays: about 9 bytes a token instead of
 * a token object and its string, so a model can keep it for the life of the document. A resumed analysis
 * shares the first `shared` tokens of the previous version's index and stores only the tokens it read.
 */
export class TokenIndex {
  /** How many levels lie below this one. */
  readonly depth: number;

  constructor(
    private readonly codes: Uint8Array,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    private readonly prefix?: TokenIndex,
    private readonly shared = 0,
  ) {
    this.depth = prefix ? prefix.depth + 1 : 0;
  }

  get length(): number {
    return this.shared + this.codes.length;
  }

  at(i: number): IndexedToken {
    if (i < this.shared) return (this.prefix as TokenIndex).at(i);
    const j = i - this.shared;
    const code = this.codes[j];
    return { kind: KIND_OF[code & 7], start: this.starts[j], end: this.ends[j], backtick: (code & BACKTICK) !== 0 };
  }

  /** Index of the last token starting before `offset`, or -1. */
  lastStartingBefore(offset: number): number {
    if (this.codes.length === 0 || this.starts[0] >= offset) {
      return this.prefix ? Math.min(this.prefix.lastStartingBefore(offset), this.shared - 1) : -1;
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return this.shared + found;
  }

  /**
   * The first n tokens followed by those of `rest`, sharing this index (or its prefixes). Levels on top of the
   * chain that hold no more tokens than the new one are merged into it, so each level holds more than those above
   * it: the chain stays O(log n) deep, and a re-check taken in steps (one level each) copies each token O(log n)
   * times instead of flattening the whole prefix every few steps.
   */
  static join(first: TokenIndex, n: number, rest: TokenIndexBuilder): TokenIndex {
    let base = first;
    while (base.prefix && n <= base.shared) base = base.prefix;
    const absorbed: { level: TokenIndex; n: number }[] = [];
    let count = rest.count;
    while (base.prefix && n - base.shared <= count) {
      absorbed.push({ level: base, n });
      count += n - base.shared;
      n = base.shared;
      base = base.prefix;
      while (base.prefix && n <= base.shared) base = base.prefix;
    }
    if (absorbed.length === 0) return rest.done(base, n);
    const merged = new TokenIndexBuilder(count);
    for (let i = absorbed.length - 1; i >= 0; i--) {
      const { level, n: upTo } = absorbed[i];
      merged.addAll(level.codes, level.starts, level.ends, upTo - level.shared);
    }
    rest.addTo(merged);
    return merged.done(base, n);
  }
}

export class TokenIndexBuilder {
  private codes: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.codes = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  get count(): number {
    return this.n;
  }

  /** Adds this builder's tokens to another. */
  addTo(other: TokenIndexBuilder): void {
    other.addAll(this.codes, this.starts, this.ends, this.n);
  }

  add(code: number, start: number, end: number): void {
    if (this.n === this.codes.length) this.grow();
    this.codes[this.n] = code;
    this.starts[this.n] = start;
    this.ends[this.n] = end;
    this.n++;
  }

  /** Adds the first n tokens of typed arrays as `add` would, one at a time. */
  addAll(codes: Uint8Array, starts: Int32Array, ends: Int32Array, n: number): void {
    while (this.n + n > this.codes.length) this.grow();
    this.codes.set(codes.subarray(0, n), this.n);
    this.starts.set(starts.subarray(0, n), this.n);
    this.ends.set(ends.subarray(0, n), this.n);
    this.n += n;
  }

  private grow(): void {
    const size = this.codes.length * 2;
    const codes = new Uint8Array(size);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    codes.set(this.codes);
    starts.set(this.starts);
    ends.set(this.ends);
    this.codes = codes;
    this.starts = starts;
    this.ends = ends;
  }

  /** The index of the tokens added, after the first `shared` tokens of `prefix`. */
  done(prefix?: TokenIndex, shared = 0): TokenIndex {
    // slice copies: the index keeps no spare capacity.
    return new TokenIndex(this.codes.slice(0, this.n), this.starts.slice(0, this.n), this.ends.slice(0, this.n), prefix, shared);
  }
}

/** r"(...)", R"-[...]-", r'{...}': the delimiter, then everything up to the matching close. */
function rawString(text: string, i: number): { end: number; contentStart: number; contentEnd: number; unterminated: boolean } | undefined {
  const quote = text[i + 1];
  let j = i + 2;
  while (text[j] === '-') j++;
  const open = text[j];
  const close = RAW_CLOSE[open];
  if (!close) return undefined;
  const dashes = text.slice(i + 2, j);
  const closing = close + dashes + quote;
  const contentStart = j + 1;
  const at = text.indexOf(closing, contentStart);
  if (at < 0) return { end: text.length, contentStart, contentEnd: text.length, unterminated: true };
  return { end: at + closing.length, contentStart, contentEnd: at, unterminated: false };
}

function numberEnd(text: string, i: number): number {
  const n = text.length;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
    i += 2;
    while (i < n && /[0-9a-fA-F]/.test(text[i])) i++;
  } else {
    while (i < n && (isDigit(text[i]) || text[i] === '.')) i++;
    if ((text[i] === 'e' || text[i] === 'E') && /[0-9+-]/.test(text[i + 1] ?? '')) {
      i += 2;
      while (i < n && isDigit(text[i])) i++;
    }
  }
  if (text[i] === 'L' || text[i] === 'i') i++;
  return i;
}
