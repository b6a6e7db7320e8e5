// A Stata lexer that never throws and splits a do-file into commands as Stata does: a command ends at
// the end of the line, or at `;` after `#delimit ;`. `///` joins lines, `/* */` comments may span lines,
// `*` at the start of a command and `//` after a blank comment to the end of the line. Unterminated
// strings, macros and comments run to the end of the line (or text); every loop consumes input.

import { scanBlockComment, scanNumber } from '../scan';
import { Span } from '../model';

export type StataTokenKind = 'word' | 'number' | 'string' | 'macro' | 'op';

/** Part of a string: literal text (no escapes in Stata) or a macro, which is unknowable. */
export type StringPart = { kind: 'text'; text: string; start: number } | { kind: 'hole'; span: Span };

export interface StataToken {
  kind: StataTokenKind;
  start: number;
  end: number;
  /** The raw text; for strings the content without quotes. */
  value: string;
  /** True when blank space (or a comment) separates the token from the one before. */
  spaced: boolean;
  /** Strings: the content, and its literal parts and macros. */
  content?: Span;
  parts?: StringPart[];
  unterminated?: boolean;
}

export interface StataCommand {
  tokens: StataToken[];
  /** From the first token to the command's terminator (newline or `;`), so a caret at the end is inside. */
  span: Span;
}

export interface StataLex {
  commands: StataCommand[];
  comments: Span[];
}

const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
const isNamePart = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 12 || c === 11 || c === 0;
const isNewline = (c: number): boolean => c === 10 || c === 13;
const TWO_CHAR_OPS = new Set(['==', '!=', '~=', '>=', '<=', '##']);

export function lexStata(text: string): StataLex {
  const n = text.length;
  const commands: StataCommand[] = [];
  const comments: Span[] = [];
  let semicolon = false;
  let tokens: StataToken[] = [];
  let spaced = true;
  let i = 0;

  const finish = (terminator: number): void => {
    if (tokens.length > 0) commands.push({ tokens, span: { start: tokens[0].start, end: terminator } });
    tokens = [];
    spaced = true;
  };
  const lineEnd = (from: number): number => {
    let j = from;
    while (j < n && !isNewline(text.charCodeAt(j))) j++;
    return j;
  };
  const afterNewline = (j: number): number => (text.charCodeAt(j) === 13 && text.charCodeAt(j + 1) === 10 ? j + 2 : j + 1);

  while (i < n) {
    const c = text.charCodeAt(i);
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (isNewline(c)) {
      if (!semicolon) finish(i);
      i = afterNewline(i);
      spaced = true;
      continue;
    }
    if (isBlank(c)) {
      i++;
      spaced = true;
      continue;
    }
    if (semicolon && c === 59) {
      finish(i);
      i++;
      continue;
    }
    const blankBefore = i === 0 || isBlank(text.charCodeAt(i - 1)) || isNewline(text.charCodeAt(i - 1));
    if (c === 47 && next === 47 && blankBefore) {
      // `///` continues the command on the next line; `//` ends it at the line end.
      const end = lineEnd(i);
      comments.push({ start: i, end });
      if (text.charCodeAt(i + 2) === 47) i = end < n ? afterNewline(end) : end;
      else i = end;
      spaced = true;
      continue;
    }
    if (c === 47 && next === 42) {
      const j = scanBlockComment(text, i).end;
      comments.push({ start: i, end: j });
      i = j;
      spaced = true;
      continue;
    }
    if (c === 42 && tokens.length === 0) {
      // `* comment`: to the end of the line (continued by a trailing ///), or to `;` after #delimit ;.
      let j = i;
      if (semicolon) {
        while (j < n && text.charCodeAt(j) !== 59) j++;
      } else {
        for (;;) {
          const lineStart = j;
          j = lineEnd(j);
          if (j < n && /(^|[ \t])\/\/\//.test(text.slice(lineStart, j))) j = afterNewline(j);
          else break;
        }
      }
      comments.push({ start: i, end: j });
      i = j;
      continue;
    }
    if (c === 35 && tokens.length === 0 && /^#d(e(l(i(m(i(t)?)?)?)?)?)?\b/i.test(text.slice(i, i + 9))) {
      // #delimit ; / #delimit cr: a directive, always ended by the line end.
      const end = lineEnd(i);
      const arg = text.slice(i, end).replace(/^#\w+/, '').trim();
      semicolon = arg.startsWith(';');
      i = end;
      continue;
    }
    const start = i;
    const push = (kind: StataTokenKind, end: number, extra?: Partial<StataToken>): void => {
      tokens.push({ kind, start, end, value: text.slice(start, end), spaced, ...extra });
      spaced = false;
      i = end;
    };
    if (c === 34 || (c === 96 && next === 34)) {
      // After #delimit ; line ends are blanks, so a string may run over several lines.
      const { end, ...rest } = readString(text, c === 34 ? i + 1 : i + 2, c === 96, semicolon);
      push('string', end, rest);
    } else if (c === 96) {
      push('macro', readLocal(text, i));
    } else if (c === 36 && (isNameStart(next) || next === 123)) {
      push('macro', readGlobal(text, i));
    } else if (isNameStart(c)) {
      let j = i + 1;
      while (j < n && isNamePart(text.charCodeAt(j))) j++;
      push('word', j);
    } else if (isDigit(c) || (c === 46 && isDigit(next))) {
      const j = scanNumber(text, i);
      push('number', j);
    } else {
      const len = TWO_CHAR_OPS.has(text.slice(i, i + 2)) ? 2 : c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      push('op', i + len);
    }
  }
  finish(n);
  return { commands, comments };
}

/** A local macro `name' (nesting `a`b'' allowed), ending at the matching quote or the line end. */
function readLocal(text: string, from: number): number {
  let depth = 0;
  let j = from;
  while (j < text.length && !isNewline(text.charCodeAt(j))) {
    const c = text.charCodeAt(j);
    if (c === 96) depth++;
    else if (c === 39 && --depth === 0) return j + 1;
    j++;
  }
  return j;
}

/** A global macro $name or ${name}. */
function readGlobal(text: string, from: number): number {
  if (text.charCodeAt(from + 1) === 123) {
    const close = text.indexOf('}', from);
    const end = lineEndOf(text, from);
    return close >= 0 && close < end ? close + 1 : end;
  }
  let j = from + 1;
  while (j < text.length && isNamePart(text.charCodeAt(j))) j++;
  return j;
}

function lineEndOf(text: string, from: number): number {
  let j = from;
  while (j < text.length && !isNewline(text.charCodeAt(j))) j++;
  return j;
}

/** A "simple" or `"compound"' string from its content start, with its macros as holes. */
function readString(text: string, from: number, compound: boolean, multiline: boolean): Partial<StataToken> & { end: number } {
  const parts: StringPart[] = [];
  let depth = 1;
  let j = from;
  let chunk = from;
  const flush = (to: number): void => {
    if (to > chunk) parts.push({ kind: 'text', text: text.slice(chunk, to), start: chunk });
  };
  while (j < text.length && (multiline || !isNewline(text.charCodeAt(j)))) {
    const c = text.charCodeAt(j);
    const next = text.charCodeAt(j + 1);
    if (compound && c === 96 && next === 34) {
      depth++;
      j += 2;
    } else if (compound && c === 34 && next === 39) {
      if (--depth === 0) {
        flush(j);
        return { end: j + 2, content: { start: from, end: j }, parts, value: text.slice(from, j) };
      }
      j += 2;
    } else if (!compound && c === 34) {
      flush(j);
      return { end: j + 1, content: { start: from, end: j }, parts, value: text.slice(from, j) };
    } else if (c === 96 || (c === 36 && (isNameStart(next) || next === 123))) {
      flush(j);
      const end = c === 96 ? readLocal(text, j) : readGlobal(text, j);
      parts.push({ kind: 'hole', span: { start: j, end } });
      j = end;
      chunk = j;
    } else j++;
  }
  flush(j);
  return { end: j, content: { start: from, end: j }, parts, value: text.slice(from, j), unterminated: true };
}
