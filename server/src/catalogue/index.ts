// Look-ups over all loaded catalogues: table names as TRE users write them, columns, code lists, measures,
// and "did you mean" suggestions.

import { CodeList, Column, Dataset, Measure, Table } from './model';
import { looksLikeDatasetName, splitTreName, SplitName } from './tre-names';

export interface TableMatch {
  dataset: Dataset;
  table: Table;
  split: SplitName;
}

export interface MeasureMatch {
  dataset: Dataset;
  measure: Measure;
}

export class Catalogue {
  private readonly columnMaps = new WeakMap<Table, Map<string, Column>>();

  /** Earlier datasets win when two define the same table: the embedded catalogue comes first. */
  constructor(readonly datasets: Dataset[]) {}

  /** Resolves a table name as written (parts without quotes) to a catalogue table. */
  resolveTable(parts: string[]): TableMatch | undefined {
    for (const dataset of this.datasets) {
      const split = splitTreName(parts, dataset.naming);
      const table = dataset.tables.find((t) => t.name.toLowerCase() === split.base.toLowerCase());
      if (table) return { dataset, table, split };
    }
    return undefined;
  }

  /** For a name that resolves to no table: the dataset whose naming it uses, if any. */
  datasetNamed(parts: string[]): { dataset: Dataset; split: SplitName } | undefined {
    for (const dataset of this.datasets) {
      const split = splitTreName(parts, dataset.naming);
      if (looksLikeDatasetName(split, dataset.naming)) return { dataset, split };
    }
    return undefined;
  }

  column(table: Table, name: string, caseSensitive: boolean): Column | undefined {
    let map = this.columnMaps.get(table);
    if (!map) {
      map = new Map();
      for (const c of table.columns) map.set(c.name.toLowerCase(), c);
      this.columnMaps.set(table, map);
    }
    const column = map.get(name.toLowerCase());
    if (!column) return undefined;
    return caseSensitive && column.name !== name ? undefined : column;
  }

  codeList(dataset: Dataset, column: Column): CodeList | undefined {
    return column.codes ? dataset.codeLists.get(column.codes) : undefined;
  }

  measure(code: string): MeasureMatch | undefined {
    for (const dataset of this.datasets) {
      const measure = dataset.measures.get(code);
      if (measure) return { dataset, measure };
    }
    return undefined;
  }

  tables(): TableMatch[] {
    const out: TableMatch[] = [];
    for (const dataset of this.datasets) {
      for (const table of dataset.tables) out.push({ dataset, table, split: { base: table.name } });
    }
    return out;
  }

  datasetOf(table: Table): Dataset | undefined {
    return this.datasets.find((d) => d.tables.includes(table));
  }
}

/** Optimal string alignment distance, case-insensitive, cut off above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    prev = cur;
  }
  return prev[b.length];
}

/** Up to `limit` candidates close to `name`, closest first. */
export function closest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = Math.max(1, Math.min(4, Math.floor(name.length / 3)));
  const scored: { c: string; d: number }[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c)) continue;
    seen.add(c);
    let d = editDistance(name, c, max);
    // A case-only difference is the closest possible match (R and Stata are case-sensitive).
    if (d === 0 && c !== name) d = 0.5;
    if (d <= max) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  // Only the nearest: a second-best guess is more often noise than help.
  return scored.filter((s) => s.d === scored[0].d).slice(0, limit).map((s) => s.c);
}
