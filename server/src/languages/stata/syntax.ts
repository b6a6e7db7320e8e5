// Reading the parts of a Stata command: varlists (names, abbreviations, wildcards, ranges, factor
// variables), expressions (variables among functions, numbers and strings), options `name(args)`,
// and file names. Pure functions over tokens; nothing here knows the dataset.

import { plainPiece, SqlPiece } from '../embedded';
import { Span } from '../model';
import { StataToken, StringPart } from './lexer';

export interface VarlistItem {
  name: string;
  span: Span;
  /** A wildcard pattern (`phq9_*`, `*_lastscore`, `phq?_*`). */
  pattern: boolean;
}

export interface Varlist {
  items: VarlistItem[];
  /** Some entry contains a macro: the varlist is not fully known. */
  holes: boolean;
  /** Some entry is a range `a-b`, whose middle depends on the dataset's order. */
  ranges: boolean;
  /**
   * Each range as the indexes in `items` of its ends, when both are plain names (not a wildcard, an interaction or
   * a macro); -1 for an end that is not.
   */
  rangeItems: { from: number; to: number }[];
}

/** Names Stata reserves that are never variables of the dataset. */
const RESERVED = new Set(['_n', '_N', '_pi', '_b', '_se', '_rc', '_cons', '_all', '_coef', '_skip', 'if', 'in', 'using', 'with']);

const GLUE_OPS = new Set(['*', '?', '~', '.', '#', '##']);

export function parseVarlist(text: string, tokens: StataToken[]): Varlist {
  const items: VarlistItem[] = [];
  let holes = false;
  let ranges = false;
  const rangeItems: { from: number; to: number }[] = [];
  // The last item, when it is a plain name read from a word alone, and the range whose end comes next.
  let lastPlain = -1;
  let open: { from: number; to: number } | undefined;
  let k = 0;
  while (k < tokens.length) {
    const first = tokens[k];
    const ends = open;
    open = undefined;
    if (first.kind === 'op' && first.value === '%') {
      // A display format (%9.2f, %td): not a variable.
      k++;
      while (k < tokens.length && !tokens[k].spaced) k++;
      continue;
    }
    if (!gluable(first)) {
      if (first.kind === 'op' && first.value === '-' && items.length > 0 && k + 1 < tokens.length) {
        ranges = true;
        rangeItems.push((open = { from: lastPlain === items.length - 1 ? lastPlain : -1, to: -1 }));
      }
      lastPlain = -1;
      k++;
      continue;
    }
    let end = k + 1;
    for (;;) {
      while (end < tokens.length && !tokens[end].spaced && gluable(tokens[end])) end++;
      const dot = operatorNumlist(tokens, end);
      if (dot === undefined) break;
      end = dot;
    }
    if (end === k + 1 && first.kind === 'word') {
      // The common case, a plain name: a word token always has the shape of a variable name.
      k = end;
      lastPlain = -1;
      if (!RESERVED.has(first.value)) {
        lastPlain = items.length;
        if (ends) ends.to = lastPlain;
        items.push({ name: first.value, span: { start: first.start, end: first.end }, pattern: false });
      }
      continue;
    }
    lastPlain = -1;
    const group = tokens.slice(k, end);
    k = end;
    if (group.some((t) => t.kind === 'macro')) {
      holes = true;
      continue;
    }
    const start = group[0].start;
    const raw = text.slice(start, group[group.length - 1].end);
    // Interactions (a#b, a##b) name each side; factor and time-series operators (i. c. ib2. L2. i(1 2). L(1/3).)
    // prefix a name.
    for (const [part, partStart] of interactionParts(raw, start)) {
      const op = /^(?:[A-Za-z]{1,3}(?:\d*|\([^)]*\))\.)+/.exec(part);
      const name = op ? part.slice(op[0].length) : part;
      const nameStart = partStart + (op ? op[0].length : 0);
      if (name.length === 0 || RESERVED.has(name)) continue;
      const span = { start: nameStart, end: nameStart + name.length };
      if (/^[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*$/.test(name)) items.push({ name, span, pattern: false });
      else if (/^[\w*?~\u0080-\uffff]+$/.test(name) && /[*?~]/.test(name) && !/^\d/.test(name)) items.push({ name, span, pattern: true });
    }
  }
  return { items, holes, ranges, rangeItems };
}

/**
 * Where the `.` stands after `op(numlist)` when tokens[at] opens one: an operator glued to its levels or lags in
 * parentheses, `i(1 2).x`, `ib(#2).x`, `L(1/3).x`, which the name after the `.` completes.
 */
function operatorNumlist(tokens: StataToken[], at: number): number | undefined {
  const op = tokens[at - 1];
  if (!isOp(tokens[at], '(') || tokens[at].spaced || !isWord(op) || !/^[A-Za-z]{1,3}$/.test(op.value)) return undefined;
  // A numlist holds no parentheses: the search stops at the next one, so that a line of unclosed `a(` stays linear.
  for (let j = at + 1; j < tokens.length; j++) {
    if (isOp(tokens[j], '(')) return undefined;
    if (isOp(tokens[j], ')')) return isOp(tokens[j + 1], '.') && !tokens[j + 1].spaced ? j + 1 : undefined;
  }
  return undefined;
}

/** The sides of an interaction (`a#b`, `a##b`) with where each starts; a `#` in parentheses (`ib(#2).x`) is no side's end. */
function interactionParts(raw: string, start: number): [string, number][] {
  const parts: [string, number][] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= raw.length; i++) {
    const c = raw[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (i === raw.length || (c === '#' && depth === 0)) {
      parts.push([raw.slice(from, i), start + from]);
      from = i + 1;
    }
  }
  return parts;
}

function gluable(t: StataToken): boolean {
  return t.kind === 'word' || t.kind === 'macro' || (t.kind === 'number' && !t.spaced) || (t.kind === 'op' && GLUE_OPS.has(t.value));
}

export interface ExpressionName {
  name: string;
  span: Span;
  /** Index of the token in the list given. */
  index: number;
}

/** r(), e(), c(), s(): the word inside names a stored result; scalar(): a scalar. */
const STORED_RESULTS = new Set(['r', 'e', 'c', 's', 'scalar']);

/**
 * Functions whose argument is a date or time written out, not an expression: td(01apr2021), tm(2021m4), and the
 * older d(), m(), q(), ... forms.
 */
const DATE_LITERALS = new Set(['td', 'tc', 'tC', 'tm', 'tq', 'th', 'tw', 'ty', 'tb', 'd', 'c', 'C', 'm', 'q', 'h', 'w', 'y']);

/** The index after the `)` that closes the `(` at tokens[open], or the length when it is not closed. */
function closing(tokens: StataToken[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind !== 'op') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')' && --depth === 0) return j + 1;
  }
  return tokens.length;
}

/** Whether the brackets opened at tokens[open] hold a comma outside inner parentheses or brackets. */
function hasComma(tokens: StataToken[], open: number): boolean {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind !== 'op') continue;
    if (t.value === '(' || t.value === '[') depth++;
    else if ((t.value === ')' || t.value === ']') && --depth === 0) return false;
    else if (t.value === ',' && depth === 1) return true;
  }
  return false;
}

const isOp = (t: StataToken | undefined, v: string): t is StataToken => !!t && t.kind === 'op' && t.value === v;
const isWord = (t: StataToken | undefined): t is StataToken => !!t && t.kind === 'word';

/** The variables an expression names: words that are not functions, reserved names, labels or macro parts. */
export function expressionNames(tokens: StataToken[]): ExpressionName[] {
  const out: ExpressionName[] = [];
  // Inside a date literal, td(01apr2021), tm(2021m4), tc(01apr2021 00:00:00), up to this index.
  let literalEnd = -1;
  tokens.forEach((t, k) => {
    if (k < literalEnd || t.kind !== 'word' || RESERVED.has(t.value)) return;
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    if (DATE_LITERALS.has(t.value) && isOp(next, '(') && !next.spaced) literalEnd = closing(tokens, k + 1);
    if (next && next.kind === 'op' && next.value === '(') return;
    if (prev && !t.spaced && (prev.kind === 'macro' || (prev.kind === 'op' && (prev.value === '.' || prev.value === ':')))) return;
    if (next && !next.spaced && (next.kind === 'macro' || (next.kind === 'op' && next.value === '.'))) return;
    // _b[x] and _se[x] name coefficients, r(mean), e(sample), c(current_date) stored results: not variables.
    const before = tokens[k - 2];
    if (prev && prev.kind === 'op' && prev.value === '[' && before && (before.value === '_b' || before.value === '_se')) return;
    if (isOp(prev, '(') && !prev.spaced && isWord(before) && STORED_RESULTS.has(before.value) && isOp(next, ')')) return;
    // M[1,2] is an element of a matrix; a variable's subscript x[_n-1] has no comma.
    if (isOp(next, '[') && !next.spaced && hasComma(tokens, k + 1)) return;
    out.push({ name: t.value, span: { start: t.start, end: t.end }, index: k });
  });
  return out;
}

export interface StataOption {
  name: string;
  /** The name in lower case, as options are matched. */
  lower: string;
  nameSpan: Span;
  /** Tokens inside the parentheses (empty without them). */
  args: StataToken[];
  /** Span inside the parentheses, up to the closing one or the end of the command. */
  argsSpan?: Span;
}

/** Options after the top-level comma: `clear`, `by(a b)`, `exec("...")`. */
export function parseOptions(tokens: StataToken[], commandEnd: number): StataOption[] {
  const out: StataOption[] = [];
  let k = 0;
  while (k < tokens.length) {
    const t = tokens[k];
    if (t.kind !== 'word') {
      k++;
      continue;
    }
    const option: StataOption = { name: t.value, lower: t.value.toLowerCase(), nameSpan: { start: t.start, end: t.end }, args: [] };
    k++;
    const open = tokens[k];
    if (open && open.kind === 'op' && open.value === '(' && !open.spaced) {
      let depth = 1;
      let j = k + 1;
      while (j < tokens.length) {
        const v = tokens[j].kind === 'op' ? tokens[j].value : '';
        if (v === '(') depth++;
        else if (v === ')' && --depth === 0) break;
        j++;
      }
      option.args = tokens.slice(k + 1, j);
      option.argsSpan = { start: open.end, end: j < tokens.length ? tokens[j].start : commandEnd };
      k = j + 1;
    }
    out.push(option);
  }
  return out;
}

/** An option by its full name, accepting Stata's abbreviations down to `min` characters. */
export function findOption(options: StataOption[], full: string, min = full.length): StataOption | undefined {
  for (const o of options) if (abbreviates(o.lower, full, min)) return o;
  return undefined;
}

export function abbreviates(word: string, full: string, min: number): boolean {
  return word.length >= min && word.length <= full.length && full.startsWith(word);
}

export interface FileName {
  /** The file's base name without folders or the .dta extension; undefined when a macro is part of it. */
  base?: string;
  baseSpan?: Span;
  /** A file named only by a macro (a tempfile): the macro text, to match `save` with `use`. */
  macro?: string;
}

/** A file name written as a string or as bare text (`use "$data/x.dta"`, `use x`, `save `t''). */
export function parseFileName(text: string, tokens: StataToken[]): FileName | undefined {
  if (tokens.length === 0) return undefined;
  if (tokens.length === 1 && tokens[0].kind === 'macro') return { macro: tokens[0].value };
  let pieces: { text: string; start: number; hole: boolean }[];
  const first = tokens[0];
  if (first.kind === 'string') {
    if (first.parts?.length === 1 && first.parts[0].kind === 'hole') return { macro: text.slice(first.parts[0].span.start, first.parts[0].span.end) };
    pieces = (first.parts ?? []).map((p) => (p.kind === 'text' ? { text: p.text, start: p.start, hole: false } : { text: '', start: p.span.start, hole: true }));
  } else {
    // Bare text: the tokens glued together up to the first blank.
    let end = 1;
    while (end < tokens.length && !tokens[end].spaced) end++;
    pieces = tokens.slice(0, end).map((t) => ({ text: t.value, start: t.start, hole: t.kind === 'macro' }));
  }
  // The base name is what follows the last folder separator.
  let baseStart = -1;
  let base = '';
  for (const p of pieces) {
    if (p.hole) {
      base += '\u0000';
      continue;
    }
    const cut = Math.max(p.text.lastIndexOf('/'), p.text.lastIndexOf('\\'));
    if (cut >= 0) {
      base = p.text.slice(cut + 1);
      baseStart = p.start + cut + 1;
    } else {
      if (baseStart < 0) baseStart = p.start;
      base += p.text;
    }
  }
  base = base.replace(/\.dta$/i, '');
  if (base.includes('\u0000') || base.length === 0 || baseStart < 0) return {};
  return { base, baseSpan: { start: baseStart, end: baseStart + base.length } };
}

/** The SQL of an exec("...") string: its literal parts, and its macros as holes. */
export function sqlPieces(parts: StringPart[]): SqlPiece[] {
  return parts.map((p) => (p.kind === 'text' ? plainPiece(p.text, p.start) : { kind: 'hole', span: p.span }));
}
