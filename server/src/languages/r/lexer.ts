// R tokens. Never throws, every loop consumes input, and unterminated strings or raw strings run
// to the end of the text (as R reads them), so any input lexes in linear time.

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
const OPERATOR_START = '<-:|=>!&';
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

export function lexR(text: string): RToken[] {
  const tokens: RToken[] = [];
  let i = 0;
  let nl = false;
  const n = text.length;
  const push = (tok: Omit<RToken, 'nl'>): void => {
    (tok as RToken).nl = nl;
    tokens.push(tok as RToken);
    nl = false;
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      nl = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
      i++;
      continue;
    }
    const start = i;
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      push({ kind: 'comment', value: text.slice(start, i), start, end: i });
      continue;
    }
    if ((c === 'r' || c === 'R') && (text[i + 1] === '"' || text[i + 1] === "'")) {
      const raw = rawString(text, i);
      if (raw) {
        i = raw.end;
        push({ kind: 'string', value: text.slice(raw.contentStart, raw.contentEnd), start, end: i, contentStart: raw.contentStart, contentEnd: raw.contentEnd, unterminated: raw.unterminated, raw: true });
        continue;
      }
    }
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      const unterminated = i >= n;
      const contentEnd = Math.min(i, n);
      i = unterminated ? n : i + 1;
      const common = { start, end: i, contentStart: start + 1, contentEnd, unterminated };
      if (c === '`') push({ kind: 'ident', value: text.slice(start + 1, contentEnd), backtick: true, ...common });
      else push({ kind: 'string', value: text.slice(start + 1, contentEnd), ...common });
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      i = numberEnd(text, i);
      push({ kind: 'number', value: text.slice(start, i), start, end: i });
      continue;
    }
    if (isIdentStart(c) || c === '_') {
      i++;
      while (i < n && isIdentPart(text[i])) i++;
      push({ kind: 'ident', value: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === '%') {
      // %in%, %>%, %like%: up to the next % on the same line.
      let j = i + 1;
      while (j < n && text[j] !== '%' && text[j] !== '\n') j++;
      i = j < n && text[j] === '%' ? j + 1 : i + 1;
      push({ kind: 'op', value: text.slice(start, i), start, end: i });
      continue;
    }
    const op = OPERATOR_START.includes(c) ? OPERATORS.find((o) => text.startsWith(o, i)) : undefined;
    if (op) {
      i += op.length;
      push({ kind: 'op', value: op, start, end: i });
      continue;
    }
    i++;
    if (PUNCT.includes(c)) push({ kind: 'punct', value: c, start, end: i });
    else if (SINGLE_OPS.includes(c)) push({ kind: 'op', value: c, start, end: i });
    // Anything else (stray characters) is skipped.
  }
  return tokens;
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
