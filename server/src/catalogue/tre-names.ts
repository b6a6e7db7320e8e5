// How TRE users write table names, and how to reduce them to a catalogue table's base name.
//
// UK LLC naming (reference: UK LLC Guidebook, "gettingstarted.md" and "database_design.md"):
//   [LLC_1234].[nhsd_IAPT_care_activities_v0003]          project view: schema LLC_1234, source prefix nhsd_
//   LLC_1234.nhsd_IAPT_care_activities_v0003_20240426      with the load date
//   nhsd.IAPT_care_activities_v0003                        source schema
//   IAPT_care_activities_v0002                              bare, any version
// Any case; brackets or double quotes are removed by the lexers before names reach here.

import { Naming } from './model';

export interface SplitName {
  /** The last part with source prefix, version and date removed. */
  base: string;
  /** Source prefix found on the last part (e.g. `nhsd_`), as written. */
  sourcePrefix?: string;
  /** Version suffix without underscore, as written (e.g. `v0003`). */
  version?: string;
  /** Date suffix without underscore (e.g. `20240426`). */
  date?: string;
  /** The schema part, if any (e.g. `LLC_1234` or `nhsd`). */
  schema?: string;
}

const VERSION_DATE = /^(.*?)(?:_(v\d{4}))?(?:_(\d{8}))?$/i;

/** Splits the last part of a multi-part name using a dataset's naming convention. */
export function splitTreName(parts: string[], naming: Naming): SplitName {
  const last = parts[parts.length - 1] ?? '';
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  let rest = last;
  let sourcePrefix: string | undefined;
  if (naming.source) {
    const prefix = naming.source + '_';
    // Strip the source prefix only when the remainder still looks like the dataset (nhsd_IAPT_x),
    // so a table whose own name starts with the source word is left alone.
    if (rest.toLowerCase().startsWith(prefix.toLowerCase()) && (!naming.tablePrefix || rest.slice(prefix.length).toLowerCase().startsWith(naming.tablePrefix.toLowerCase()))) {
      sourcePrefix = rest.slice(0, prefix.length);
      rest = rest.slice(prefix.length);
    }
  }
  const m = VERSION_DATE.exec(rest);
  const base = m ? m[1] : rest;
  return { base, sourcePrefix, version: m?.[2], date: m?.[3], schema };
}

/** True when a name is written in the dataset's TRE naming, whether or not such a table exists. */
export function looksLikeDatasetName(split: SplitName, naming: Naming): boolean {
  if (!naming.tablePrefix) return false;
  return split.base.toLowerCase().startsWith(naming.tablePrefix.toLowerCase()) && split.base.length > naming.tablePrefix.length;
}

/** Rebuilds the last part of a name with another base, keeping what the user wrote around it. */
export function withBase(split: SplitName, base: string): string {
  return (split.sourcePrefix ?? '') + base + (split.version ? '_' + split.version : '') + (split.date ? '_' + split.date : '');
}

/** The versioned name with the newest known version (`IAPT_care_activities_v0003`), or the base name. */
export function plainTreName(naming: Naming, base: string): string {
  const version = naming.versions?.[naming.versions.length - 1];
  return base + (version ? '_' + version : '');
}

/** The Guidebook's form, `nhsd.IAPT_care_activities_v0003`: what completion inserts when the script shows no other. */
export function defaultTreName(naming: Naming, base: string): string {
  const plain = plainTreName(naming, base);
  return naming.source ? `${naming.source}.${plain}` : plain;
}
