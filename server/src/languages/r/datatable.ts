// data.table's dt[i, j, by]: i, j and by are evaluated among the columns; `:=` adds columns in place.

import { NamedColumn } from '../model';
import type { RAnalyser } from './analyse';
import { stringsOf, takeArg } from './analyse';
import { RArg, RNode } from './parse';
import { derived, extend, Frame, incomplete, Mask, unknownRel, Val, without } from './frames';
import { contentSpan, stringValue } from './strings';

type Index = Extract<RNode, { k: 'index' }>;

export function dtIndex(a: RAnalyser, node: Index, f: Frame, outer?: Mask): Val {
  const byTaken = takeArg(node.args, ['by', 'keyby'], -1);
  const positional = byTaken.rest.filter((x) => x.name === undefined);
  for (const x of byTaken.rest) if (x.name !== undefined) a.visit(x.value, outer);
  const [i, j, byPos] = positional;
  // X[Y] with Y a data frame, or X[..., on = ...]: a join. Its j and result see the columns of both, and
  // others (i.x for a column of Y that X has too): which ones depends on the catalogue, so they are incomplete.
  const iv = i?.value;
  const held = iv?.k === 'ident' ? a.env.get(iv.name) : undefined;
  const y = held && 'frame' in held ? held.frame : undefined;
  const joined: Frame | undefined =
    y || byTaken.rest.some((x) => x.name === 'on')
      ? { rel: derived('data.table join', [{ star: f.rel }, { star: y ? y.rel : unknownRel('joined table') }, { star: unknownRel('join prefixes') }]), dt: true }
      : undefined;
  const m = a.mask([joined ?? f], { start: node.open, end: node.end });
  if (!y) a.visit(iv, m);
  const by = byColumns(a, byTaken.arg ?? byPos, m);
  const jv = j?.value;
  if (!jv) return { frame: joined ?? f };
  const assignment = walrus(jv);
  if (assignment) {
    for (const v of assignment.values) a.visit(v, m);
    // x := NULL deletes the column (data.table refuses with rows given: then nothing changes, taken as assigned).
    const deletes = !iv;
    const removed = assignment.names.filter((s) => s.removed && deletes).map((s) => s.name);
    const names = assignment.names.filter((s) => !(s.removed && deletes)).map((s) => ({ name: s.name, span: s.span }));
    const next = assignment.known ? extend(without(f, ':= result', removed), ':= result', names) : incomplete(f, ':= result');
    // := changes the table in place, also through setDT(x)[, ...], which returns x itself.
    const obj = node.obj.k === 'call' && node.obj.fn.k === 'ident' && node.obj.fn.name === 'setDT' ? node.obj.args[0]?.value : node.obj;
    if (obj?.k === 'ident') a.env.set(obj.name, { frame: next });
    return { frame: next };
  }
  if (jv.k === 'call' && jv.fn.k === 'ident' && (jv.fn.name === '.' || jv.fn.name === 'list')) {
    const cols: NamedColumn[] = [];
    let unknown = by === undefined;
    for (const x of jv.args) {
      const v = a.visit(x.value, m);
      if (x.name !== undefined) cols.push({ name: x.name, span: x.nameSpan, origin: v.col ? { name: v.col.name, scope: v.col.scope } : undefined });
      else if (x.value?.k === 'ident' && v.col) cols.push({ name: v.col.name, origin: { name: v.col.name, scope: v.col.scope } });
      else unknown = true;
    }
    const rel = derived('data.table j result', [...(by ?? []), ...cols]);
    return { frame: unknown ? incomplete({ rel, dt: true }, 'data.table j result') : { rel, dt: true } };
  }
  const strings = stringsOf(jv);
  if (strings.length > 0) {
    strings.forEach((s) => a.stringColRef(s, m.scope));
    return { frame: { rel: derived('selected columns', strings.map((s) => ({ name: stringValue(a.text, s), origin: { name: stringValue(a.text, s), scope: m.scope } }))), dt: true } };
  }
  a.visit(jv, m);
  return {};
}

/** by = .(a, b), list(a, b), c("a", "b"), "a,b" or a: the grouping columns; undefined when not all are known. */
function byColumns(a: RAnalyser, arg: RArg | undefined, m: Mask): NamedColumn[] | undefined {
  const v = arg?.value;
  if (!v) return [];
  if (v.k === 'string' && !v.tok.unterminated && v.tok.value.includes(',')) {
    a.visit(v);
    return undefined;
  }
  const strings = stringsOf(v);
  if (strings.length > 0) return strings.flatMap((s) => (a.stringColRef(s, m.scope) ? [{ name: stringValue(a.text, s) }] : []));
  const items = v.k === 'call' && v.fn.k === 'ident' && (v.fn.name === '.' || v.fn.name === 'list') ? v.args : [{ value: v, span: v.span } as RArg];
  const cols: NamedColumn[] = [];
  let known = true;
  for (const x of items) {
    const r = a.visit(x.value, m);
    if (x.name !== undefined) cols.push({ name: x.name, span: x.nameSpan });
    else if (x.value?.k === 'ident' && r.col) cols.push({ name: r.col.name, origin: { name: r.col.name, scope: r.col.scope } });
    else known = false;
  }
  return known ? cols : undefined;
}

/** `new := expr`, `c("a", "b") := ...`, `:=`(a = x, b = y): the new column names and the values. */
function walrus(j: RNode): { names: { name: string; span?: { start: number; end: number }; removed: boolean }[]; values: (RNode | undefined)[]; known: boolean } | undefined {
  if (j.k === 'binary' && j.op === ':=') {
    const left = j.left;
    const removed = isNull(j.right);
    if (left.k === 'ident') return { names: [{ name: left.name, span: left.span, removed }], values: [j.right], known: true };
    const strings = stringsOf(left);
    if (strings.length > 0) return { names: strings.map((s) => ({ name: s.value, span: contentSpan(s), removed })), values: [j.right], known: true };
    return { names: [], values: [left, j.right], known: false };
  }
  if (j.k === 'call' && j.fn.k === 'ident' && j.fn.name === ':=') {
    const named = j.args.filter((x) => x.name !== undefined);
    return { names: named.map((x) => ({ name: x.name as string, span: x.nameSpan, removed: isNull(x.value) })), values: j.args.map((x) => x.value), known: named.length === j.args.length };
  }
  return undefined;
}

const isNull = (v: RNode | undefined): boolean => v?.k === 'ident' && v.name === 'NULL' && !v.pkg;
