// Markdown documentation for catalogue entries, shared by hover and completion.

import type { TableAddition } from '../catalogue/index';
import { Code, CodeList, Column, Dataset, Measure, Provenance, Table } from '../catalogue/model';

const MAX_CODES = 25;

export function provenanceText(p: Provenance | undefined): string {
  if (!p) return 'not stated';
  return p.source ? `${p.status} (${p.source})` : p.status;
}

/** `additions`: what other catalogues add to the table (`Catalogue.additionsTo`). */
export function tableDoc(dataset: Dataset, table: Table, version?: string, additions: readonly TableAddition[] = []): string {
  const lines = [`**${table.name}** — ${table.title}`, ''];
  if (table.description) lines.push(table.description, '');
  const facts: string[] = [];
  if (table.grain) facts.push(`One row per: **${table.grain}**` + (table.grainProvenance ? ` — ${provenanceText(table.grainProvenance)}` : ''));
  if (table.sourceTables?.length) facts.push(`Source tables: ${table.sourceTables.join(', ')}`);
  // Predicted names that a later catalogue lists count as documented.
  const listed = additions.reduce((n, a) => n + a.confirmed, 0);
  const confirmed = table.columns.filter((c) => !c.unconfirmed).length + listed;
  facts.push(`Columns: ${confirmed} documented` + (confirmed < table.columns.length ? ` (+${table.columns.length - confirmed} unconfirmed)` : ''));
  // The versions a catalogue that adds to the table knows count too (a TRE's own catalogue of v0004, say).
  const versions = dataset.naming.versions && [...dataset.naming.versions, ...additions.flatMap((a) => a.dataset.naming.versions ?? [])];
  if (version && versions && !versions.some((v) => v.toLowerCase() === version.toLowerCase())) {
    facts.push(`Version \`${version}\` is not one the catalogue knows (${versions.join(', ')})`);
  }
  for (const a of additions) {
    const parts = [a.added > 0 && `+${a.added} column${a.added === 1 ? '' : 's'}`, a.confirmed > 0 && `${a.confirmed} unconfirmed name${a.confirmed === 1 ? '' : 's'} listed`].filter(Boolean);
    facts.push(`${parts.join(', ')} by the ${a.dataset.title} catalogue (\`${a.dataset.id}\`)`);
  }
  if (table.versionNote) facts.push(`Version note: ${table.versionNote}`);
  facts.push(`Catalogue: ${dataset.title}`);
  if (table.provenance) facts.push(`Provenance: ${provenanceText(table.provenance)}`);
  lines.push(...facts.map((f) => `- ${f}`));
  return lines.join('\n');
}

export function columnDoc(dataset: Dataset, table: Table, column: Column, codeList: CodeList | undefined): string {
  const head = `**${column.name}**` + (column.type ? ` · \`${column.type}\`` : '') + ` · ${table.name}`;
  const lines = [head, ''];
  if (column.unconfirmed) {
    lines.push('⚠ **Unconfirmed**: documented in the catalogue but not in the published column list; check it in the TRE before use.', '');
  }
  if (column.description) lines.push(column.description, '');
  const facts: string[] = [];
  if (column.source) facts.push(`Source: ${column.source}`);
  if (column.key) facts.push(`Key: identifies a **${column.key}**`);
  facts.push(`Name: ${provenanceText(column.provenance)}`);
  if (column.descriptionProvenance) facts.push(`Description: ${provenanceText(column.descriptionProvenance)}`);
  if (column.note) facts.push(`Note: ${column.note}`);
  lines.push(...facts.map((f) => `- ${f}`));
  if (codeList) lines.push('', codeListDoc(codeList));
  lines.push('', `_${dataset.title}_`);
  return lines.join('\n');
}

export function codeListDoc(list: CodeList): string {
  const lines = [`**Codes: ${list.title}**${list.complete ? '' : ' (partial list)'} — ${provenanceText(list.provenance)}`, ''];
  lines.push('| code | meaning |', '|---|---|');
  for (const c of list.codes.slice(0, MAX_CODES)) lines.push(`| \`${c.code}\` | ${escapeCell(c.meaning)} |`);
  if (list.codes.length > MAX_CODES) lines.push(`| … | ${list.codes.length - MAX_CODES} more |`);
  if (list.note) lines.push('', list.note);
  return lines.join('\n');
}

/** A value as written, and the code of the list it stands for (undefined when none). */
export function codeDoc(list: CodeList, written: string, entry: Code | undefined): string {
  if (entry === undefined) {
    return `\`${written}\` is not in the code list **${list.title}**${list.complete ? '' : ' (a partial list)'}.`;
  }
  const code = entry.code === written ? `\`${written}\`` : `\`${written}\` (code \`${entry.code}\`)`;
  return `${code} = **${entry.meaning}**\n\n${list.title} — ${provenanceText(entry.provenance ?? list.provenance)}`;
}

export function measureDoc(dataset: Dataset, measure: Measure): string {
  const lines = [`\`${measure.code}\` = **${measure.name}**`, ''];
  if (measure.range) lines.push(`- Score range: ${measure.range}`);
  lines.push(`- Provenance: ${provenanceText(measure.provenance)}`, '', `_${dataset.title}_`);
  return lines.join('\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
