// `tre-catalogue import`: a CSV data dictionary, as TREs publish them, to a catalogue YAML file.
// Never invents facts: names get provenance VERIFIED with the CSV file as source; descriptions, types and code
// lists are written only when the CSV gives them, and nothing else (keys, grains, completeness) is guessed.

import { Document, isMap, isScalar, visit } from 'yaml';
import { CsvRecord, csvRecords, Delimiter, DELIMITER_NAMES, delimitersByCount, headerCounts, isDelimiter, statedDelimiter } from './csv';

export interface ImportOptions {
  /** Name of the CSV file as it should appear in provenance (its base name). */
  fileName: string;
  datasetId?: string;
  title?: string;
  /** Table name for dictionaries without a table column (default: from the file name). */
  table?: string;
  /**
   * Stop reading once the YAML is certain to be larger than this many bytes (UTF-8), rather than build all of a
   * catalogue that would not be written. Without it, the whole dictionary is read.
   */
  maxBytes?: number;
}

export interface ImportProblem {
  /** 1-based CSV line. */
  line: number;
  message: string;
}

export interface ImportResult {
  yaml: string;
  tables: number;
  columns: number;
  codes: number;
  /** Rows that could not be used, and why. */
  problems: ImportProblem[];
  /** Which CSV header was read as what, for the report. */
  headers: Partial<Record<Role, string>>;
  /** What separates the fields, as found in the header line or stated by a `sep=` line. */
  delimiter: Delimiter;
  /** Whether the first line was Excel's `sep=` line stating the delimiter (skipped, like the byte-order mark). */
  stated: boolean;
  /**
   * Set when reading stopped because the YAML would be over `maxBytes`: the line of the record that took it over
   * and what had been read by then (yaml is then empty, and tables, columns and codes count what was read).
   */
  stopped?: { line: number };
}

type Role = 'name' | 'description' | 'type' | 'table' | 'value' | 'valueLabel' | 'schema';

/**
 * Header spellings (lower case, letters and digits only) per role, most specific first. The UK LLC explore-app
 * format is `,Source,Block Name,Variable Name,Variable Description,Value,Value Description`.
 */
const HEADERS: [Role, string[]][] = [
  ['valueLabel', ['valuedescription', 'valuelabel', 'codedescription', 'codelabel', 'codemeaning', 'meaning']],
  ['value', ['value', 'code', 'valuecode', 'category']],
  ['name', ['variablename', 'varname', 'variable', 'columnname', 'column', 'fieldname', 'field', 'name', 'dataitem']],
  ['description', ['variabledescription', 'variablelabel', 'description', 'label', 'definition', 'desc']],
  ['type', ['datatype', 'variabletype', 'type', 'fieldtype', 'format']],
  ['table', ['blockname', 'block', 'tablename', 'table', 'module']],
  // As the TRE's own metadata tables (DESCS.all_descriptions) name the column.
  ['schema', ['tableschema', 'schemaname', 'schema']],
];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface ColumnOut {
  name: string;
  type?: string;
  description?: string;
  codes?: string;
  provenance: { status: 'VERIFIED'; source: string };
  descriptionProvenance?: { status: 'VERIFIED'; source: string };
}

export function importDictionary(text: string, options: ImportOptions): ImportResult {
  const problems: ImportProblem[] = [];
  const sep = statedDelimiter(text);
  const unreadable = sep !== undefined && !isDelimiter(sep.delimiter);
  if (unreadable) {
    problems.push({ line: 1, message: `the first line, sep=${sep.delimiter}, states a delimiter this import does not read (it reads comma, semicolon or tab)` });
  }
  const delimiter: Delimiter = sep && isDelimiter(sep.delimiter) ? sep.delimiter : headerDelimiter(text);
  // After a sep= line, the records start on line 2 of the file.
  const records = unreadable ? csvRecords('') : sep ? csvRecords(text.slice(sep.rest), delimiter, 2) : csvRecords(text, delimiter);
  const first = records.next();
  const header = first.done ? undefined : first.value;
  const roles = header ? detectRoles(header.fields) : new Map<Role, number>();
  const headers: ImportResult['headers'] = {};
  for (const [role, i] of roles) headers[role] = header?.fields[i];
  const source = options.fileName;
  const provenance = { status: 'VERIFIED' as const, source };
  const tables = new Map<string, Map<string, ColumnOut>>();
  const codeLists = new Map<string, { title: string; provenance: typeof provenance; codes: { code: string; meaning: string }[] }>();
  // The codes seen in each list, for the duplicate check (searching the list made 50,000 codes take 12 to 16 s).
  const seen = new Map<string, Set<string>>();
  const schemas = new Set<string>();
  let codes = 0;
  // A lower bound of the YAML's size in bytes, kept while reading: the characters of every string written and of
  // the keys and punctuation around it, no indentation. A string takes at least a byte in the YAML for each of its
  // UTF-16 units, whether plain, quoted or escaped (U+2028 is written \L, 2 bytes; a character beyond U+FFFF is 2
  // units and 4 bytes). The tests check the bound against real imports.
  let bytes = 0;
  const provenanceBytes = (key: string): number => `${key}: { status: VERIFIED, source:  }\n`.length + source.length;
  // (The header's line, or where it would be.)
  let lastLine = header?.line ?? (sep ? 2 : 1);
  let stopped: ImportResult['stopped'];

  if (!roles.has('name') && !unreadable) {
    const read = `read as ${DELIMITER_NAMES[delimiter]}-separated${sep ? ', as its sep= line says' : ''}`;
    problems.push({ line: lastLine, message: `no column-name header found (${read}; looked for ${HEADERS[2][1].join(', ')})` });
  }
  const cell = (r: CsvRecord, role: Role): string => {
    const i = roles.get(role);
    return i === undefined ? '' : (r.fields[i] ?? '').trim();
  };
  const defaultTable = options.table ?? identifier(baseName(options.fileName));
  let previous: { table: string; column: ColumnOut } | undefined;

  // The rows after the header (the generator goes on from where the header left it).
  for (const r of roles.has('name') ? records : []) {
    if (options.maxBytes !== undefined && bytes > options.maxBytes) {
      stopped = { line: lastLine };
      break;
    }
    lastLine = r.line;
    // As written, version and load date too (nhsd_IAPT_x_v0003_20240426): scripts' names reach it by its base.
    const tableName = cell(r, 'table') || defaultTable;
    let name = cell(r, 'name');
    const value = cell(r, 'value');
    // A row with a value and no name continues the code list of the row above.
    if (!name && value && previous && tableName === previous.table) name = previous.column.name;
    if (!name) {
      problems.push({ line: r.line, message: 'no variable name' });
      continue;
    }
    if (!NAME.test(name)) {
      problems.push({ line: r.line, message: `'${name}' is not a column name a catalogue can hold (letters, digits and _, not starting with a digit)` });
      continue;
    }
    if (!NAME.test(tableName)) {
      problems.push({ line: r.line, message: `table '${tableName}' is not a table name a catalogue can hold` });
      continue;
    }
    let columns = tables.get(tableName);
    if (!columns) {
      tables.set(tableName, (columns = new Map()));
      bytes += `- name: ${tableName}\ncolumns:\n`.length;
    }
    let column = columns.get(name.toLowerCase());
    if (column && !value) {
      problems.push({ line: r.line, message: `'${name}' is listed twice in table ${tableName}; the first row is used` });
      continue;
    }
    if (!column) {
      column = { name, provenance };
      const type = cell(r, 'type');
      const description = cell(r, 'description');
      if (type) column.type = type;
      if (description) column.description = description;
      if (type || description) column.descriptionProvenance = provenance;
      columns.set(name.toLowerCase(), column);
      bytes += `- name: ${name}\n`.length + provenanceBytes('provenance');
      if (type) bytes += `type: ${type}\n`.length;
      if (description) bytes += `description: ${description}\n`.length;
      if (type || description) bytes += provenanceBytes('descriptionProvenance');
    }
    const schema = cell(r, 'schema');
    if (schema) schemas.add(schema);
    previous = { table: tableName, column };
    if (!value) continue;
    const listId = `${tableName}.${column.name}`;
    let list = codeLists.get(listId);
    let listed = seen.get(listId);
    if (!list || !listed) {
      list = { title: `${column.name} (${tableName})`, provenance, codes: [] };
      listed = new Set();
      codeLists.set(listId, list);
      seen.set(listId, listed);
      column.codes = listId;
      bytes += `codes: ${listId}\n`.length + `${listId}:\ntitle: ${list.title}\ncodes:\n`.length + provenanceBytes('provenance');
    }
    if (listed.has(value)) {
      problems.push({ line: r.line, message: `code '${value}' of ${column.name} is listed twice; the first row is used` });
      continue;
    }
    listed.add(value);
    const meaning = cell(r, 'valueLabel');
    list.codes.push({ code: value, meaning });
    bytes += `- { code: ${value}, meaning: ${meaning} }\n`.length;
    codes++;
  }
  if (!stopped && options.maxBytes !== undefined && bytes > options.maxBytes) stopped = { line: lastLine };

  const naming: Record<string, string> = {};
  // The explore-app `Source` column is the TRE schema of every table (nhsd): only a single value says so. A
  // project's schema (LLC_1234, whose views are named nhsd_IAPT_...) is not the source.
  const sourceSchemas = [...schemas].filter((schema) => !PROJECT_SCHEMA.test(schema));
  if (sourceSchemas.length === 1 && sourceSchemas.length === schemas.size) naming.source = sourceSchemas[0];
  const catalogue = {
    format: 1,
    dataset: {
      id: options.datasetId ?? (identifier(baseName(options.fileName)).toLowerCase() || 'imported'),
      title: options.title ?? `Imported from ${options.fileName}`,
    },
    ...(Object.keys(naming).length ? { naming } : {}),
    ...(codeLists.size ? { codeLists: Object.fromEntries(codeLists) } : {}),
    tables: [...tables].map(([name, columns]) => ({ name, columns: [...columns.values()].map(ordered) })),
  };
  const columnCount = [...tables.values()].reduce((n, c) => n + c.size, 0);
  // Over the limit for certain: no YAML is built (for a 12 MB dictionary that took 40 s and 1.1 GB).
  const yaml = stopped ? '' : toYaml(catalogue, source);
  return { yaml, tables: tables.size, columns: columnCount, codes, problems, headers, delimiter, stated: sep !== undefined, ...(stopped ? { stopped } : {}) };
}

/** The field order of the hand-written catalogues. */
function ordered(c: ColumnOut): ColumnOut {
  const { name, type, description, codes, provenance, descriptionProvenance } = c;
  // The JSON round trip drops the fields the CSV did not give.
  return JSON.parse(JSON.stringify({ name, type, description, codes, provenance, descriptionProvenance })) as ColumnOut;
}

/**
 * The delimiter the header has most of, unless the header then names no column of names and another delimiter's
 * reading of it does: a semicolon file whose header says `Variable;Label (a, b, c)` has more commas than semicolons.
 */
function headerDelimiter(text: string): Delimiter {
  const counts = headerCounts(text);
  const candidates = delimitersByCount(counts);
  for (const d of candidates) {
    if (counts[d] === 0) break;
    const header = csvRecords(text, d).next();
    if (!header.done && detectRoles(header.value.fields).has('name')) return d;
  }
  return candidates[0];
}

/** Which header is read as what: each role takes the first header that matches its most specific spelling. */
function detectRoles(header: string[]): Map<Role, number> {
  const keys = header.map((h) => h.toLowerCase().replace(/[^a-z0-9]/g, ''));
  const roles = new Map<Role, number>();
  const taken = new Set<number>();
  for (const [role, spellings] of HEADERS) {
    for (const s of spellings) {
      const i = keys.findIndex((k, j) => k === s && !taken.has(j));
      if (i >= 0) {
        roles.set(role, i);
        taken.add(i);
        break;
      }
    }
  }
  // `Source` is the TRE schema only in the explore-app layout, recognised by its Block Name column.
  const source = keys.indexOf('source');
  if (source >= 0 && keys.includes('blockname')) roles.set('schema', source);
  return roles;
}

/** A project's schema in UK LLC naming ([LLC_1234].[nhsd_IAPT_...]). */
const PROJECT_SCHEMA = /^LLC_\d+$/i;

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}

function identifier(s: string): string {
  const id = s.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(id) ? '_' + id : id;
}

function toYaml(catalogue: object, source: string): string {
  const doc = new Document(catalogue, { aliasDuplicateObjects: false });
  doc.commentBefore = ` Imported by \`tre-catalogue import\` from ${source}: names VERIFIED by that file; descriptions,\n types and codes only where it gives them. Add titles, grains and keys by hand, with their own provenance.`;
  // Short maps on one line, as in the hand-written catalogues.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && (pair.key.value === 'provenance' || pair.key.value === 'descriptionProvenance') && isMap(pair.value)) pair.value.flow = true;
    },
    Map(_, map) {
      if (map.items.length === 2 && map.has('code') && map.has('meaning')) map.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
