// Custom LSP requests of the TRE Catalogue server, shared by the server and the VS Code client (esbuild bundles
// this file into both). Plain JSON types only: no imports, so the client pulls in no server code.

/** `treCatalogue/tree`: every loaded catalogue as datasets → tables → columns, for the explorer view. */
export const TREE_REQUEST = 'treCatalogue/tree';

/** `treCatalogue/search`: tables, columns and coded values matching a query (names, descriptions, code meanings). */
export const SEARCH_REQUEST = 'treCatalogue/search';

/** Sent by the server when catalogues were loaded or reloaded, so the client refreshes its view. */
export const CHANGED_NOTIFICATION = 'treCatalogue/changed';

/** Where an entry is written in its catalogue YAML file (0-based, as in LSP). */
export interface EntryLocation {
  uri: string;
  line: number;
  character: number;
}

export interface TreeColumn {
  name: string;
  type?: string;
  description?: string;
  key?: string;
  /** Title of the column's code list. */
  codes?: string;
  unconfirmed?: boolean;
  /** The id of the catalogue the column comes from, when another catalogue adds it to the table. */
  from?: string;
  location: EntryLocation;
}

export interface TreeTable {
  /** Base name as in the catalogue, e.g. IAPT_care_activities. */
  name: string;
  /** What completion inserts in SQL when nothing else is known, e.g. nhsd.IAPT_care_activities_v0003. */
  sqlName: string;
  /** The versioned name without schema, e.g. IAPT_care_activities_v0003 (for R and Stata). */
  plainName: string;
  title: string;
  description?: string;
  grain?: string;
  location: EntryLocation;
  columns: TreeColumn[];
}

export interface TreeDataset {
  id: string;
  title: string;
  description?: string;
  location: EntryLocation;
  tables: TreeTable[];
}

export interface SearchParams {
  query: string;
  /** At most this many matches (default 200). */
  limit?: number;
}

export interface SearchMatch {
  kind: 'table' | 'column';
  /** The name to insert: the table's SQL name or plain name, or the column name. */
  name: string;
  sqlName: string;
  /** Dataset id, table base name. */
  dataset: string;
  table: string;
  /** Short text for a quick pick: type · table · dataset. */
  detail: string;
  description?: string;
  /** Why it matched when it was not the name: "code 46: Completed treatment", "description". */
  matchedOn: string;
  location: EntryLocation;
}
