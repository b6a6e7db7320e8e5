// Tables that several catalogues describe. The embedded IAPT catalogue lists the published v0002 columns; a
// user's catalogue of the same table (from a dictionary exported in the TRE, say) adds the v0003 columns it
// lacks. Names resolve to the first catalogue's table, which gathers the columns of the later ones.

import { Column, Dataset, Table } from './model';
import { splitTreName } from './tre-names';

/** A table with the dataset it is in. */
export interface Owned {
  dataset: Dataset;
  table: Table;
}

/** A catalogue column with the dataset and table it is documented in. */
export interface CatalogueColumn extends Owned {
  column: Column;
  /** The table names resolve to that has this column: `table`, or the earlier catalogue's table it adds to. */
  of: Table;
  /** For a predicted name another catalogue confirms (`confirmed`): the other of the two entries. */
  alsoIn?: { dataset: Dataset; column: Column };
}

/** What a later catalogue adds to a table (see `TableOwners.columnsOf`). */
export interface TableAddition {
  dataset: Dataset;
  /** Columns under names the table did not have. */
  added: number;
  /** Columns the earlier catalogue marks unconfirmed (predicted names) that this one lists. */
  confirmed: number;
}

interface Merged {
  columns: CatalogueColumn[];
  additions: TableAddition[];
}

export class TableOwners {
  /** Per dataset, its tables by lower-case name, and by base name read in the dataset's naming (first wins). */
  private readonly byName: Map<string, Table>[];
  /** Each table's owner: itself, or the earlier catalogue's table that its name is (and that gathers it). */
  private readonly owners = new Map<Table, Owned>();
  /** Per owner, the later tables it gathers, in catalogue order. */
  private readonly gathered = new Map<Table, Owned[]>();
  private readonly merged = new WeakMap<Table, Merged>();

  constructor(private readonly datasets: readonly Dataset[]) {
    this.byName = datasets.map((d) => {
      const map = new Map<string, Table>();
      for (const t of d.tables) if (!map.has(t.name.toLowerCase())) map.set(t.name.toLowerCase(), t);
      // A catalogue may name a table as the TRE writes it (nhsd_MHSDS_x_v0001): scripts' names reach it by its base.
      for (const t of d.tables) {
        const base = splitTreName([t.name], d.naming).base.toLowerCase();
        if (base && !map.has(base)) map.set(base, t);
      }
      return map;
    });
    // In catalogue order, so that an owner's own owner is known: a table that an intermediate catalogue's table
    // is (in that one's naming) goes to where that one goes.
    datasets.forEach((dataset, i) => {
      for (const table of dataset.tables) {
        let owner: Owned = { dataset, table };
        for (let j = 0; j < i; j++) {
          const earlier = this.find(j, table.name);
          if (earlier) {
            owner = this.ownerOf(earlier);
            break;
          }
        }
        this.owners.set(table, owner);
        if (owner.table !== table) {
          const list = this.gathered.get(owner.table) ?? [];
          list.push({ dataset, table });
          this.gathered.set(owner.table, list);
        }
      }
    });
  }

  /** The table of dataset `i` that a name is: by its lower-case name, or its base read in dataset i's naming. */
  find(i: number, name: string): Table | undefined {
    const byName = this.byName[i];
    return byName.get(name.toLowerCase()) ?? byName.get(splitTreName([name], this.datasets[i].naming).base.toLowerCase());
  }

  /** The table that names of this table resolve to, with its dataset. */
  ownerOf(table: Table): Owned {
    const owner = this.owners.get(table);
    if (!owner) throw new Error(`table ${table.name} is in none of the catalogues`);
    return owner;
  }

  /**
   * A table's columns with the catalogue each is documented in: its own, then those that later catalogues' tables
   * add. A column both document is the earlier one's; where the earlier marks it unconfirmed and a later one lists
   * it, the later confirms it (`confirmed`). A spelling that differs only in case is kept as well: Stata's names
   * are case-sensitive. A table another gathers has its own columns only.
   */
  columnsOf(owned: Owned): CatalogueColumn[] {
    return this.mergedOf(owned).columns;
  }

  /** What each later catalogue adds to the table (for its documentation), one entry per catalogue. */
  additionsTo(owned: Owned): TableAddition[] {
    return this.mergedOf(owned).additions;
  }

  private mergedOf({ dataset, table }: Owned): Merged {
    let merged = this.merged.get(table);
    if (merged) return merged;
    const columns: CatalogueColumn[] = table.columns.map((column) => ({ dataset, table, column, of: table }));
    const byDataset = new Map<Dataset, TableAddition>();
    const at = new Map<string, number>();
    const spelled = new Set<string>();
    columns.forEach((c, i) => {
      if (!at.has(c.column.name.toLowerCase())) at.set(c.column.name.toLowerCase(), i);
      spelled.add(c.column.name);
    });
    for (const later of this.gathered.get(table) ?? []) {
      let addition = byDataset.get(later.dataset);
      if (!addition) byDataset.set(later.dataset, (addition = { dataset: later.dataset, added: 0, confirmed: 0 }));
      for (const column of later.table.columns) {
        const entry: CatalogueColumn = { ...later, column, of: table };
        const i = at.get(column.name.toLowerCase());
        if (i === undefined) {
          at.set(column.name.toLowerCase(), columns.length);
          columns.push(entry);
          addition.added++;
        } else {
          if (columns[i].column.unconfirmed && !column.unconfirmed) {
            columns[i] = confirmed(columns[i], entry);
            addition.confirmed++;
          }
          if (!spelled.has(column.name)) columns.push(entry);
        }
        spelled.add(column.name);
      }
    }
    merged = { columns, additions: [...byDataset.values()].filter((a) => a.added + a.confirmed > 0) };
    this.merged.set(table, merged);
    return merged;
  }
}

/**
 * An unconfirmed column (a predicted name) that a later catalogue lists: the name's provenance is the later one's;
 * description, type and code list are the earlier one's, or the later one's where the earlier gives none. (A code
 * list id belongs to its own catalogue, so the later one's list makes the later entry the one documented.)
 */
function confirmed(predicted: CatalogueColumn, by: CatalogueColumn): CatalogueColumn {
  const note = `Listed by the ${by.dataset.title} catalogue (\`${by.dataset.id}\`).`;
  const { unconfirmed: _u, note: _n, ...earlier } = predicted.column;
  const { unconfirmed: _bu, note: _bn, ...later } = by.column;
  if (!earlier.codes && later.codes) return { ...by, of: predicted.of, column: { ...later, ...descriptive(earlier), note }, alsoIn: { dataset: predicted.dataset, column: predicted.column } };
  return { ...predicted, column: { ...earlier, ...descriptive(later), ...descriptive(earlier), provenance: later.provenance, note }, alsoIn: { dataset: by.dataset, column: by.column } };
}

/** The descriptive fields a column sets: type, description (with its provenance) and source. */
function descriptive(c: Partial<Column>): Partial<Column> {
  const out: Partial<Column> = {};
  if (c.type !== undefined) out.type = c.type;
  if (c.description !== undefined) {
    out.description = c.description;
    out.descriptionProvenance = c.descriptionProvenance;
  }
  if (c.source !== undefined) out.source = c.source;
  return out;
}
