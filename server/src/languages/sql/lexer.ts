// A T-SQL lexer that never throws: every character of the input ends up in exactly one token,
// and unterminated strings, comments and quoted names simply run to the end of the text.

import { runEnd, scanBlockComment, scanNumber } from '../scan';
import { KNOWN_WORDS } from './keywords';

export type SqlTokenKind =
  | 'word' // keyword or bare identifier
  | 'quoted' // [bracketed] or "double-quoted" identifier
  | 'string' // 'text' or N'text'
  | 'number'
  | 'variable' // @x, @@x, :x, ?x and $x (bind parameters, $action), $(x) (a SQLCMD variable), {x} (a template's hole)
  | 'temp' // #t, ##t
  | 'comment'
  | 'punct' // ( ) , ; .
  | 'operator';

export interface SqlToken {
  kind: SqlTokenKind;
  start: number;
  end: number;
  /** Identifier without quotes, string content with '' unescaped, or the raw text. */
  value: string;
  /** For quoted / string / comment tokens whose closing delimiter is missing. */
  unterminated?: boolean;
  /** Offset where the content of a string or quoted name starts (after N' or [). */
  contentStart?: number;
  /**
   * For a word, its upper-case spelling when it is one of KNOWN_WORDS (the words the parser compares tokens with,
   * many times per token), else ''.
   */
  upper?: string;
}

const isWordStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
const isWordPart = (c: number): boolean => isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0;

/** ASCII letters to upper case: keywords are ASCII, and SQL Server reads no other letter as one. */
const fold = (c: number): number => (c >= 97 && c <= 122 ? c - 32 : c);

function hashOf(word: string): number {
  let h = word.charCodeAt(0);
  for (let k = 1; k < word.length; k++) h = (Math.imul(h, 31) + word.charCodeAt(k)) | 0;
  return h;
}

/** Known words by the hash of their upper-case spelling. */
const KNOWN = new Map<number, string[]>();
let longestKnown = 0;
for (const word of KNOWN_WORDS) {
  const h = hashOf(word);
  KNOWN.set(h, [...(KNOWN.get(h) ?? []), word]);
  longestKnown = Math.max(longestKnown, word.length);
}

/** The known word text[start, end) spells in any case, or ''. */
function knownWord(text: string, start: number, end: number): string {
  if (end - start > longestKnown) return '';
  // The case-folded hash finds the keyword without making an upper-case string.
  let h = fold(text.charCodeAt(start));
  for (let k = start + 1; k < end; k++) h = (Math.imul(h, 31) + fold(text.charCodeAt(k))) | 0;
  const candidates = KNOWN.get(h);
  if (!candidates) return '';
  next: for (const word of candidates) {
    if (word.length !== end - start) continue;
    for (let k = 0; k < word.length; k++) if (fold(text.charCodeAt(start + k)) !== word.charCodeAt(k)) continue next;
    return word;
  }
  return '';
}

/** Every token has every field, in one order: the parser's property reads then see a single object shape. */
function token(kind: SqlTokenKind, start: number, end: number, value: string, upper?: string, contentStart?: number, unterminated?: boolean): SqlToken {
  return { kind, start, end, value, upper, contentStart, unterminated };
}

/** Reads tokens one at a time, so that a parser can let the ones it has finished with go. */
export class SqlLexer {
  constructor(
    private readonly text: string,
    private i = 0,
  ) {}

  /** The next token, comments included, or undefined at the end of the text. */
  next(): SqlToken | undefined {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    if (i < n && isSpace(text.charCodeAt(i))) i = runEnd(SPACES, text, i + 1);
    if (i >= n) {
      this.i = i;
      return undefined;
    }
    const tok = this.read(i);
    this.i = tok.end;
    return tok;
  }

  private read(start: number): SqlToken {
    const text = this.text;
    const n = text.length;
    const i = start;
    const c = text.charCodeAt(i);
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (c === 45 && next === 45) {
      // -- line comment
      const j = runEnd(LINE_REST, text, i + 2);
      return token('comment', start, j, text.slice(start, j));
    }
    if (c === 47 && next === 42) {
      const { end, closed } = scanBlockComment(text, i);
      return token('comment', start, end, text.slice(start, end), undefined, undefined, !closed);
    }
    if (c === 39 || ((c === 78 || c === 110) && next === 39)) {
      // 'string' or N'string'
      const contentStart = c === 39 ? i + 1 : i + 2;
      const { end, value, closed } = readQuoted(text, contentStart, 39);
      return token('string', start, end, value, undefined, contentStart, !closed);
    }
    if (c === 91 || c === 34) {
      // [bracketed identifier] (]] escapes ]) or "double-quoted"
      const { end, value, closed } = readQuoted(text, i + 1, c === 91 ? 93 : 34);
      return token('quoted', start, end, value, undefined, i + 1, !closed);
    }
    if (isWordStart(c)) {
      const j = runEnd(WORD_PART, text, i + 1);
      return token('word', start, j, text.slice(start, j), knownWord(text, start, j));
    }
    if (c === 64 || c === 35) {
      // @variable / #temp: the sigils are part of the name
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === c || isWordPart(text.charCodeAt(j)))) j++;
      return token(c === 64 ? 'variable' : 'temp', start, j, text.slice(start, j));
    }
    if ((c === 58 || c === 63) && isWordStart(next)) {
      // :name or ?name, a bind parameter (ipython-sql and jupysql in notebooks, SQLAlchemy; SQLCMD's :setvar; DBI's
      // sqlInterpolate): a value, no column.
      const j = runEnd(WORD_PART, text, i + 2);
      return token('variable', start, j, text.slice(start, j));
    }
    if (c === 36 && (next === 40 || isWordStart(next))) {
      // $(name), a SQLCMD variable (SSMS in SQLCMD mode) that stands for a value or a name; $name, ipython-sql's
      // variable, or T-SQL's $action (MERGE ... OUTPUT) and $IDENTITY: none is a column of a table.
      const close = runEnd(WORD_PART, text, i + (next === 40 ? 2 : 1));
      const j = next === 40 && text.charCodeAt(close) === 41 ? close + 1 : close;
      return token('variable', start, j, text.slice(start, j));
    }
    if (c === 123) {
      // {code}, {{code}}: a template's hole (ipython-sql, jupysql, Python's format) or an ODBC escape ({fn NOW()},
      // {d '2024-01-01'}), to its close on the same line: what it stands for is not known.
      const close = closeOfBraces(text, i, next === 123 ? '}}' : '}');
      if (close > 0) return token('variable', start, close, text.slice(start, close));
    }
    if (isDigit(c) || (c === 46 && isDigit(next))) {
      const j = scanNumber(text, i);
      return token('number', start, j, text.slice(start, j));
    }
    if (c === 40 || c === 41 || c === 44 || c === 59 || c === 46) return token('punct', start, i + 1, PUNCT[c]);
    // Operators: take the two-character ones whole so `<>`, `!=`, `>=` compare as one token.
    const len = next >= 0 && TWO_CHAR_OPERATORS.has(text.slice(i, i + 2)) ? 2 : 1;
    // Keep lone surrogate pairs together so ranges never split a character.
    const extra = len === 1 && c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 1 : 0;
    return token('operator', start, i + len + extra, text.slice(i, i + len + extra));
  }
}

// Runs of characters, scanned by runEnd (../scan): the same classes as isSpace and isWordPart (in code units, so a
// surrogate is a word part, as any c > 127 is).
const SPACES = /[ \t\n\r\f\v\0]*/y;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]*/y;
const LINE_REST = /[^\n\r]*/y;

const PUNCT: Record<number, string> = { 40: '(', 41: ')', 44: ',', 59: ';', 46: '.' };
const TWO_CHAR_OPERATORS = new Set(['<>', '!=', '>=', '<=', '!<', '!>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '::']);

/** Holes and escapes are short: looking no further keeps a line of unclosed braces linear. */
const MAX_BRACES = 200;

/** The end of `close` after the opening brace at `from`, or -1 when the line ends first (or it is too far). */
function closeOfBraces(text: string, from: number, close: string): number {
  const end = Math.min(text.length, from + MAX_BRACES);
  for (let j = from + close.length; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13) return -1;
    if (c === 125 && text.startsWith(close, j)) return j + close.length;
  }
  return -1;
}

/** Content from `from` to the closing `close` (doubled, it stands for itself), found by `indexOf`: native code. */
function readQuoted(text: string, from: number, close: number): { end: number; value: string; closed: boolean } {
  const quote = String.fromCharCode(close);
  let value = '';
  let chunkStart = from;
  for (let j = text.indexOf(quote, from); j >= 0; j = text.indexOf(quote, j)) {
    if (text.charCodeAt(j + 1) === close) {
      value += text.slice(chunkStart, j + 1);
      j += 2;
      chunkStart = j;
      continue;
    }
    value += text.slice(chunkStart, j);
    return { end: j + 1, value, closed: true };
  }
  value += text.slice(chunkStart);
  return { end: text.length, value, closed: false };
}

/** True for tokens that name something: bare words, [quoted] names, #temp tables. */
export function isNameToken(t: SqlToken | undefined): boolean {
  return !!t && (t.kind === 'word' || t.kind === 'quoted' || t.kind === 'temp');
}
