// Where data frames come from: SQL queries (sqlQuery, dbGetQuery...), tables read by name
// (dbReadTable, tbl, in_schema, Id), and files whose name is a catalogue table's.

import { SqlPiece } from '../embedded';
import { DerivedColumn, NameRef, Relation, Span } from '../model';
import type { RAnalyser } from './analyse';
import { stringsOf } from './analyse';
import { RToken } from './lexer';
import { RArg, RNode } from './parse';
import { contentSpan, gluePieces, sprintfPieces, stringPiece, stringValue } from './strings';
import { derived, Frame, unknownRel } from './frames';

const CONCAT = new Set(['paste', 'paste0', 'str_c']);
const GLUE = new Set(['glue', 'glue_sql', 'str_glue', 'glue_data_sql']);
const WRAP = new Set(['sql', 'SQL', 'I', 'trimws', 'toupper', 'str_squish']);
const MAX_DEPTH = 20;
/**
 * A query built of more pieces, or longer, is not followed (no diagnostics, as for any query not built from
 * literals). A variable can paste another twice (`a2 <- paste0(a1, a1)`): the pieces double with each line, and 18
 * such lines overflowed the stack; and each string a chain of paste0s builds is analysed as SQL, so a chain of
 * thousands of them took seconds.
 */
const MAX_PIECES = 200;
const MAX_CHARS = 100_000;

const hole = (span: Span): SqlPiece => ({ kind: 'hole', span });

/** The literal pieces and holes of a string expression, or undefined when it is not built from literals. */
export function queryPiecesOf(a: RAnalyser, node: RNode, depth: number): SqlPiece[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (node.k === 'string') return [stringPiece(a.text, node.tok)];
  if (node.k === 'ident') return a.queryVar(node.name)?.pieces;
  if (node.k !== 'call' || node.fn.k !== 'ident') return undefined;
  const fn = node.fn.name;
  const positional = node.args.filter((x) => x.name === undefined);
  const part = (n: RNode | undefined, span: Span): SqlPiece[] => (n && queryPiecesOf(a, n, depth + 1)) || [hole(span)];
  let out: SqlPiece[];
  if (CONCAT.has(fn)) {
    const sepArg = node.args.find((x) => x.name === 'sep');
    if (sepArg && sepArg.value?.k !== 'string') return undefined;
    const sep = fn === 'paste' ? (sepArg?.value?.k === 'string' ? sepArg.value.tok.value : ' ') : sepArg?.value?.k === 'string' ? sepArg.value.tok.value : '';
    out = [];
    for (const [i, x] of positional.entries()) {
      // The separator has no place in the script: give it the position where the next part starts.
      if (i > 0 && sep) out.push({ kind: 'literal', text: sep, starts: [...sep].map(() => x.span.start), ends: [...sep].map(() => x.span.start) });
      for (const p of part(x.value, x.span)) out.push(p);
      if (out.length > MAX_PIECES) return undefined;
    }
  } else if (fn === 'sprintf' || fn === 'gettextf') {
    const fmt = node.args.find((x) => x.name === 'fmt') ?? positional[0];
    if (!fmt?.value) return undefined;
    out = part(fmt.value, fmt.span).flatMap((p) => (p.kind === 'literal' ? sprintfPieces(p) : [p]));
    // Each plain %s takes the next argument: a string literal (or a variable holding one) is read in its place.
    const values = positional.filter((x) => x !== fmt);
    let next = 0;
    if (!out.some((p) => p.kind === 'hole' && !/^%s$/.test(a.text.slice(p.span.start, p.span.end)))) {
      out = out.flatMap((p) => (p.kind === 'hole' ? literalValue(a, values[next++]?.value, depth) ?? [p] : [p]));
    }
  } else if (GLUE.has(fn)) {
    out = positional.flatMap((x) => part(x.value, x.span).flatMap((p) => (p.kind === 'literal' ? gluePieces(p) : [p])));
    // {name}: a variable holding a string literal is read in its place (glue_sql quotes it: not there).
    if (fn === 'glue' || fn === 'str_glue') out = out.flatMap((p) => {
      if (p.kind !== 'hole') return [p];
      const m = /^\{\s*([A-Za-z.][\w.]*)\s*\}$/.exec(a.text.slice(p.span.start, p.span.end));
      const named = m ? node.args.find((x) => x.name === m[1]) : undefined;
      return (m && !named ? literalValue(a, { k: 'ident', name: m[1] }, depth) : undefined) ?? [p];
    });
  } else if (WRAP.has(fn) && positional.length === 1 && positional[0].value) {
    return queryPiecesOf(a, positional[0].value, depth + 1);
  } else if (fn === 'sqlInterpolate') {
    // DBI's sqlInterpolate(con, sql, name = value): the query with ?name placeholders, which SQL reads as values.
    const sql = node.args.find((x) => x.name === 'sql') ?? positional[1];
    return sql?.value && queryPiecesOf(a, sql.value, depth + 1);
  } else return undefined;
  if (out.length > MAX_PIECES || out.reduce((n, p) => n + (p.kind === 'literal' ? p.text.length : 0), 0) > MAX_CHARS) return undefined;
  return out.some((p) => p.kind === 'literal') ? out : undefined;
}

/** A string literal, or a variable holding one (no holes): its pieces, else undefined. */
function literalValue(a: RAnalyser, node: RNode | { k: 'ident'; name: string } | undefined, depth: number): SqlPiece[] | undefined {
  if (!node) return undefined;
  const pieces = node.k === 'ident' ? a.queryVar(node.name)?.pieces : node.k === 'string' ? queryPiecesOf(a, node, depth + 1) : undefined;
  return pieces && pieces.every((p) => p.kind === 'literal') ? pieces : undefined;
}

/**
 * Whether a string assigned reads as a query to check before (or without) any query function: it begins with
 * SELECT or WITH in capitals or small letters. "Select ..." or "With ..." is how a sentence begins (a title, a
 * note), and a query written so is still checked where it is queried.
 */
export function looksLikeSql(pieces: SqlPiece[]): boolean {
  const first = pieces[0];
  return first?.kind === 'literal' && /^\s*(SELECT|WITH|select|with)\b/.test(first.text);
}

/** A query's result as a data frame: the SELECT's columns, aliases applied. */
export function queryFrame(a: RAnalyser, node: RNode, fnName: string): Frame | undefined {
  const q = a.query(node);
  if (!q?.sql.resultColumns) return undefined;
  const columns = [...q.sql.resultColumns];
  // A hole before any FROM may be in the select list: it may add columns.
  if (holeBeforeFrom(q.pieces)) columns.push({ star: unknownRel('interpolated select list') });
  // A hole where a table is named (FROM {tbl}): what `*` gives, and what the table's columns are, is unknown.
  else if (holeAsTable(q.pieces)) columns.push({ star: unknownRel('interpolated table name') });
  return { rel: derived(`${fnName} result`, columns) };
}

/** Whether a hole stands for a table name or part of one: after FROM, JOIN, APPLY or a comma of the FROM list, or next to a dot or bracket. */
function holeAsTable(pieces: SqlPiece[]): boolean {
  let text = '';
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    if (p.kind !== 'hole') {
      text += p.text;
      continue;
    }
    const after = pieces[i + 1];
    if (after?.kind === 'literal' && /^\s*[.\]]/.test(after.text)) return true;
    if (/(\b(FROM|JOIN|APPLY)|[.[])\s*$/i.test(text)) return true;
    // A comma of the FROM list: after FROM, before anything that ends the list.
    const from = text.search(/\bFROM\b(?![\s\S]*\bFROM\b)/i);
    if (/,\s*$/.test(text) && from >= 0 && !/\b(WHERE|ON|GROUP|ORDER|HAVING)\b|\(/i.test(text.slice(from))) return true;
    text += ' 0 ';
  }
  return false;
}

function holeBeforeFrom(pieces: SqlPiece[]): boolean {
  let text = '';
  for (const p of pieces) {
    if (p.kind === 'hole') {
      if (!/\bFROM\b/i.test(text)) return true;
      text += ' 0 ';
    } else text += p.text;
  }
  return false;
}

/** dbReadTable / tbl / sqlFetch table argument: "name", in_schema("s", "t"), Id(schema=, table=), sql("SELECT ..."). */
export function tableFrame(a: RAnalyser, node: RNode): Frame | undefined {
  if (node.k === 'string') {
    const name = nameFromString(a, node.tok);
    return name ? { rel: { kind: 'catalogue', name } } : undefined;
  }
  if (node.k !== 'call' || node.fn.k !== 'ident') {
    a.visit(node);
    return undefined;
  }
  const fn = node.fn.name;
  if (fn === 'in_schema' || fn === 'Id') {
    const named = (n: string): RNode | undefined => node.args.find((x) => x.name === n)?.value;
    const positional = node.args.filter((x) => x.name === undefined).map((x) => x.value);
    const table = named('table') ?? named('name') ?? positional[positional.length - 1];
    const schema = named('schema') ?? (positional.length >= 2 ? positional[positional.length - 2] : undefined);
    for (const x of node.args) if (x.value !== table && x.value !== schema) a.visit(x.value);
    if (table?.k !== 'string') return undefined;
    const schemaTok = schema?.k === 'string' && !schema.tok.unterminated ? schema.tok : undefined;
    const typed: NameRef | undefined = schemaTok ? { parts: [schemaTok.value], partSpans: [contentSpan(schemaTok)], span: contentSpan(schemaTok) } : undefined;
    const tableSpan = tableSite(a, table.tok, typed);
    if (table.tok.unterminated || table.tok.value === '' || table.tok.value.includes('\\')) return undefined;
    const name: NameRef = typed
      ? { parts: [typed.parts[0], table.tok.value], partSpans: [typed.partSpans[0], tableSpan], span: { start: typed.span.start, end: tableSpan.end } }
      : { parts: [table.tok.value], partSpans: [tableSpan], span: tableSpan };
    a.tableRefs.push(name);
    return { rel: { kind: 'catalogue', name } };
  }
  if (fn === 'sql' || fn === 'SQL') return queryFrame(a, node, 'query');
  a.visit(node);
  return undefined;
}

function tableSite(a: RAnalyser, tok: RToken, typed: NameRef | undefined): Span {
  const span = contentSpan(tok);
  const replace = { start: span.start, end: tok.unterminated ? a.lineEnd(span.start, span.end) : span.end };
  a.sites.push({ kind: 'table', span: replace, replace, typed, quoted: true });
  return span;
}

/** "LLC_1234.nhsd_IAPT_x_v0003", "[LLC_1234].[nhsd_IAPT_x]": the dot-separated parts, brackets removed. */
function nameFromString(a: RAnalyser, tok: RToken): NameRef | undefined {
  const content = contentSpan(tok);
  const raw = a.text.slice(content.start, content.end);
  if (tok.unterminated || raw === '' || raw.includes('\\') || raw.includes('\n')) {
    tableSite(a, tok, undefined);
    return undefined;
  }
  const parts: string[] = [];
  const partSpans: Span[] = [];
  const re = /\[([^\]]*)\]|"([^"]*)"|([^.[\]"]+)/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const text = m[1] ?? m[2] ?? m[3];
    const offset = m[1] !== undefined || m[2] !== undefined ? 1 : 0;
    const start = content.start + m.index + offset;
    parts.push(text.trim());
    partSpans.push({ start, end: start + text.length });
  }
  if (parts.length === 0) return undefined;
  const last = partSpans[partSpans.length - 1];
  const typed: NameRef | undefined = parts.length > 1 ? { parts: parts.slice(0, -1), partSpans: partSpans.slice(0, -1), span: { start: content.start, end: partSpans[partSpans.length - 2].end } } : undefined;
  a.sites.push({ kind: 'table', span: { start: last.start, end: last.end }, replace: last, typed, quoted: true });
  const name: NameRef = { parts, partSpans, span: content };
  a.tableRefs.push(name);
  return name;
}

// Base R reads the header by `header`, which read.table does not by default; readr, vroom and readxl by `col_names`.
const BASE_READS = new Set(['read.csv', 'read.csv2', 'read.delim', 'read.table']);
const COL_NAMES_READS = new Set(['read_csv', 'read_csv2', 'read_tsv', 'read_delim', 'vroom', 'read_excel', 'read_xlsx']);
// Name repairs that leave a catalogue table's names (syntactic, unique) as they are.
const KEEPING_REPAIRS = new Set(['minimal', 'unique', 'check_unique', 'universal', 'unique_quiet', 'universal_quiet']);
const SYNTACTIC = /^([A-Za-z]|\.(?![0-9]))[A-Za-z0-9._]*$/;

const isTrue = (n: RNode | undefined): boolean => n?.k === 'ident' && (n.name === 'TRUE' || n.name === 'T');

/**
 * How a file read names its columns (`args`: those besides the file): 'header' when it reads the file's own
 * header (a catalogue table's, if the file is named after one), the names the call gives when they are literal,
 * else undefined (unknown: header = FALSE reads V1, V2...; col_names = FALSE X1, X2...; a name repair function).
 */
export function fileColumns(a: RAnalyser, fn: string, args: RArg[]): 'header' | DerivedColumn[] | undefined {
  const base = BASE_READS.has(fn);
  const arg = (name: string): RArg | undefined => args.find((x) => x.name === name);
  // read.csv(f, FALSE), read_csv(f, c("a", "b")): the second argument is the header or the names.
  if ((base || fn === 'read_csv' || fn === 'read_csv2' || fn === 'read_tsv') && args.some((x) => x.name === undefined)) return undefined;
  const repair = arg('name_repair') ?? arg('.name_repair');
  if (repair && !(repair.value?.k === 'string' && KEEPING_REPAIRS.has(repair.value.tok.value))) return undefined;
  const namesArg = base || fn === 'fread' ? arg('col.names') : COL_NAMES_READS.has(fn) ? arg('col_names') : undefined;
  if (namesArg) {
    if (!base && fn !== 'fread' && isTrue(namesArg.value)) return 'header';
    const strings = stringsOf(namesArg.value);
    const count = namesArg.value?.k === 'call' ? namesArg.value.args.length : 1;
    if (strings.length === 0 || strings.length !== count || strings.some((t) => t.unterminated)) return undefined;
    const names = strings.map((t) => stringValue(a.text, t));
    // Base R makes names syntactic and unique (check.names): only names that stay as written are followed.
    if (base && (names.some((n) => !SYNTACTIC.test(n)) || new Set(names).size !== names.length)) return undefined;
    const given: DerivedColumn[] = strings.map((t, i) => ({ name: names[i], span: contentSpan(t) }));
    // readr and readxl name columns beyond those given X3, X4... (base R and fread take exactly the names given).
    if (!base && fn !== 'fread') given.push({ star: unknownRel('columns beyond the names given') });
    return given;
  }
  if (base || fn === 'fread') {
    const header = arg('header')?.value;
    if (header) return isTrue(header) || (fn === 'fread' && header.k === 'string' && header.tok.value === 'auto') ? 'header' : undefined;
    return fn === 'read.table' ? undefined : 'header';
  }
  return 'header';
}

/** A file whose base name (without folders and extensions) may be a catalogue table's. Never a table reference. */
export function fileRelation(node: RNode): Relation | undefined {
  const tok = lastString(node);
  if (!tok || tok.unterminated || tok.value.includes('\\')) return undefined;
  const content = contentSpan(tok);
  const raw = tok.value;
  const slash = Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\'));
  const baseStart = slash + 1;
  const dot = raw.indexOf('.', baseStart);
  const base = raw.slice(baseStart, dot < 0 ? raw.length : dot);
  if (!base) return undefined;
  const span = { start: content.start + baseStart, end: content.start + baseStart + base.length };
  return { kind: 'catalogue', name: { parts: [base], partSpans: [span], span } };
}

/** "data/x.csv", file.path("data", "x.csv"), here("data", "x.csv"): the last literal piece names the file. */
function lastString(node: RNode): RToken | undefined {
  if (node.k === 'string') return node.tok;
  if (node.k === 'call' && node.fn.k === 'ident' && ['file.path', 'here', 'paste0', 'paste'].includes(node.fn.name)) {
    const last = node.args.filter((x) => x.name === undefined).pop()?.value;
    return last ? lastString(last) : undefined;
  }
  return undefined;
}
