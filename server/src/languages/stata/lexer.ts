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

export function lexStata(text: string): StataLex {
  const comments: Span[] = [];
  const lexer = new StataLexer(text, undefined, comments);
  const commands: StataCommand[] = [];
  for (let cmd = lexer.next(); cmd; cmd = lexer.next()) commands.push(cmd);
  return { commands, comments };
}

/** Where a lexer stands between two commands: enough to resume lexing there (incremental analysis). */
export interface LexerState {
  /** Offset of the last command's terminator (newline or `;`), not yet consumed, or 0 at the start. */
  pos: number;
  /** Inside `#delimit ;`. */
  semicolon: boolean;
}

/**
 * Lexes one command at a time, so that the analyser holds only the tokens of the command it reads, and so
 * that lexing can resume at a command boundary. Comments accumulate in `comments`, in text order.
 */
export class StataLexer {
  pos: number;
  semicolon: boolean;
  private tokens: StataToken[] = [];
  private spaced = true;

  constructor(
    readonly text: string,
    state: LexerState = { pos: 0, semicolon: false },
    readonly comments: { push(span: Span): void } = [],
  ) {
    this.pos = state.pos;
    this.semicolon = state.semicolon;
  }

  /** The next command, or undefined at the end of the text. Afterwards `pos` is at its terminator. */
  next(): StataCommand | undefined {
    const text = this.text;
    const n = text.length;
    let i = this.pos;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isNewline(c)) {
        if (!this.semicolon && this.tokens.length > 0) return this.finish(i);
        i = afterNewline(text, i);
        this.spaced = true;
        continue;
      }
      if (isBlank(c)) {
        i++;
        this.spaced = true;
        continue;
      }
      if (this.semicolon && c === 59) {
        if (this.tokens.length > 0) return this.finish(i);
        i++;
        continue;
      }
      const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
      if (c === 47 && next === 47 && (i === 0 || isBlank(text.charCodeAt(i - 1)) || isNewline(text.charCodeAt(i - 1)))) {
        // `///` continues the command on the next line; `//` ends it at the line end.
        const end = lineEndOf(text, i);
        this.comments.push({ start: i, end });
        i = text.charCodeAt(i + 2) === 47 && end < n ? afterNewline(text, end) : end;
        this.spaced = true;
        continue;
      }
      if (c === 47 && next === 42) {
        const j = scanBlockComment(text, i).end;
        this.comments.push({ start: i, end: j });
        i = j;
        this.spaced = true;
        continue;
      }
      if (c === 42 && this.tokens.length === 0) {
        const j = this.starComment(i);
        this.comments.push({ start: i, end: j });
        i = j;
        continue;
      }
      if (c === 35 && this.tokens.length === 0 && /^#d(e(l(i(m(i(t)?)?)?)?)?)?\b/i.test(text.slice(i, i + 9))) {
        // #delimit ; / #delimit cr: a directive, always ended by the line end.
        const end = lineEndOf(text, i);
        const arg = text.slice(i, end).replace(/^#\w+/, '').trim();
        this.semicolon = arg.startsWith(';');
        i = end;
        continue;
      }
      i = this.token(i, c, next);
    }
    this.pos = n;
    return this.tokens.length > 0 ? this.finish(n) : undefined;
  }

  private finish(terminator: number): StataCommand {
    const tokens = this.tokens;
    this.tokens = [];
    this.spaced = true;
    this.pos = terminator;
    return { tokens, span: { start: tokens[0].start, end: terminator } };
  }

  /** `* comment`: to the end of the line (continued by a trailing ///), or to `;` after #delimit ;. */
  private starComment(i: number): number {
    const text = this.text;
    const n = text.length;
    let j = i;
    if (this.semicolon) {
      while (j < n && text.charCodeAt(j) !== 59) j++;
      return j;
    }
    for (;;) {
      const lineStart = j;
      j = lineEndOf(text, j);
      if (j < n && hasContinuation(text, lineStart, j)) j = afterNewline(text, j);
      else return j;
    }
  }

  /** Reads the token at `i` (not blank, not a comment) and returns where it ends. */
  private token(i: number, c: number, next: number): number {
    const text = this.text;
    let end: number;
    let kind: StataTokenKind;
    let str: StringRead | undefined;
    if (c === 34 || (c === 96 && next === 34)) {
      // After #delimit ; line ends are blanks, so a string may run over several lines.
      str = readString(text, c === 34 ? i + 1 : i + 2, c === 96, this.semicolon);
      end = str.end;
      kind = 'string';
    } else if (c === 96) {
      end = readLocal(text, i);
      kind = 'macro';
    } else if (c === 36 && (isNameStart(next) || next === 123)) {
      end = readGlobal(text, i);
      kind = 'macro';
    } else if (isNameStart(c)) {
      end = i + 1;
      while (end < text.length && isNamePart(text.charCodeAt(end))) end++;
      kind = 'word';
    } else if (isDigit(c) || (c === 46 && isDigit(next))) {
      end = scanNumber(text, i);
      kind = 'number';
    } else {
      end = i + (isTwoCharOp(c, next) || (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) ? 2 : 1);
      kind = 'op';
    }
    const token: StataToken = str
      ? { kind, start: i, end, value: str.value, spaced: this.spaced, content: str.content, parts: str.parts }
      : { kind, start: i, end, value: text.slice(i, end), spaced: this.spaced };
    if (str?.unterminated) token.unterminated = true;
    this.tokens.push(token);
    this.spaced = false;
    return end;
  }
}

/** The string token starting at `start` (a `"` or a `` `" ``), as the lexer reads it. */
export function readStringAt(text: string, start: number, multiline: boolean): StringRead {
  const compound = text.charCodeAt(start) === 96;
  return readString(text, compound ? start + 2 : start + 1, compound, multiline);
}

function afterNewline(text: string, j: number): number {
  return text.charCodeAt(j) === 13 && text.charCodeAt(j + 1) === 10 ? j + 2 : j + 1;
}

/** `///` at the start of the line or after a blank, between `from` and `to`. */
function hasContinuation(text: string, from: number, to: number): boolean {
  // A scan bounded by the line: indexOf would search the rest of the text on every comment line.
  for (let k = from; k + 3 <= to; k++) {
    if (text.charCodeAt(k) !== 47 || text.charCodeAt(k + 1) !== 47 || text.charCodeAt(k + 2) !== 47) continue;
    if (k === from || text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9) return true;
  }
  return false;
}

// ==, !=, ~=, >=, <=, ##
function isTwoCharOp(c: number, next: number): boolean {
  return (next === 61 && (c === 61 || c === 33 || c === 126 || c === 62 || c === 60)) || (c === 35 && next === 35);
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
    // Only to the line end: an unclosed ${ must not search the rest of the text.
    const end = lineEndOf(text, from);
    for (let j = from + 2; j < end; j++) if (text.charCodeAt(j) === 125) return j + 1;
    return end;
  }
  let j = from + 1;
  while (j < text.length && isNamePart(text.charCodeAt(j))) j++;
  return j;
}

// Scans by native regular expressions rather than loops over characters: much faster before the JIT warms up.
const LINE_END = /[\r\n]/g;
/** What can end a string or start a macro in it, on one line or (after #delimit ;) over lines. */
const STRING_STOPS = /["`$\r\n]/g;
const STRING_STOPS_MULTILINE = /["`$]/g;

/** The index of the next match of a global regular expression at or after `from`, or the text's length. */
function nextStop(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  return re.test(text) ? re.lastIndex - 1 : text.length;
}

function lineEndOf(text: string, from: number): number {
  return nextStop(LINE_END, text, from);
}

interface StringRead {
  end: number;
  value: string;
  content: Span;
  parts: StringPart[];
  unterminated?: boolean;
}

/** A "simple" or `"compound"' string from its content start, with its macros as holes. */
function readString(text: string, from: number, compound: boolean, multiline: boolean): StringRead {
  const parts: StringPart[] = [];
  let depth = 1;
  let j = from;
  let chunk = from;
  const flush = (to: number): void => {
    if (to > chunk) parts.push({ kind: 'text', text: text.slice(chunk, to), start: chunk });
  };
  const stops = multiline ? STRING_STOPS_MULTILINE : STRING_STOPS;
  for (;;) {
    j = nextStop(stops, text, j);
    if (j >= text.length) break;
    const c = text.charCodeAt(j);
    if (isNewline(c)) break;
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
