// The catalogue explorer's data: the tree of datasets, tables and columns, and the search behind
// "TRE Catalogue: Find column". Pure functions of the catalogue; the server turns offsets into locations.

import { Catalogue } from '../catalogue/index';
import { Column, Dataset, Table } from '../catalogue/model';
import { defaultTreName, plainTreName } from '../catalogue/tre-names';
import { EntryLocation, SearchMatch, TreeColumn, TreeDataset, TreeTable } from '../protocol';

/** Turns a catalogue file and an offset in it into an editor location. */
export type Locate = (file: string, offset: number) => EntryLocation;

export function catalogueTree(catalogue: Catalogue, locate: Locate): TreeDataset[] {
  return catalogue.datasets.map((dataset) => ({
    id: dataset.id,
    title: dataset.title,
    description: dataset.description,
    location: locate(dataset.file, 0),
    tables: dataset.tables.map((table) => treeTable(catalogue, dataset, table, locate)),
  }));
}

function treeTable(catalogue: Catalogue, dataset: Dataset, table: Table, locate: Locate): TreeTable {
  // A table that adds columns to an earlier catalogue's is inserted as that one is named.
  const owner = catalogue.ownerOf(table);
  return {
    name: table.name,
    sqlName: defaultTreName(owner.dataset.naming, owner.table.name),
    plainName: plainTreName(owner.dataset.naming, owner.table.name),
    title: table.title,
    description: table.description,
    grain: table.grain,
    location: locate(dataset.file, table.offset ?? 0),
    // With the columns other catalogues add to it, each from its own catalogue (`Catalogue.columnsOf`).
    columns: catalogue.columnsOf({ dataset, table }).map((c) => ({ ...treeColumn(c.dataset, c.table, c.column, locate), ...(c.dataset !== dataset ? { from: c.dataset.id } : {}) })),
  };
}

function treeColumn(dataset: Dataset, table: Table, column: Column, locate: Locate): TreeColumn {
  return {
    name: column.name,
    type: column.type,
    description: column.description,
    key: column.key,
    codes: column.codes ? dataset.codeLists.get(column.codes)?.title : undefined,
    unconfirmed: column.unconfirmed || undefined,
    location: locate(dataset.file, column.offset ?? table.offset ?? 0),
  };
}

/** Ranks: a name equal to the query, then starting with it, then containing it, then other text containing it. */
const RANK = { exact: 0, prefix: 1, name: 2, description: 3, code: 4 } as const;

/**
 * Tables and columns whose name, description or code meanings contain every word of the query
 * (case-insensitive), best first. Unconfirmed columns are left out, as completion leaves them out.
 */
export function searchCatalogue(catalogue: Catalogue, query: string, locate: Locate, limit = 200): SearchMatch[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const found: { rank: number; match: SearchMatch }[] = [];
  const consider = (rank: number | undefined, match: () => SearchMatch): void => {
    if (rank !== undefined) found.push({ rank, match: match() });
  };
  for (const dataset of catalogue.datasets) {
    for (const table of dataset.tables) {
      const sqlName = defaultTreName(dataset.naming, table.name);
      // A table that adds to an earlier catalogue's is found as that one; its columns are found as its own.
      const owned = catalogue.ownerOf(table).table === table;
      const tableRank = owned ? rankOf(words, [table.name], [table.title, table.description]) : undefined;
      consider(tableRank?.rank, () => ({
        kind: 'table',
        name: plainTreName(dataset.naming, table.name),
        sqlName,
        dataset: dataset.id,
        table: table.name,
        detail: `table · ${table.title}${table.grain ? ` · one row per ${table.grain}` : ''} · ${dataset.id}`,
        description: table.description,
        matchedOn: tableRank?.why ?? '',
        location: locate(dataset.file, table.offset ?? 0),
      }));
      for (const column of table.columns) {
        if (column.unconfirmed) continue;
        const meanings = column.codes ? (dataset.codeLists.get(column.codes)?.codes ?? []) : [];
        const r = rankOf(words, [column.name], [column.description], meanings.map((c) => `${c.code}: ${c.meaning}`));
        consider(r?.rank, () => ({
          kind: 'column',
          name: column.name,
          sqlName: column.name,
          dataset: dataset.id,
          table: table.name,
          detail: `${column.type ?? 'column'} · ${table.name} · ${dataset.id}`,
          description: column.description,
          matchedOn: r?.why ?? '',
          location: locate(dataset.file, column.offset ?? table.offset ?? 0),
        }));
      }
    }
  }
  found.sort((a, b) => a.rank - b.rank || a.match.name.localeCompare(b.match.name) || a.match.table.localeCompare(b.match.table));
  return found.slice(0, limit).map((f) => f.match);
}

/** The best rank at which every word matches, and what matched when it was not the name. */
function rankOf(words: string[], names: string[], texts: (string | undefined)[], codes: string[] = []): { rank: number; why: string } | undefined {
  const name = names.join(' ').toLowerCase();
  const text = texts.filter(Boolean).join(' ').toLowerCase();
  const query = words.join(' ');
  if (name === query) return { rank: RANK.exact, why: '' };
  if (name.startsWith(query)) return { rank: RANK.prefix, why: '' };
  if (words.every((w) => name.includes(w))) return { rank: RANK.name, why: '' };
  if (words.every((w) => name.includes(w) || text.includes(w))) return { rank: RANK.description, why: 'description' };
  const code = codes.find((c) => words.every((w) => name.includes(w) || text.includes(w) || c.toLowerCase().includes(w)));
  if (code) return { rank: RANK.code, why: `code ${code}` };
  return undefined;
}
