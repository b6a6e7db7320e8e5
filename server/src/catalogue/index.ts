// Look-ups over all loaded catalogues: table names as TRE users write them, columns, code lists, measures,
// and "did you mean" suggestions.

import { CatalogueColumn, Owned, TableAddition, TableOwners } from './merge';
import { CodeList, Column, Dataset, Measure, Table } from './model';
import { looksLikeDatasetName, splitTreName, SplitName } from './tre-names';

export type { CatalogueColumn, Owned, TableAddition } from './merge';

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
  private readonly owners: TableOwners;

  /**
   * Names resolve to the earliest catalogue with the table (the embedded one comes first); the later ones add
   * their columns to it (`columnsOf`): a user's catalogue of the v0003 columns the v0002 lists lack, say.
   */
  constructor(readonly datasets: Dataset[]) {
    this.owners = new TableOwners(datasets);
  }

  /** Resolves a table name as written (parts without quotes) to a catalogue table. */
  resolveTable(parts: string[]): TableMatch | undefined {
    const last = parts[parts.length - 1] ?? '';
    for (let i = 0; i < this.datasets.length; i++) {
      const table = this.owners.find(i, last);
      if (table) return { ...this.owners.ownerOf(table), split: splitTreName(parts, this.datasets[i].naming) };
    }
    return undefined;
  }

  /** The table that names of a table resolve to: itself, or an earlier catalogue's that it adds to. */
  ownerOf(table: Table): Owned {
    return this.owners.ownerOf(table);
  }

  /** A table's columns, with those later catalogues add to it, each with the catalogue that documents it. */
  columnsOf(owned: Owned): CatalogueColumn[] {
    return this.owners.columnsOf(owned);
  }

  /** What later catalogues add to the table, one entry per catalogue. */
  additionsTo(owned: Owned): TableAddition[] {
    return this.owners.additionsTo(owned);
  }

  /** For a name that resolves to no table: the dataset whose naming it uses, if any. */
  datasetNamed(parts: string[]): { dataset: Dataset; split: SplitName } | undefined {
    for (const dataset of this.datasets) {
      const split = splitTreName(parts, dataset.naming);
      if (looksLikeDatasetName(split, dataset.naming)) return { dataset, split };
    }
    return undefined;
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

  /**
   * The tables that have a column of this name (ignoring case), in catalogue order: a name the script uses that is a
   * real column somewhere was not misspelt, so "did you mean" another column would be a wrong fix.
   */
  tablesWithColumn(name: string): Table[] {
    if (!this.byColumn) {
      this.byColumn = new Map();
      for (const { table } of this.tables()) {
        for (const { column } of this.columnsOf(this.ownerOf(table))) {
          const key = column.name.toLowerCase();
          const list = this.byColumn.get(key) ?? [];
          if (!list.includes(table)) list.push(table);
          this.byColumn.set(key, list);
        }
      }
    }
    return this.byColumn.get(name.toLowerCase()) ?? [];
  }

  private byColumn: Map<string, Table[]> | undefined;

  /** Every table names resolve to, once (not those that add to an earlier catalogue's). */
  tables(): TableMatch[] {
    const out: TableMatch[] = [];
    for (const dataset of this.datasets) {
      for (const table of dataset.tables) if (this.owners.ownerOf(table).table === table) out.push({ dataset, table, split: { base: table.name } });
    }
    return out;
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
