// dplyr / tidyr verbs: what each does to the columns of its data, and which of its arguments are
// evaluated among those columns. A result that cannot be known exactly is a superset of the true
// columns (safe: a missing column is never wrongly reported) or marked incomplete.

import { DerivedColumn, NamedColumn, Span } from '../model';
import type { RAnalyser } from './analyse';
import { isInjection } from './analyse';
import { RArg, RNode } from './parse';
import { derived, extend, Frame, incomplete, markValues, Mask, unknownRel, Values, without } from './frames';
import { stringValue, contentSpan } from './strings';

type Call = Extract<RNode, { k: 'call' }>;
type Verb = (a: RAnalyser, name: string, call: Call, data: Frame, args: RArg[]) => Frame | undefined;

const SELECT_HELPERS = new Set(['everything', 'starts_with', 'ends_with', 'contains', 'matches', 'num_range', 'all_of', 'any_of', 'where', 'last_col']);

const region = (call: Call): Span => ({ start: call.open, end: call.end });

/** Filters, sorts and other verbs that keep the columns. */
const keep: Verb = (a, _name, call, data, args) => {
  const m = a.mask([data], region(call));
  for (const arg of args) {
    if (arg.name === '.by' || arg.name === 'by') selection(a, [{ ...arg, name: undefined }], m);
    else a.visit(arg.value, m);
  }
  return data;
};

/**
 * Tidyselect arguments: the columns they name, and whether others may be selected too. `dropped` is set when the
 * selection is all the columns but those it names: a first `-x` or `!x`, then only `-y` (tidyselect starts from
 * every column when the first is `-`, and takes the union of the rest: `!a, !b` is every column).
 */
function selection(a: RAnalyser, args: RArg[], m: Mask): { cols: NamedColumn[]; more: boolean; dropped?: string[] } {
  const cols: NamedColumn[] = [];
  let more = false;
  const item = (node: RNode | undefined, as?: { name: string; span?: Span }): void => {
    if (!node) return;
    if (node.k === 'ident') {
      const ref = a.maskIdent(node, m);
      if (ref) cols.push({ name: as?.name ?? ref.name, span: as?.span, origin: { name: ref.name, scope: ref.scope } });
      else more = true;
    } else if (node.k === 'string') {
      const ref = a.stringColRef(node.tok, m.scope);
      if (ref) cols.push({ name: as?.name ?? ref.name, span: as?.span, origin: { name: ref.name, scope: ref.scope } });
    } else if (node.k === 'call' && node.fn.k === 'ident' && node.fn.name === 'c') {
      for (const x of node.args) item(x.value, x.name !== undefined ? { name: x.name, span: x.nameSpan } : undefined);
    } else if (isInjection(node)) {
      // select(!!!cols), select(!!col): columns named by a value outside the data.
      a.visit(node);
      more = true;
    } else if (node.k === 'unary' && (node.op === '-' || node.op === '!')) {
      // Exclusions: the rest stays.
      selection(a, [{ value: node.arg, span: node.span }], m);
      more = true;
    } else if (node.k === 'binary' && node.op === ':') {
      a.visit(node.left, m);
      a.visit(node.right, m);
      more = true;
    } else {
      if (node.k === 'call' && node.fn.k === 'ident' && SELECT_HELPERS.has(node.fn.name)) a.visitArgs(node.args);
      else a.visit(node, m);
      more = true;
    }
  };
  let dropped: string[] | undefined = args.length > 0 ? [] : undefined;
  args.forEach((arg, i) => {
    const v = arg.value;
    if (arg.name === undefined && v?.k === 'unary' && (v.op === '-' || (v.op === '!' && i === 0)) && !isInjection(v)) {
      const out = selection(a, [{ value: v.arg, span: v.span }], m);
      more = true;
      if (dropped && !out.more && out.cols.every((c) => c.origin && c.name === c.origin.name)) dropped.push(...out.cols.map((c) => c.name));
      else dropped = undefined;
      return;
    }
    dropped = undefined;
    if (arg.name?.startsWith('.')) a.visit(v, m);
    else item(v, arg.name !== undefined ? { name: arg.name, span: arg.nameSpan } : undefined);
  });
  return { cols, more, dropped };
}

const groupCols = (data: Frame): NamedColumn[] => (Array.isArray(data.groups) ? data.groups : []);

/** Puts the grouping columns first when a verb keeps them (select, summarise, count). */
function withGroups(data: Frame, cols: DerivedColumn[]): DerivedColumn[] {
  const names = new Set(cols.flatMap((c) => ('name' in c ? [c.name] : [])));
  return [...groupCols(data).filter((g) => !names.has(g.name)), ...cols];
}

const select: Verb = (a, name, call, data, args) => {
  const { cols, more, dropped } = selection(a, args, a.mask([data], region(call)));
  // All but some columns; the grouping ones are kept all the same (and where they are not known, all may be).
  if (dropped && data.groups !== 'unknown') {
    const groups = new Set(groupCols(data).map((g) => g.name));
    return without(data, `${name}() result`, dropped.filter((n) => !groups.has(n)));
  }
  if (more) return { ...data, rel: derived(`${name}() result`, [{ star: data.rel }, ...cols.filter((c) => c.name !== c.origin?.name)]) };
  return { ...data, rel: derived(`${name}() result`, withGroups(data, cols)) };
};

const relocate: Verb = (a, _name, call, data, args) => {
  selection(a, args, a.mask([data], region(call)));
  return data;
};

const rename: Verb = (a, name, call, data, args) => {
  const { cols, more } = selection(a, args, a.mask([data], region(call)));
  const renamed = cols.filter((c) => c.name !== c.origin?.name);
  // The old names go (each new one finds its column through its origin, in `data`).
  const olds = renamed.flatMap((c) => (c.origin ? [c.origin.name] : []));
  const next = extend(without(data, `${name}() result`, olds), `${name}() result`, renamed);
  return more ? incomplete(next, `${name}() result`) : next;
};

/** Named arguments create columns, each visible to the next; what else they create cannot be named. */
function creations(a: RAnalyser, name: string, call: Call, data: Frame, args: RArg[]): { created: NamedColumn[]; passed: NamedColumn[]; unknown: boolean; by?: NamedColumn[]; recomputed?: boolean; removed: string[] } {
  let cur = data;
  let created: NamedColumn[] = [];
  /** `x = NULL`: the column goes (a column made before it in the same call too). */
  const removed: string[] = [];
  const passed: NamedColumn[] = [];
  let unknown = false;
  let recomputed = false;
  let by: NamedColumn[] | undefined;
  // The region for completion before any argument is written.
  if (args.length === 0) a.mask([cur], region(call));
  for (const arg of args) {
    const m = a.mask([cur], region(call));
    if (arg.name === '.by' || arg.name === 'by') {
      const s = selection(a, [{ ...arg, name: undefined }], m);
      by = s.cols;
      unknown ||= s.more;
      continue;
    }
    if (arg.name?.startsWith('.')) {
      a.visit(arg.value, m);
      continue;
    }
    if (arg.name !== undefined && arg.value?.k === 'ident' && arg.value.name === 'NULL' && !arg.value.pkg) {
      const gone = arg.name;
      created = created.filter((c) => c.name !== gone);
      removed.push(gone);
      cur = without(cur, `${name}() result`, [gone]);
      continue;
    }
    if (arg.name !== undefined) {
      const v = a.visit(arg.value, m);
      const col: NamedColumn = { name: arg.name, span: arg.nameSpan, origin: v.col ? { name: v.col.name, scope: v.col.scope } : undefined };
      created.push(col);
      cur = extend(cur, `${name}() result`, [col]);
      continue;
    }
    const v = arg.value;
    if (v?.k === 'call' && v.fn.k === 'ident' && (v.fn.name === 'across' || v.fn.name === 'pick')) {
      // across(cols, fns): the columns are selected; functions are not columns. `.names` makes new ones.
      const cols = v.args.find((x) => x.name === '.cols') ?? v.args.find((x) => x.name === undefined);
      const s = cols ? selection(a, [{ ...cols, name: undefined }], m) : { cols: [], more: true };
      for (const x of v.args) if (x !== cols) a.visit(x.value);
      // With functions the selected columns are computed anew: their names stay, their catalogue codes do not.
      const computed = v.fn.name === 'across' && v.args.some((x) => x !== cols && (x.name === undefined || x.name === '.fns'));
      const cs = computed ? s.cols.map((c): NamedColumn => ({ name: c.name })) : s.cols;
      if (v.args.some((x) => x.name === '.names') || v.fn.name === 'pick') unknown = true;
      else if (s.more && computed && name === 'mutate') {
        // A selection not followed (starts_with("phq"), where(is.character)) may recompute any column so far.
        recomputed = true;
        cur = markValues({ ...cur, rel: derived(`${name}() result`, [{ star: cur.rel }]) }, Values.Recomputed);
      } else if (s.more) unknown ||= name !== 'mutate';
      else if (computed && name === 'mutate') {
        created.push(...cs);
        cur = extend(cur, `${name}() result`, cs);
      } else passed.push(...cs);
      continue;
    }
    const val = a.visit(v, m);
    if (v?.k === 'ident' && val.col) passed.push({ name: val.col.name, origin: { name: val.col.name, scope: val.col.scope } });
    else unknown = true;
  }
  return { created, passed, unknown, by, recomputed, removed };
}

const mutate: Verb = (a, name, call, data, args) => {
  const { created, unknown, recomputed, removed } = creations(a, name, call, data, args);
  let next = extend(without(data, `${name}() result`, removed), `${name}() result`, created);
  // Then the values of every column, those made before the across() included, may have changed.
  if (recomputed) next = markValues({ ...next, rel: derived(`${name}() result`, [{ star: next.rel }]) }, Values.Recomputed);
  return unknown ? incomplete(next, `${name}() result`) : next;
};

const transmute: Verb = (a, name, call, data, args) => {
  const { created, passed, unknown } = creations(a, name, call, data, args);
  const rel = derived(`${name}() result`, withGroups(data, [...passed, ...created]));
  return unknown || data.groups === 'unknown' ? incomplete({ rel }, `${name}() result`) : { rel, dt: data.dt, groups: data.groups };
};

const summarise: Verb = (a, name, call, data, args) => {
  const { created, passed, unknown, by } = creations(a, name, call, data, args);
  const groups = by ?? groupCols(data);
  const rel = derived(`${name}() result`, [...groups, ...passed, ...created]);
  if (unknown || (!by && data.groups === 'unknown')) return incomplete({ rel }, `${name}() result`);
  // summarise() drops the last grouping level.
  return { rel, dt: data.dt, groups: by ? undefined : groups.slice(0, -1) };
};

const groupBy: Verb = (a, name, call, data, args) => {
  const add = args.some((x) => x.name === '.add' && x.value?.k === 'ident' && x.value.name === 'TRUE');
  const { created, passed, unknown } = creations(a, name, call, data, args);
  const next = extend(data, `${name}() result`, created);
  const groups = [...(add ? groupCols(data) : []), ...passed, ...created];
  return { rel: next.rel, dt: next.dt, groups: unknown ? 'unknown' : groups };
};

const count: Verb = (a, name, call, data, args) => {
  const nameArg = args.find((x) => x.name === 'name');
  const nName = nameArg?.value?.k === 'string' ? stringValue(a.text, nameArg.value.tok) : 'n';
  const rest = args.filter((x) => !['name', 'wt', 'sort', '.drop'].includes(x.name ?? ''));
  for (const x of args) if (!rest.includes(x)) a.visit(x.value, a.mask([data], region(call)));
  const { created, passed, unknown } = creations(a, name, call, data, rest);
  const n: NamedColumn = { name: nName, span: nameArg?.value?.k === 'string' ? contentSpan(nameArg.value.tok) : undefined };
  if (name === 'add_count' || name === 'add_tally') {
    const next = extend(data, `${name}() result`, [...created, n]);
    return unknown ? incomplete(next, `${name}() result`) : next;
  }
  const rel = derived(`${name}() result`, withGroups(data, [...passed, ...created, n]));
  return unknown || data.groups === 'unknown' ? incomplete({ rel }, `${name}() result`) : { rel, dt: data.dt };
};

const distinct: Verb = (a, name, call, data, args) => {
  const keepAll = args.some((x) => x.name === '.keep_all' && x.value?.k === 'ident' && x.value.name === 'TRUE');
  const cols = args.filter((x) => !x.name?.startsWith('.'));
  if (keepAll || cols.length === 0) return keep(a, name, call, data, args);
  return transmute(a, name, call, data, args);
};

const join: Verb = (a, name, call, data, args) => {
  const yArg = args.find((x) => x.name === 'y') ?? args.find((x) => x.name === undefined);
  // Data that is not a frame the analyser follows (get_lookup(), setNames(...)) has columns it cannot name: the
  // keys by = names on its side are not x's to check.
  const y = a.visit(yArg?.value).frame ?? (yArg ? { rel: unknownRel('join data') } : undefined);
  const frames = y ? [data, y] : [data];
  for (const arg of args) {
    if (arg === yArg) continue;
    const m = a.mask(frames, arg.value?.span ?? arg.span);
    if (arg.name === 'by' || (arg.name === undefined && arg !== yArg)) {
      const v = arg.value;
      if (v?.k === 'call' && v.fn.k === 'ident' && v.fn.name === 'c') {
        for (const x of v.args) {
          if (x.name !== undefined && x.nameSpan) a.colRef(x.name, x.nameSpan, m.scope);
          if (x.value?.k === 'string') a.stringColRef(x.value.tok, m.scope);
        }
      } else if (v?.k === 'string') a.stringColRef(v.tok, m.scope);
      else a.visit(v, m);
    } else a.visit(arg.value);
  }
  if (name === 'semi_join' || name === 'anti_join') return data;
  // Columns in both tables get .x / .y suffixes: which ones depends on the catalogue, so the result is incomplete.
  return { rel: derived(`${name}() result`, [{ star: data.rel }, ...(y ? [{ star: y.rel }] : []), { star: unknownRel('join suffixes') }]) };
};

const bindRows: Verb = (a, name, _call, data, args) => {
  const parts: DerivedColumn[] = [{ star: data.rel }];
  let known = true;
  for (const arg of args) {
    if (arg.name === '.id' && arg.value?.k === 'string') parts.push({ name: stringValue(a.text, arg.value.tok), span: contentSpan(arg.value.tok) });
    else {
      const f = a.visit(arg.value).frame;
      if (f) parts.push({ star: f.rel });
      else known = false;
    }
  }
  const rel = derived(`${name}() result`, parts);
  return known ? { rel } : incomplete({ rel }, `${name}() result`);
};

/** Reshaping verbs: their arguments are columns, their result cannot be named. */
const reshape: Verb = (a, name, call, data, args) => {
  const m = a.mask([data], region(call));
  for (const arg of args) {
    if (arg.name === 'cols' || arg.name === 'id_cols' || arg.name === undefined) selection(a, [{ ...arg, name: undefined }], m);
    else if (arg.name === 'names_from' || arg.name === 'values_from') selection(a, [{ ...arg, name: undefined }], m);
    else a.visit(arg.value);
  }
  return incomplete(data, `${name}() result`);
};

const pull: Verb = (a, name, call, data, args) => {
  keep(a, name, call, data, args);
  return undefined;
};

const VERBS: Record<string, Verb> = {
  filter: keep, arrange: keep, slice: keep, slice_head: keep, slice_tail: keep, slice_min: keep, slice_max: keep, slice_sample: keep,
  head: keep, tail: keep, collect: keep, compute: keep, collapse: keep, rowwise: keep, as_tibble: keep,
  'as.data.frame': keep, drop_na: keep, 'na.omit': keep, sample_n: keep, sample_frac: keep, top_n: keep, fill: keep, replace_na: keep,
  ungroup: (a, name, call, data, args) => ({ ...data, ...keep(a, name, call, data, args), groups: undefined }),
  select, relocate, rename, rename_with: (a, name, call, data, args) => (a.visitArgs(args), incomplete(data, `${name}() result`)),
  mutate, transform: mutate, transmute, summarise, summarize: summarise, reframe: summarise, group_by: groupBy,
  count, tally: count, add_count: count, add_tally: count, distinct,
  left_join: join, right_join: join, inner_join: join, full_join: join, semi_join: join, anti_join: join,
  bind_rows: bindRows, rbind: bindRows,
  pivot_longer: reshape, pivot_wider: reshape, separate: reshape, unite: reshape, nest: reshape, unnest: reshape, complete: reshape,
  pull,
};

const VERB_NAMES = new Set(Object.keys(VERBS));

export function isVerb(name: string): boolean {
  return VERB_NAMES.has(name);
}

export function applyVerb(a: RAnalyser, name: string, call: Call, data: Frame, args: RArg[]): Frame | undefined {
  return VERBS[name](a, name, call, data, args);
}
