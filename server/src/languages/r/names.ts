// Which bare names may be R variables rather than columns.

import { pushChildren, RNode } from './parse';

/** Never columns. */
export const CONSTANTS = new Set([
  'TRUE', 'FALSE', 'T', 'F', 'NA', 'NULL', 'Inf', 'NaN', 'NA_integer_', 'NA_real_', 'NA_character_', 'NA_complex_',
  'pi', 'LETTERS', 'letters', 'month.name', 'month.abb', 'else', 'in', 'next', 'break',
]);

/**
 * Functions commonly passed by name under data masking (across(x, mean), sapply(x, max)): a bare name
 * like these may be a function, so it is resolved for hover but never reported as a missing column.
 */
export const LOOSE_NAMES = new Set([
  'mean', 'median', 'sum', 'min', 'max', 'sd', 'var', 'range', 'length', 'n', 'n_distinct', 'first', 'last', 'nth',
  'identity', 'is.na', 'as.numeric', 'as.integer', 'as.character', 'as.factor', 'as.Date', 'factor', 'round', 'abs',
  'log', 'exp', 'sqrt', 'paste', 'paste0', 'toupper', 'tolower', 'trimws', 'nchar', 'unique', 'rev', 'sort', 'cumsum',
  'c', 'list', 'rbind', 'cbind', 'print', 'str', 'summary', 'quantile', 'IQR', 'table', 'class', 'seq_along',
  'count', 'desc', 'row_number', 'lag', 'lead', 'coalesce', 'any', 'all', 'which', 'ifelse', 'if_else', 'everything',
]);

const ASSIGN_OPS = new Set(['<-', '<<-', '=']);
// Calls that bring in variables the analyser cannot see.
const OPAQUE_CALLS = new Set(['source', 'sys.source', 'load', 'attach', 'list2env', 'attachNamespace']);

/**
 * Names the script assigns anywhere (any scope), its parameters and loop variables, added to `assigned`;
 * and whether it loads unseen variables.
 */
export function assignedNames(roots: RNode[], assigned = new Set<string>()): { assigned: Set<string>; opaque: boolean } {
  let opaque = false;
  const stack: RNode[] = [...roots];
  while (stack.length) {
    const n = stack.pop() as RNode;
    switch (n.k) {
      case 'binary':
        if (ASSIGN_OPS.has(n.op) || n.op === '%<>%') target(n.left);
        if ((n.op === '->' || n.op === '->>') && n.right) target(n.right);
        break;
      case 'call':
        if (n.fn.k === 'ident') {
          if (OPAQUE_CALLS.has(n.fn.name)) opaque = true;
          const first = n.args[0]?.value;
          if (n.fn.name === 'assign' && first?.k === 'string') assigned.add(first.tok.value);
        }
        break;
      case 'function':
        for (const p of n.params) assigned.add(p.name);
        break;
      case 'control':
        if (n.loopVar) assigned.add(n.loopVar);
        break;
    }
    pushChildren(n, stack);
  }
  return { assigned, opaque };

  function target(t: RNode): void {
    if (t.k === 'ident') assigned.add(t.name);
    else if (t.k === 'string') assigned.add(t.tok.value);
  }
}
