// A T-SQL lexer that never throws: every character of the input ends up in exactly one token,
// and unterminated strings, comments and quoted names simply run to the end of the text.

import { scanBlockComment, scanNumber } from '../scan';

export type SqlTokenKind =
  | 'word' // keyword or bare identifier
  | 'quoted' // [bracketed] or "double-quoted" identifier
  | 'string' // 'text' or N'text'
  | 'number'
  | 'variable' // @x, @@x
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
  /** Upper-case text of a word, computed once: the parser compares keywords many times per token. */
  upper?: string;
}

const isWordStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
const isWordPart = (c: number): boolean => isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0;

export function lexSql(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (c === 45 && next === 45) {
      // -- line comment
      let j = i + 2;
      while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      tokens.push({ kind: 'comment', start, end: j, value: text.slice(start, j) });
      i = j;
    } else if (c === 47 && next === 42) {
      const { end, closed } = scanBlockComment(text, i);
      tokens.push({ kind: 'comment', start, end, value: text.slice(start, end), unterminated: !closed });
      i = end;
    } else if (c === 39 || ((c === 78 || c === 110) && next === 39)) {
      // 'string' or N'string'
      const contentStart = c === 39 ? i + 1 : i + 2;
      const { end, value, closed } = readQuoted(text, contentStart, 39);
      tokens.push({ kind: 'string', start, end, value, unterminated: !closed, contentStart });
      i = end;
    } else if (c === 91) {
      // [bracketed identifier], ]] escapes ]
      const { end, value, closed } = readQuoted(text, i + 1, 93);
      tokens.push({ kind: 'quoted', start, end, value, unterminated: !closed, contentStart: i + 1 });
      i = end;
    } else if (c === 34) {
      const { end, value, closed } = readQuoted(text, i + 1, 34);
      tokens.push({ kind: 'quoted', start, end, value, unterminated: !closed, contentStart: i + 1 });
      i = end;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(text.charCodeAt(j))) j++;
      const value = text.slice(start, j);
      tokens.push({ kind: 'word', start, end: j, value, upper: value.toUpperCase() });
      i = j;
    } else if (c === 64 || c === 35) {
      // @variable / #temp: the sigils are part of the name
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === c || isWordPart(text.charCodeAt(j)))) j++;
      tokens.push({ kind: c === 64 ? 'variable' : 'temp', start, end: j, value: text.slice(start, j) });
      i = j;
    } else if (isDigit(c) || (c === 46 && isDigit(next))) {
      const j = scanNumber(text, i);
      tokens.push({ kind: 'number', start, end: j, value: text.slice(start, j) });
      i = j;
    } else if (c === 40 || c === 41 || c === 44 || c === 59 || c === 46) {
      tokens.push({ kind: 'punct', start, end: i + 1, value: text[i] });
      i++;
    } else {
      // Operators: take the two-character ones whole so `<>`, `!=`, `>=` compare as one token.
      const two = text.slice(i, i + 2);
      const len = ['<>', '!=', '>=', '<=', '!<', '!>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '::'].includes(two)
        ? 2
        : 1;
      // Keep lone surrogate pairs together so ranges never split a character.
      const extra = len === 1 && c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 1 : 0;
      tokens.push({ kind: 'operator', start, end: i + len + extra, value: text.slice(i, i + len + extra) });
      i += len + extra;
    }
  }
  return tokens;
}

function readQuoted(text: string, from: number, close: number): { end: number; value: string; closed: boolean } {
  let j = from;
  let value = '';
  let chunkStart = from;
  while (j < text.length) {
    if (text.charCodeAt(j) === close) {
      if (text.charCodeAt(j + 1) === close) {
        value += text.slice(chunkStart, j + 1);
        j += 2;
        chunkStart = j;
        continue;
      }
      value += text.slice(chunkStart, j);
      return { end: j + 1, value, closed: true };
    }
    j++;
  }
  value += text.slice(chunkStart, j);
  return { end: j, value, closed: false };
}

/** True for tokens that name something: bare words, [quoted] names, #temp tables. */
export function isNameToken(t: SqlToken | undefined): boolean {
  return !!t && (t.kind === 'word' || t.kind === 'quoted' || t.kind === 'temp');
}
