// The explorer's filter, without VS Code: kept apart so that it can be unit-tested.

import { TreeDataset } from '../../server/src/protocol';

/**
 * Datasets, tables and columns whose name or description contains every word of the filter (case-insensitive).
 * A table that matches keeps all its columns; otherwise it keeps only the columns that match.
 */
export function filterTree(datasets: TreeDataset[], filter: string): TreeDataset[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return datasets;
  const matches = (...texts: (string | undefined)[]): boolean => {
    const text = texts.filter(Boolean).join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  };
  const out: TreeDataset[] = [];
  for (const d of datasets) {
    const tables = d.tables
      .map((t) => (matches(t.name, t.title, t.description) ? t : { ...t, columns: t.columns.filter((c) => matches(c.name, c.description)) }))
      .filter((t) => t.columns.length > 0 || matches(t.name, t.title, t.description));
    if (tables.length > 0) out.push({ ...d, tables });
  }
  return out;
}
