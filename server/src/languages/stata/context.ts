// What is expected at the caret in a do-file: a variable of the dataset in memory, a coded value,
// a table name in `odbc load, table("...")`, whatever the SQL inside `exec("...")` expects, or nothing.

import { analyseEmbeddedSql, EmbeddedSql } from '../embedded';
import { CompletionContext, NameRef, Span } from '../model';
import type { StataResult, ValueSlot } from './analyse';
import { readStringAt } from './lexer';
import { sqlPieces } from './syntax';

const inside = (s: Span, offset: number): boolean => s.start <= offset && offset <= s.end;

/** Binary search over `count` entries sorted by key: the index of the last one whose key is below `offset`, or -1. */
function lastBelow(count: number, key: (i: number) => number, offset: number): number {
  let lo = 0;
  let hi = count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(mid) < offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Answers completion contexts for one analysis; every look-up is a binary search, not a scan of the file. */
export class StataContext {
  private values: Map<number, ValueSlot> | undefined;
  /** The SQL of the exec string last asked about, analysed again on demand. */
  private sql: { start: number; embedded: EmbeddedSql } | undefined;

  constructor(readonly result: StataResult) {}

  at(offset: number): CompletionContext {
    const sql = this.embeddedAt(offset);
    if (sql) return { ...sql.model.completionContext(offset), embedded: 'sql' };
    const result = this.result;
    const comments = result.comments;
    const c = lastBelow(comments.length, (i) => comments.get(i).start, offset);
    if (c >= 0 && offset <= comments.get(c).end) return { kind: 'none', reason: 'comment' };

    const strings = result.strings;
    const k = lastBelow(strings.length / 5, (i) => strings.get(5 * i), offset);
    if (k >= 0) {
      const end = strings.get(5 * k + 1);
      if (offset < end || (strings.get(5 * k + 4) === 1 && offset <= end)) return this.inString(strings.get(5 * k + 2), offset);
    }
    return this.column(offset);
  }

  /** The exec("...") SQL whose text covers the offset. */
  private embeddedAt(offset: number): EmbeddedSql | undefined {
    const exec = this.result.execStrings;
    const k = lastBelow(exec.length / 2, (i) => exec.get(2 * i), offset);
    if (k < 0) return undefined;
    const start = exec.get(2 * k);
    let sql = this.sql;
    if (sql?.start !== start) {
      const str = readStringAt(this.result.text, start, exec.get(2 * k + 1) === 1);
      sql = this.sql = { start, embedded: analyseEmbeddedSql(sqlPieces(str.parts)) };
    }
    return sql.embedded.covers(offset) ? sql.embedded : undefined;
  }

  private inString(contentStart: number, offset: number): CompletionContext {
    const result = this.result;
    const value = this.valueSlot(contentStart);
    if (value) {
      return {
        kind: 'value',
        prefix: result.text.slice(value.content.start, offset),
        replace: { start: value.content.start, end: value.closed ? value.content.end : offset },
        column: value.column,
        quote: '"',
        closed: value.closed,
      };
    }
    const tables = result.tableSlots;
    const t = lastBelow(tables.length, (i) => tables.get(i).start, offset + 1);
    if (t >= 0 && inside(tables.get(t), offset)) return tableContext(result.text, tables.get(t), offset);
    return { kind: 'none', reason: 'string' };
  }

  private valueSlot(contentStart: number): ValueSlot | undefined {
    if (!this.values) {
      this.values = new Map();
      // The first slot of a string wins, as a search in text order would find it.
      for (const v of this.result.valueSlots.toArray()) if (!this.values.has(v.content.start)) this.values.set(v.content.start, v);
    }
    return this.values.get(contentStart);
  }

  /** The innermost column slot at the offset: a by() option inside a command's options is narrower than the command. */
  private column(offset: number): CompletionContext {
    const slots = this.result.columnSlots;
    const last = lastBelow(slots.command.length, (i) => slots.command.get(i), offset);
    let slot = -1;
    let width = 0;
    for (let i = last; i >= 0 && slots.command.get(i) === slots.command.get(last); i--) {
      const after = slots.after.get(i);
      const end = slots.end.get(i);
      if (after < offset && offset <= end && (slot < 0 || end - after <= width)) {
        slot = i;
        width = end - after;
      }
    }
    if (slot < 0) return { kind: 'none' };
    const text = this.result.text;
    const after = slots.after.get(slot);
    let start = offset;
    while (start > after && /[\w*?~\u0080-\uffff]/.test(text[start - 1])) start--;
    let end = offset;
    while (end < text.length && /[\w\u0080-\uffff]/.test(text[end])) end++;
    const prefix = text.slice(start, offset);
    // Numbers, macros (`x' and $x) and missing values (.a) are not variable names; a name after a factor-variable or
    // time-series operator (i.x, ib2.x, L2.x, i(1 2).x) is.
    const missingValue = text[start - 1] === '.' && !endsOperator(text, start - 1, after);
    if (/^\d/.test(prefix) || text[start - 1] === '$' || text[start - 1] === '`' || missingValue) return { kind: 'none', reason: /^\d/.test(prefix) ? 'number' : 'name' };
    return { kind: 'column', prefix, replace: { start, end }, scope: slots.scope.get(slot), quoted: false };
  }
}

/**
 * Whether the `.` at `dot` ends an operator: one of one to three letters and maybe digits standing alone (i, c, ib2,
 * ibn, L2), or one with a numlist, whose `)` is before the dot. (A number alone is left out: in an expression,
 * `x > 1.` is a decimal being typed.)
 */
function endsOperator(text: string, dot: number, from: number): boolean {
  if (text[dot - 1] === ')') return true;
  let k = dot;
  while (k > from && isDigit(text[k - 1])) k--;
  let letters = 0;
  while (k > from && letters <= 3 && /[A-Za-z]/.test(text[k - 1])) {
    k--;
    letters++;
  }
  return letters >= 1 && letters <= 3 && !(k > from && /[\w\u0080-\uffff]/.test(text[k - 1]));
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';

function tableContext(text: string, content: Span, offset: number): CompletionContext {
  const before = text.slice(content.start, offset);
  const dot = before.lastIndexOf('.');
  const replaceStart = content.start + dot + 1;
  let end = offset;
  while (end < content.end && text[end] !== '.') end++;
  let typed: NameRef | undefined;
  if (dot >= 0) {
    const parts = before.slice(0, dot).split('.').map((p) => p.replace(/^[[\]"]+|[[\]"]+$/g, ''));
    const partSpans: Span[] = [];
    let at = content.start;
    for (const raw of before.slice(0, dot).split('.')) {
      partSpans.push({ start: at, end: at + raw.length });
      at += raw.length + 1;
    }
    typed = { parts, partSpans, span: { start: content.start, end: content.start + dot } };
  }
  return { kind: 'table', prefix: text.slice(replaceStart, offset), replace: { start: replaceStart, end }, typed, quoted: false };
}
