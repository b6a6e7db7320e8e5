// What is expected at the caret in a do-file: a variable of the dataset in memory, a coded value,
// a table name in `odbc load, table("...")`, whatever the SQL inside `exec("...")` expects, or nothing.

import { CompletionContext, NameRef, Span } from '../model';
import type { StataResult } from './analyse';

const inside = (s: Span, offset: number): boolean => s.start <= offset && offset <= s.end;

export function stataCompletionContext(result: StataResult, offset: number): CompletionContext {
  for (const sql of result.embedded) {
    if (sql.covers(offset)) return sql.model.completionContext(offset);
  }
  if (result.comments.some((c) => c.start < offset && offset <= c.end)) return { kind: 'none' };

  const str = result.strings.find((t) => t.start < offset && (offset < t.end || (t.unterminated && offset <= t.end)));
  if (str) {
    const value = result.valueSlots.find((v) => v.content.start === str.content?.start);
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
    const table = result.tableSlots.find((s) => inside(s, offset));
    if (table) return tableContext(result.text, table, offset);
    return { kind: 'none' };
  }

  // The innermost slot: a by() option inside a command's options is narrower than the command.
  let slot: StataResult['columnSlots'][number] | undefined;
  for (const s of result.columnSlots) {
    if (s.after < offset && offset <= s.end && (!slot || s.end - s.after < slot.end - slot.after)) slot = s;
  }
  if (!slot) return { kind: 'none' };
  const text = result.text;
  let start = offset;
  while (start > slot.after && /[\w*?~\u0080-\uffff]/.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && /[\w\u0080-\uffff]/.test(text[end])) end++;
  const prefix = text.slice(start, offset);
  // Numbers, macros (`x' and $x) and missing values (.a) are not variable names.
  if (/^\d/.test(prefix) || text[start - 1] === '$' || text[start - 1] === '`' || text[start - 1] === '.') return { kind: 'none' };
  return { kind: 'column', prefix, replace: { start, end }, scope: slot.scope, quoted: false };
}

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
