// Which code of a list a value in a script stands for: exactly, as SQL Server compares it, or as R compares it with a
// code that RODBC converted to a number.

import { Code, CodeList } from '../catalogue/model';
import { ValueRef } from '../languages/model';

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/;

/** A blank ('' or ' '): what `<> ''` and `== ""` test for, never a code (no diagnostic, no hover). */
export function isBlank(value: Pick<ValueRef, 'value'>): boolean {
  return value.value.trim() === '';
}

export function codeOf(list: CodeList, value: Pick<ValueRef, 'value' | 'sql' | 'converted'>): Code | undefined {
  const exact = list.codes.find((c) => c.code === value.value);
  if (exact) return exact;
  // R: a code converted to a number compares as R prints the number ('01' as '1').
  if (value.converted) return list.codes.find((c) => NUMBER.test(c.code) && String(Number(c.code)) === value.value);
  if (!value.sql) return undefined;
  if (value.sql === 'number') {
    // The code column is converted to a number to compare: '01' = 1.
    const n = Number(value.value);
    return list.codes.find((c) => NUMBER.test(c.code) && Number(c.code) === n);
  }
  // The default collation of SQL Server ignores case, and trailing spaces in any comparison.
  const key = value.value.trimEnd().toLowerCase();
  return list.codes.find((c) => c.code.trimEnd().toLowerCase() === key);
}
