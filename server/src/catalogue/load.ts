// Reads one catalogue YAML file into a Dataset, with every problem placed at a line and column of that file.
//
// Three layers of checks, each reported separately so the researcher sees the real cause first:
//   1. YAML syntax (the yaml parser's errors);
//   2. the JSON Schema (schemas/catalogue.schema.json, the same one YAML editors use), only when the syntax is sound,
//      because a syntax error makes the schema report follow-on noise;
//   3. meaning: duplicate tables/columns/codes and references to code lists that do not exist.
// The Dataset itself is built by reading the parsed value defensively, entry by entry, so one broken entry costs
// only that entry. With syntax errors, the file is first read without the entries they are in (salvage.ts): the
// parser's own recovery could lose the rest of the file to one tab. Nothing in here may throw: a catalogue file is
// user input and the server must keep serving.

import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { Document, isMap, isNode, isPair, isScalar } from 'yaml';
import schema from '../../../schemas/catalogue.schema.json';
import { Dropped, parseYaml, salvage } from './salvage';
import { CatalogueProblem, Code, CodeList, Column, Dataset, KeyRole, Measure, Naming, Provenance, Table } from './model';

export interface LoadResult {
  dataset?: Dataset;
  problems: CatalogueProblem[];
}

/** Past this many, problems are summarised: a junk file would otherwise produce one per line. */
const MAX_PROBLEMS = 200;

const KEY_ROLES: readonly KeyRole[] = ['person', 'referral', 'contact', 'activity', 'assessment', 'other'];
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

let validator: ValidateFunction | undefined;

function getValidator(): ValidateFunction {
  // Compiled once: compiling the schema costs more than validating a file.
  validator ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
  return validator;
}

type Segment = string | number;

/** Collects problems with positions; knows the file and how to turn offsets into 0-based line/column. */
class Reporter {
  readonly problems: CatalogueProblem[] = [];
  private dropped = 0;

  /** Where each line starts, from the text itself: yaml's LineCounter misses line breaks inside tokens it rejects. */
  private readonly starts: number[] = [0];

  constructor(
    private readonly file: string,
    text: string,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** Past MAX_PROBLEMS: a problem is only counted, so its message need not be worked out. */
  get full(): boolean {
    return this.problems.length >= MAX_PROBLEMS;
  }

  at(offset: number | undefined, message: string): void {
    if (this.full) {
      this.dropped++;
      return;
    }
    const { line, column } = this.position(offset);
    this.problems.push({ file: this.file, line, column, message });
  }

  position(offset: number | undefined): { line: number; column: number } {
    if (offset === undefined || offset < 0) return { line: 0, column: 0 };
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - this.starts[lo] };
  }

  finish(): CatalogueProblem[] {
    if (this.dropped > 0) {
      this.problems.push({ file: this.file, line: 0, column: 0, message: `${this.dropped} more problems not shown; fix the ones above first` });
      this.dropped = 0;
    }
    return this.problems;
  }
}

export function loadCatalogue(text: string, file: string): LoadResult {
  // YAML, and editors, take a lone CR as a line break; the yaml parser does not. One character for one: offsets hold.
  const normal = typeof text === 'string' ? text.replace(/\r(?!\n)/g, '\n') : text;
  const report = new Reporter(file, typeof normal === 'string' ? normal : '');
  try {
    return load(normal, file, report);
  } catch (e) {
    // Defensive only: every step above is meant to handle bad input itself.
    report.at(0, `the catalogue could not be read (${e instanceof Error ? e.message : String(e)})`);
    return { problems: report.finish() };
  }
}

/** How a stack overflow reads: the parser recurses once per level of nesting. */
const STACK_OVERFLOW = /Maximum call stack size exceeded/;
const TOO_DEEP = 'the YAML is nested too deeply to read';

/** A parser error's message for the user: a stack overflow is the nesting, not the syntax. */
function yamlError(message: string): string {
  return STACK_OVERFLOW.test(message) ? TOO_DEEP : firstLine(message);
}

function load(text: string, file: string, report: Reporter): LoadResult {
  if (typeof text !== 'string') {
    report.at(0, 'the catalogue is not text');
    return { problems: report.finish() };
  }
  if (text.trim() === '') {
    report.at(0, 'the catalogue file is empty; it needs format: 1, a dataset and tables');
    return { problems: report.finish() };
  }

  // logLevel 'error' (parseYaml): the parser's warnings would go to process.emitWarning, i.e. the server log.
  let doc: Document = parseYaml(text);
  // Where the stack ran out depends on how much of it was free: say so once, at the start, the same every time.
  if (doc.errors.some((err) => STACK_OVERFLOW.test(err.message))) {
    report.at(0, `the catalogue could not be read: ${TOO_DEEP}`);
    return { problems: report.finish() };
  }
  const syntaxOk = doc.errors.length === 0;
  const salvaged = syntaxOk ? undefined : salvage(text, doc.errors);
  // Without the lines left out, an alias may have lost its anchor, or the dataset its id: then the parser's own
  // recovery is the better reading.
  const kept = salvaged && withDataset(salvaged.doc);
  let value: unknown;
  if (salvaged && kept) {
    doc = salvaged.doc;
    value = kept.value;
    for (const d of salvaged.dropped) reportDropped(d, report);
  } else {
    for (const err of doc.errors) report.at(err.pos[0], `YAML syntax error: ${firstLine(err.message)}`);
    try {
      value = toJS(doc);
    } catch (e) {
      report.at(0, `the catalogue could not be read as YAML (${e instanceof Error ? yamlError(e.message) : String(e)})`);
      return { problems: report.finish() };
    }
  }

  if (!isRecord(value)) {
    const what = value === null || value === undefined ? 'has no content' : `is a ${Array.isArray(value) ? 'list' : 'single value'}`;
    report.at(startOf(doc.contents), `the catalogue ${what}; it must be a mapping with format: 1, a dataset and tables`);
    return { problems: report.finish() };
  }

  if (syntaxOk) reportSchemaErrors(doc, value, report);

  const dataset = buildDataset(doc, value, file, report);
  return { dataset, problems: report.finish() };
}

/** A bounded alias count stops "billion laughs" files from exhausting memory. */
function toJS(doc: Document): unknown {
  return doc.toJS({ maxAliasCount: 1000 });
}

/** The document's value, when it reads and names a dataset (id and title). */
function withDataset(doc: Document): { value: unknown } | undefined {
  try {
    const value = toJS(doc);
    const ds = isRecord(value) ? value.dataset : undefined;
    return isRecord(ds) && isNonEmptyString(ds.id) && isNonEmptyString(ds.title) ? { value } : undefined;
  } catch {
    return undefined;
  }
}

/** An entry left out: where its error is, and which lines are left out until it is fixed. */
function reportDropped(d: Dropped, report: Reporter): void {
  const lines = d.firstLine === d.lastLine ? `line ${d.firstLine + 1} is` : `lines ${d.firstLine + 1}-${d.lastLine + 1} are`;
  report.at(d.offset, `YAML syntax error: ${d.message}; ${lines} left out until it is fixed`);
}

// ---------------------------------------------------------------------------------------------------------------
// Schema violations

function reportSchemaErrors(doc: Document, value: Record<string, unknown>, report: Reporter): void {
  const validate = getValidator();
  if (validate(value)) return;
  for (const err of validate.errors ?? []) {
    // Errors inside `propertyNames` repeat the propertyNames error itself.
    if (err.propertyName !== undefined && err.keyword !== 'propertyNames') continue;
    const path = parsePointer(err.instancePath);
    const message = schemaMessage(err, path, value);
    if (message === undefined) continue;
    report.at(schemaErrorOffset(doc, err, path), message);
  }
}

function schemaMessage(err: ErrorObject, path: Segment[], root: Record<string, unknown>): string | undefined {
  const params = err.params as Record<string, unknown>;
  const subject = describe(path, root);
  switch (err.keyword) {
    case 'required':
      return `${subject} has no '${String(params.missingProperty)}'${requiredHint(path, String(params.missingProperty))}`;
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = allowedProperties(err);
      const guess = suggest(name, allowed);
      return `${subject} has an unknown field '${name}'${guess ? ` (did you mean '${guess}'?)` : allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
    }
    case 'type': {
      const quoteHint = path[path.length - 1] === 'code' ? '; put codes in quotes, e.g. code: "01", so leading zeros are kept' : '';
      return `${subject} must be ${article(String(params.type))}${quoteHint} (found ${shown(err.data)})`;
    }
    case 'enum':
      return `${subject} must be one of ${(params.allowedValues as unknown[]).map((v) => String(v)).join(', ')} (found ${shown(err.data)})`;
    case 'const':
      return `${subject} must be ${String(params.allowedValue)} (found ${shown(err.data)})`;
    case 'pattern':
      return `${subject} is not a valid name: ${shown(err.data)} (use letters, digits and _ only${path[0] === 'dataset' ? ', . or -' : ', not starting with a digit'})`;
    case 'propertyNames':
      return `code list id '${String(params.propertyName)}' is not valid: use letters, digits, _, . or - only`;
    case 'minLength':
      return `${subject} must not be empty`;
    case 'uniqueItems':
      return `${subject} lists the same value twice`;
    default:
      return `${subject}: ${err.message ?? 'is not valid'}`;
  }
}

function requiredHint(path: Segment[], missing: string): string {
  if (path.length === 0 && missing === 'format') return ' (add format: 1)';
  return '';
}

function allowedProperties(err: ErrorObject): string[] {
  const parent = err.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return parent?.properties ? Object.keys(parent.properties) : [];
}

/** Where to put a schema error: the offending key for unknown fields, else the value, else its nearest parent. */
function schemaErrorOffset(doc: Document, err: ErrorObject, path: Segment[]): number | undefined {
  const params = err.params as Record<string, unknown>;
  if (err.keyword === 'additionalProperties' || err.keyword === 'propertyNames') {
    const key = String(err.keyword === 'additionalProperties' ? params.additionalProperty : params.propertyName);
    const map = nodeAt(doc, path);
    if (isMap(map)) {
      const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (pair) return startOf(pair.key);
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = nodeAt(doc, path.slice(0, n));
    const start = startOf(node);
    if (start !== undefined) return start;
  }
  return 0;
}

function parsePointer(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** A researcher-readable name for the thing at `path`, e.g. "column 'foo' of table 'bar'". */
function describe(path: Segment[], root: Record<string, unknown>): string {
  if (path.length === 0) return 'the catalogue';
  const [head, ...rest] = path;
  const field = (p: Segment[], owner: string): string => {
    if (p.length === 0) return owner;
    return `field '${p.map(String).join('.')}' of ${owner}`;
  };
  if (head === 'tables' && typeof rest[0] === 'number') {
    const table = asArray(root.tables)[rest[0]];
    const tableName = named(table, 'name', `table ${rest[0] + 1}`, 'table');
    if (rest[1] === 'columns' && typeof rest[2] === 'number') {
      const column = asArray(isRecord(table) ? table.columns : undefined)[rest[2]];
      const columnName = named(column, 'name', `column ${rest[2] + 1}`, 'column');
      return field(rest.slice(3), `${columnName} of ${tableName}`);
    }
    return field(rest.slice(1), tableName);
  }
  if (head === 'codeLists' && typeof rest[0] === 'string') {
    const listName = `code list '${rest[0]}'`;
    if (rest[1] === 'codes' && typeof rest[2] === 'number') {
      const lists = isRecord(root.codeLists) ? root.codeLists : {};
      const list = lists[rest[0]];
      const code = asArray(isRecord(list) ? list.codes : undefined)[rest[2]];
      return field(rest.slice(3), `${named(code, 'code', `code ${rest[2] + 1}`, 'code')} of ${listName}`);
    }
    return field(rest.slice(1), listName);
  }
  if (head === 'measures' && typeof rest[0] === 'number') {
    const measure = asArray(root.measures)[rest[0]];
    return field(rest.slice(1), named(measure, 'code', `measure ${rest[0] + 1}`, 'measure'));
  }
  if (head === 'sources' && rest.length > 0) return `source '${String(rest[0])}'`;
  if (rest.length === 0) return `'${String(head)}'`;
  return `'${[head, ...rest].map(String).join('.')}'`;
}

function named(entry: unknown, key: string, fallback: string, kind: string): string {
  const v = isRecord(entry) ? entry[key] : undefined;
  // An invalid name would be quoted twice in "name '1x' of table '1x' is not valid"; number the entry instead.
  const usable = typeof v === 'string' && v !== '' && (key !== 'name' || NAME_PATTERN.test(v));
  return usable ? `${kind} '${v}'` : fallback;
}

// ---------------------------------------------------------------------------------------------------------------
// Building the dataset

function buildDataset(doc: Document, root: Record<string, unknown>, file: string, report: Reporter): Dataset | undefined {
  if (root.format !== undefined && root.format !== 1) {
    // A different format may mean something else by the same keys; guessing would mislead.
    return undefined;
  }
  const ds = root.dataset;
  if (!isRecord(ds) || !isNonEmptyString(ds.id) || !ID_PATTERN.test(ds.id) || !isNonEmptyString(ds.title)) return undefined;
  if (!Array.isArray(root.tables)) return undefined;

  const dataset: Dataset = {
    id: ds.id,
    title: ds.title,
    naming: readNaming(root.naming),
    sources: readSources(root.sources),
    codeLists: readCodeLists(doc, root.codeLists, report),
    measures: readMeasures(doc, root.measures, report),
    tables: [],
    file,
  };
  if (typeof ds.description === 'string') dataset.description = ds.description;
  dataset.tables = readTables(doc, root.tables, dataset, report);
  return dataset;
}

function readNaming(v: unknown): Naming {
  const naming: Naming = {};
  if (!isRecord(v)) return naming;
  if (typeof v.source === 'string') naming.source = v.source;
  if (typeof v.tablePrefix === 'string') naming.tablePrefix = v.tablePrefix;
  if (Array.isArray(v.versions)) naming.versions = v.versions.filter(isNonEmptyString);
  return naming;
}

function readSources(v: unknown): Record<string, string> {
  const sources: Record<string, string> = {};
  if (!isRecord(v)) return sources;
  for (const [id, text] of Object.entries(v)) if (typeof text === 'string') sources[id] = text;
  return sources;
}

function readProvenance(v: unknown): Provenance | undefined {
  if (!isRecord(v) || (v.status !== 'VERIFIED' && v.status !== 'INFERRED')) return undefined;
  const p: Provenance = { status: v.status };
  if (typeof v.source === 'string') p.source = v.source;
  return p;
}

function readCodeLists(doc: Document, v: unknown, report: Reporter): Map<string, CodeList> {
  const lists = new Map<string, CodeList>();
  if (!isRecord(v)) return lists;
  for (const [id, entry] of Object.entries(v)) {
    if (!ID_PATTERN.test(id) || !isRecord(entry) || typeof entry.title !== 'string' || !Array.isArray(entry.codes)) continue;
    const list: CodeList = { id, title: entry.title, codes: [], complete: entry.complete === true };
    const provenance = readProvenance(entry.provenance);
    if (provenance) list.provenance = provenance;
    if (typeof entry.note === 'string') list.note = entry.note;
    const seen = new Map<string, number>();
    entry.codes.forEach((c, k) => {
      if (!isRecord(c) || typeof c.code !== 'string' || typeof c.meaning !== 'string') return;
      const offset = startOf(nodeAt(doc, ['codeLists', id, 'codes', k, 'code']));
      const first = seen.get(c.code);
      if (first !== undefined) {
        report.at(offset, `code '${c.code}' is listed twice in code list '${id}'${firstAt(report, first)}`);
        return;
      }
      seen.set(c.code, offset ?? -1);
      const code: Code = { code: c.code, meaning: c.meaning };
      const p = readProvenance(c.provenance);
      if (p) code.provenance = p;
      if (typeof c.note === 'string') code.note = c.note;
      list.codes.push(code);
    });
    lists.set(id, list);
  }
  return lists;
}

function readMeasures(doc: Document, v: unknown, report: Reporter): Map<string, Measure> {
  const measures = new Map<string, Measure>();
  if (!Array.isArray(v)) return measures;
  const seen = new Map<string, number>();
  v.forEach((m, i) => {
    if (!isRecord(m) || typeof m.code !== 'string' || typeof m.name !== 'string') return;
    const offset = startOf(nodeAt(doc, ['measures', i, 'code']));
    const first = seen.get(m.code);
    if (first !== undefined) {
      report.at(offset, `measure '${m.code}' is listed twice${firstAt(report, first)}`);
      return;
    }
    seen.set(m.code, offset ?? -1);
    const measure: Measure = { code: m.code, name: m.name };
    if (typeof m.range === 'string') measure.range = m.range;
    const p = readProvenance(m.provenance);
    if (p) measure.provenance = p;
    if (typeof m.note === 'string') measure.note = m.note;
    measures.set(m.code, measure);
  });
  return measures;
}

function readTables(doc: Document, v: unknown[], dataset: Dataset, report: Reporter): Table[] {
  const tables: Table[] = [];
  const seen = new Map<string, number>();
  v.forEach((t, i) => {
    // (Columns with no value: a table whose column lines were all left out for a syntax error is still a table.)
    if (!isRecord(t) || typeof t.name !== 'string' || !NAME_PATTERN.test(t.name) || !(Array.isArray(t.columns) || t.columns === null)) return;
    const offset = startOf(nodeAt(doc, ['tables', i, 'name']));
    const lower = t.name.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined) {
      report.at(offset, `table '${t.name}' is listed twice${firstAt(report, first)}; the first one is used`);
      return;
    }
    seen.set(lower, offset ?? -1);
    const table: Table = { name: t.name, title: typeof t.title === 'string' ? t.title : t.name, columns: [] };
    if (typeof t.description === 'string') table.description = t.description;
    if (typeof t.grain === 'string') table.grain = t.grain;
    const gp = readProvenance(t.grainProvenance);
    if (gp) table.grainProvenance = gp;
    if (Array.isArray(t.sourceTables)) table.sourceTables = t.sourceTables.filter((s): s is string => typeof s === 'string');
    if (typeof t.versionNote === 'string') table.versionNote = t.versionNote;
    const p = readProvenance(t.provenance);
    if (p) table.provenance = p;
    if (offset !== undefined) table.offset = offset;
    table.columns = readColumns(doc, asArray(t.columns), i, table.name, dataset, report);
    tables.push(table);
  });
  return tables;
}

function readColumns(doc: Document, v: unknown[], tableIndex: number, tableName: string, dataset: Dataset, report: Reporter): Column[] {
  const columns: Column[] = [];
  const seen = new Map<string, number>();
  v.forEach((c, j) => {
    if (!isRecord(c) || typeof c.name !== 'string' || !NAME_PATTERN.test(c.name)) return;
    const path: Segment[] = ['tables', tableIndex, 'columns', j];
    const offset = startOf(nodeAt(doc, [...path, 'name']));
    const lower = c.name.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined) {
      report.at(offset, `column '${c.name}' of table '${tableName}' is listed twice${firstAt(report, first)}; the first one is used`);
      return;
    }
    seen.set(lower, offset ?? -1);
    // Without a stated provenance a name is only as good as a guess.
    const column: Column = { name: c.name, provenance: readProvenance(c.provenance) ?? { status: 'INFERRED' } };
    if (typeof c.description === 'string') column.description = c.description;
    if (typeof c.type === 'string') column.type = c.type;
    if (typeof c.source === 'string') column.source = c.source;
    if (typeof c.key === 'string' && (KEY_ROLES as readonly string[]).includes(c.key)) column.key = c.key as KeyRole;
    if (typeof c.codes === 'string') {
      if (dataset.codeLists.has(c.codes)) {
        column.codes = c.codes;
      } else {
        // ("Did you mean" compares the name with every list: for each of thousands of columns, only while shown.)
        const guess = report.full ? undefined : suggest(c.codes, [...dataset.codeLists.keys()]);
        report.at(
          startOf(nodeAt(doc, [...path, 'codes'])) ?? offset,
          `column '${c.name}' of table '${tableName}' refers to code list '${c.codes}', which is not defined under codeLists${guess ? ` (did you mean '${guess}'?)` : ''}`,
        );
      }
    }
    const dp = readProvenance(c.descriptionProvenance);
    if (dp) column.descriptionProvenance = dp;
    if (c.unconfirmed === true) column.unconfirmed = true;
    if (typeof c.note === 'string') column.note = c.note;
    if (offset !== undefined) column.offset = offset;
    columns.push(column);
  });
  return columns;
}

function firstAt(report: Reporter, offset: number): string {
  if (offset < 0) return '';
  return ` (first at line ${report.position(offset).line + 1})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

function nodeAt(doc: Document, path: Segment[]): unknown {
  try {
    return path.length === 0 ? doc.contents : doc.getIn(path, true);
  } catch {
    // getIn throws when a path runs through a scalar; treat as "no node".
    return undefined;
  }
}

function startOf(node: unknown): number | undefined {
  if (isPair(node)) return startOf(node.key);
  if (isNode(node) && node.range) return node.range[0];
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set) && !ArrayBuffer.isView(v);
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

function article(type: string): string {
  const noun = type === 'object' ? 'mapping (key: value entries)' : type === 'array' ? 'list' : type;
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

function shown(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '…' : v}'`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** The candidate a case slip or a typo of one or two characters away, if there is exactly one best. */
function suggest(name: string, candidates: string[]): string | undefined {
  const lower = name.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  let best: string | undefined;
  let bestD = Math.min(2, Math.max(1, Math.floor(name.length / 3))) + 1;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase(), bestD);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** Edit distance counting a swap of two neighbours as one edit (the commonest typo); `cap` when larger. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    prev = cur;
  }
  return Math.min(cap, prev[b.length]);
}
