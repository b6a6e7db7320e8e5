// The in-memory catalogue: what a catalogue YAML file says, after validation.
// Nothing here knows about languages or LSP.

/** How sure we are of a fact, and where it comes from. */
export interface Provenance {
  status: 'VERIFIED' | 'INFERRED';
  /** Free text naming the source: a source id from the dataset's `sources`, a path or a URL. */
  source?: string;
}

export interface Code {
  code: string;
  meaning: string;
  provenance?: Provenance;
  /** Caveat about this one code. */
  note?: string;
}

export interface CodeList {
  id: string;
  title: string;
  codes: Code[];
  provenance?: Provenance;
  /** Codes outside the list are not reported when the list is known to be partial. */
  complete: boolean;
  note?: string;
}

/** A measure identified by a code (for example a SNOMED CT concept id of an assessment tool). */
export interface Measure {
  code: string;
  name: string;
  range?: string;
  provenance?: Provenance;
  /** Caveat about the measure (e.g. where its code list comes from). */
  note?: string;
}

export type KeyRole = 'person' | 'referral' | 'contact' | 'activity' | 'assessment' | 'other';

export interface Column {
  name: string;
  description?: string;
  type?: string;
  /** Source table in the upstream data set (for IAPT an IDS table such as IDS101). */
  source?: string;
  key?: KeyRole;
  /** Id of a code list of the dataset. */
  codes?: string;
  /** Provenance of the column name. */
  provenance: Provenance;
  /** Provenance of description / type / source, when it differs from the name's. */
  descriptionProvenance?: Provenance;
  /** Documented but not confirmed to exist in the TRE: shown in hover, never completed or accepted silently. */
  unconfirmed?: boolean;
  note?: string;
  /** 0-based offset of the column entry in its YAML file, for go to definition. */
  offset?: number;
}

export interface Table {
  /** Base name without schema, source prefix, version or date, e.g. IAPT_care_activities. */
  name: string;
  title: string;
  description?: string;
  /** What one row is: person, referral, contact, ... */
  grain?: string;
  /** Where the grain comes from, when not from the table's own source. */
  grainProvenance?: Provenance;
  sourceTables?: string[];
  versionNote?: string;
  provenance?: Provenance;
  columns: Column[];
  offset?: number;
}

/** How the TRE names the dataset's tables (see tre-names.ts). */
export interface Naming {
  /** Schema and project-view prefix of the data source, e.g. `nhsd` (nhsd.IAPT_x, LLC_1234.nhsd_IAPT_x). */
  source?: string;
  /** Prefix every table of the dataset shares, e.g. `IAPT_`: a name with it that matches no table is reported. */
  tablePrefix?: string;
  /** Known version suffixes, newest last, e.g. [v0002, v0003]. */
  versions?: string[];
}

export interface Dataset {
  id: string;
  title: string;
  description?: string;
  naming: Naming;
  sources: Record<string, string>;
  codeLists: Map<string, CodeList>;
  measures: Map<string, Measure>;
  tables: Table[];
  /** Absolute path of the YAML file the dataset came from, or a label for the embedded one. */
  file: string;
}

/** A problem found while loading a catalogue file. Lines and columns are 0-based. */
export interface CatalogueProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}
