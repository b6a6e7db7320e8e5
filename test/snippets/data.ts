// Renders the synthetic cases (cases.ts) as an embedded SQLite database (sql.js) and as CSV for R, and
// reads the snippet files with their tab stops at their defaults.

import * as assert from 'assert';
import * as path from 'path';
import initSqlJs, { Database, SqlValue } from 'sql.js';
import { loadSnippets } from '../../server/src/features/snippet-files';
import { resolveSnippet } from '../../server/src/features/snippet-text';
import { SnippetDefinition } from '../../server/src/features/snippets';
import { REPO } from '../iapt';
import { ASSESSMENTS, RATES_EXPECTED, referralRows } from './cases';

export const SNIPPET_DIR = path.join(REPO, 'snippets');
export const LANGUAGES = ['sql', 'r', 'stata'] as const;

let all: Map<string, SnippetDefinition[]> | undefined;
export function snippetsOf(lang: string): SnippetDefinition[] {
  all ??= loadSnippets(SNIPPET_DIR);
  return all.get(lang) ?? [];
}

/** The text a snippet inserts when every tab stop keeps its default (schema LLC_XXXX, version v0003...). */
export function resolved(lang: string, prefix: string): string {
  const s = snippetsOf(lang).find((x) => x.prefix === prefix);
  if (!s) throw new Error(`no snippet ${prefix} in snippets/${lang}.json`);
  return resolveSnippet(s.body);
}

export type Row = Record<string, SqlValue>;

/**
 * The synthetic tables under their TRE names, [LLC_XXXX].[nhsd_IAPT_<table>_v0003], in an attached schema.
 * Every column is TEXT, as the worst case of what ODBC may hand over: a snippet that compares a score
 * without casting it compares text ('9' >= '10') and fails the tests.
 */
export async function iaptDatabase(): Promise<Database> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run("ATTACH DATABASE ':memory:' AS LLC_XXXX");
  createTable(db, 'LLC_XXXX.nhsd_IAPT_demographics_and_referral_v0003', referralRows());
  createTable(db, 'LLC_XXXX.nhsd_IAPT_coded_scored_assessments_v0003', ASSESSMENTS);
  return db;
}

function createTable(db: Database, name: string, rows: object[]): void {
  const columns = Object.keys(rows[0]);
  db.run(`CREATE TABLE ${name} (${columns.map((c) => `${c} TEXT`).join(', ')})`);
  const insert = db.prepare(`INSERT INTO ${name} VALUES (${columns.map(() => '?').join(', ')})`);
  for (const row of rows) {
    const values = row as Record<string, string | number | null>;
    insert.run(columns.map((c) => (values[c] === null ? null : String(values[c]))));
  }
  insert.free();
}

/** Runs one statement and returns its rows as objects. */
export function query(db: Database, sql: string): Row[] {
  const results = db.exec(sql);
  if (results.length !== 1) throw new Error(`expected one result set, got ${results.length}`);
  const { columns, values } = results[0];
  return values.map((v) => Object.fromEntries(columns.map((c, i) => [c, v[i]])));
}

/** CSV as R's read.csv(na.strings = "NA") reads it: NULL is NA, an empty string stays empty. */
export function toCsv(columns: string[], rows: SqlValue[][]): string {
  const cell = (v: SqlValue): string => {
    if (v === null) return 'NA';
    const s = String(v);
    if (/[",\n]/.test(s) || s === 'NA') throw new Error(`value ${JSON.stringify(s)} would need CSV quoting`);
    return s;
  };
  return [columns.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}

/** Parses the CSV R writes with write.csv(quote = FALSE, na = "NA"): numbers become numbers, NA null. */
export function parseCsv(text: string): Record<string, string | number | null>[] {
  const [head, ...lines] = text.trim().split('\n');
  const columns = head.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] === 'NA' ? null : /^-?\d+(\.\d+)?(e-?\d+)?$/.test(cells[i]) ? Number(cells[i]) : cells[i]]));
  });
}

/** Rates equal the hand-worked ones (to rounding of the division). */
export function assertRates(row: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(RATES_EXPECTED)) {
    const got = Number(row[name]);
    assert.ok(Math.abs(got - value) < 1e-9, `${name}: expected ${value}, got ${row[name]}`);
  }
}
