// Look-ups over all loaded catalogues: table names as TRE users write them, columns, code lists, measures,
// and "did you mean" suggestions.

import { CodeList, Column, Dataset, Measure, Table } from './model';
import { looksLikeDatasetName, splitTreName, SplitName } from './tre-names';

export interface TableMatch {
  dataset: Dataset;
  table: Table;
  split: SplitName;
}

/** A catalogue column with the dataset and table it is documented in. */
export interface CatalogueColumn {
  dataset: Dataset;
  table: Table;
  column: Column;
}

/** The part of a table another catalogue adds (see `Catalogue.columnsOf`). */
export interface TableAddition {
  dataset: Dataset;
  table: Table;
  /** How many columns it adds (new names, or names the earlier catalogue marks unconfirmed). */
  added: number;
}

export interface MeasureMatch {
  dataset: Dataset;
  measure: Measure;
}

export class Catalogue {
  /** Per dataset, its tables by lower-case name (the first of a name, as the loader reports repeats). */
  private readonly byName: Map<string, Table>[];
  private readonly merged = new WeakMap<Table, { columns: CatalogueColumn[]; additions: TableAddition[] }>();

  /**
   * Earlier datasets win when two define the same table name: the embedded catalogue comes first, and names
   * resolve to its table. The later ones add to it (`columnsOf`): a user's catalogue of the v0003 columns the
   * published v0002 lists lack, for example.
   */
  constructor(readonly datasets: Dataset[]) {
    this.byName = datasets.map((d) => {
      const map = new Map<string, Table>();
      for (const t of d.tables) if (!map.has(t.name.toLowerCase())) map.set(t.name.toLowerCase(), t);
      return map;
    });
  }

  /** Resolves a table name as written (parts without quotes) to a catalogue table. */
  resolveTable(parts: string[]): TableMatch | undefined {
    for (let i = 0; i < this.datasets.length; i++) {
      const dataset = this.datasets[i];
      const split = splitTreName(parts, dataset.naming);
      const table = this.byName[i].get(split.base.toLowerCase());
      if (table) return { dataset, table, split };
    }
    return undefined;
  }

  /**
   * A table's columns with the catalogue each is documented in: its own, then those that later catalogues with a
   * table of the same name add. A column both document is the earlier one's; where the earlier marks it
   * unconfirmed (a predicted name) and the later does not, the later confirms it (see `confirmed`).
   */
  columnsOf(match: { dataset: Dataset; table: Table }): CatalogueColumn[] {
    return this.mergedOf(match).columns;
  }

  /** The catalogues that add columns to this table (for its documentation). */
  additionsTo(match: { dataset: Dataset; table: Table }): TableAddition[] {
    return this.mergedOf(match).additions;
  }

  private mergedOf({ dataset, table }: { dataset: Dataset; table: Table }): { columns: CatalogueColumn[]; additions: TableAddition[] } {
    let merged = this.merged.get(table);
    if (merged) return merged;
    const columns = table.columns.map((column) => ({ dataset, table, column }));
    const additions: TableAddition[] = [];
    const first = this.datasets.indexOf(dataset);
    // Only the table names resolve to gathers the others (one an earlier catalogue has stands alone).
    if (first >= 0 && this.tableIn(first, table.name) === table && !this.inEarlier(first, table.name)) {
      const at = new Map<string, number>();
      columns.forEach((c, i) => {
        if (!at.has(c.column.name.toLowerCase())) at.set(c.column.name.toLowerCase(), i);
      });
      for (let d = first + 1; d < this.datasets.length; d++) {
        for (const other of this.datasets[d].tables) {
          if (this.tableIn(first, other.name) !== table) continue;
          let added = 0;
          for (const column of other.columns) {
            const name = column.name.toLowerCase();
            const i = at.get(name);
            const entry = { dataset: this.datasets[d], table: other, column };
            if (i === undefined) {
              at.set(name, columns.length);
              columns.push(entry);
              added++;
            } else if (columns[i].column.unconfirmed && !column.unconfirmed) {
              columns[i] = confirmed(columns[i], entry);
              added++;
            }
          }
          additions.push({ dataset: this.datasets[d], table: other, added });
        }
      }
    }
    merged = { columns, additions };
    this.merged.set(table, merged);
    return merged;
  }

  /**
   * The table of dataset `i` that a table name of another catalogue is: the same name, or the same once read in
   * dataset i's naming (`nhsd_IAPT_care_activities_v0003`, as a dictionary exported in the TRE may name it).
   */
  private tableIn(i: number, name: string): Table | undefined {
    return this.byName[i].get(name.toLowerCase()) ?? this.byName[i].get(splitTreName([name], this.datasets[i].naming).base.toLowerCase());
  }

  /** Whether a catalogue before dataset `i` has this table. */
  private inEarlier(i: number, name: string): boolean {
    for (let j = 0; j < i; j++) if (this.tableIn(j, name)) return true;
    return false;
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

  /** Every table once: the one names resolve to (an earlier catalogue's, when several have the table). */
  tables(): TableMatch[] {
    const out: TableMatch[] = [];
    this.datasets.forEach((dataset, i) => {
      for (const table of dataset.tables) {
        if (this.byName[i].get(table.name.toLowerCase()) === table && !this.inEarlier(i, table.name)) out.push({ dataset, table, split: { base: table.name } });
      }
    });
    return out;
  }
}

/**
 * An unconfirmed column (a name predicted, not published) that a later catalogue lists: the name is as that one
 * says (its provenance), the rest (description, type, code list) as the earlier one documents it.
 */
function confirmed(predicted: CatalogueColumn, by: CatalogueColumn): CatalogueColumn {
  const { unconfirmed: _, note: __, ...rest } = predicted.column;
  const column: Column = { ...rest, provenance: by.column.provenance ?? predicted.column.provenance, note: `Listed by the ${by.dataset.title} catalogue (\`${by.dataset.id}\`).` };
  return { ...predicted, column };
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
