#!/usr/bin/env node
// Generates schemas/iapt/iapt.catalogue.yaml from the files in schemas/iapt/source/:
//   IAPT_*.csv               column names and their order (UK LLC's published v0002 lists, the ground truth for names)
//   catalogue.md             sources (§1), tables (§3) and per-column type / IDS source / description / codes pointer (§4)
//   code-lists.yaml          code lists and measures, transcribed by hand from codes.md (see its header)
//   unconfirmed-columns.yaml v2.1 items whose v0003 names catalogue.md §3 predicts
//
// Usage: node scripts/generate-iapt-catalogue.mjs [output-path]   (npm run catalogue:generate)
//
// The generator refuses to write anything when the sources disagree (a CSV name missing from catalogue.md, a code
// list naming an unknown column, ...): a silent mismatch would put an unverified fact into the catalogue.
// Output depends only on the inputs (no dates, no map-order surprises), so re-running gives identical bytes.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.join(root, 'schemas', 'iapt', 'source');
const defaultOut = path.join(root, 'schemas', 'iapt', 'iapt.catalogue.yaml');

/** Thrown for any inconsistency between the sources; the message says which file and what. */
class SourceError extends Error {}

function fail(message) {
  throw new SourceError(message);
}

function read(name) {
  return fs.readFileSync(path.join(sourceDir, name), 'utf8');
}

// ---------------------------------------------------------------------------------------------------------------
// CSV column lists

const CSV_HEADER = ',Source,Block Name,Variable Name,Variable Description,Value,Value Description';

/** Names in published order. The files are simple (no quoting); anything else is refused rather than guessed at. */
function readCsvNames(table) {
  const file = `${table}.csv`;
  const lines = read(file).split(/\r?\n/).filter((l) => l.length > 0);
  if (lines[0] !== CSV_HEADER) fail(`${file}: unexpected header ${JSON.stringify(lines[0])}`);
  return lines.slice(1).map((line, i) => {
    if (line.includes('"')) fail(`${file}:${i + 2}: quoted fields are not supported`);
    const cells = line.split(',');
    if (cells.length !== 7) fail(`${file}:${i + 2}: expected 7 fields, got ${cells.length}`);
    const [, schema, block, name] = cells;
    if (schema !== 'nhsd') fail(`${file}:${i + 2}: Source is ${schema}, expected nhsd`);
    if (block !== table) fail(`${file}:${i + 2}: Block Name is ${block}, expected ${table}`);
    if (!/^[a-z0-9_]+$/.test(name)) fail(`${file}:${i + 2}: unexpected column name ${JSON.stringify(name)}`);
    return name;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// catalogue.md

function cells(line) {
  return line.split('|').slice(1, -1).map((c) => c.trim());
}

function isTableRow(line) {
  return line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line);
}

/** Lines of the part of catalogue.md that starts with `startHeading` and ends at the next heading of that level. */
function section(lines, startPrefix, level) {
  const start = lines.findIndex((l) => l.startsWith(startPrefix));
  if (start < 0) fail(`catalogue.md: no section starting with ${JSON.stringify(startPrefix)}`);
  const marker = '#'.repeat(level) + ' ';
  let end = lines.findIndex((l, i) => i > start && l.startsWith(marker));
  if (end < 0) end = lines.length;
  return lines.slice(start + 1, end);
}

function parseSources(lines) {
  const rows = section(lines, '## 1. Sources found', 2).filter(isTableRow).map(cells);
  const sources = {};
  for (const row of rows.slice(1)) {
    if (row.length !== 4) fail(`catalogue.md §1: expected 4 cells in ${JSON.stringify(row)}`);
    const [id, source, gives, status] = row;
    if (!/^S\d+$/.test(id)) fail(`catalogue.md §1: bad source id ${id}`);
    sources[id] = `${source} — gives: ${gives} (${status})`;
  }
  return sources;
}

/** §3 overview: table -> "IDS001 MPI, ..." as written there. */
function parseOverview(lines) {
  const rows = section(lines, '## 3. Tables', 2).filter(isTableRow).map(cells);
  const overview = new Map();
  for (const row of rows.slice(1)) {
    const m = /^nhsd\.(IAPT_[a-z_]+)_v0003$/.exec(row[0]);
    if (!m) break; // the first table of §3 is the only one with this shape
    overview.set(m[1], { constituents: row[1], v0002Columns: row[2], v0002Rows: row[3] });
  }
  return overview;
}

/** The predicted v0003 names in the §3 paragraph that starts "Predicted v0003 names". */
function parsePredictedNames(text) {
  const m = /Predicted v0003 names \(INFERRED only[^)]*\):([^]*?)\(the v2\.1/.exec(text);
  if (!m) fail('catalogue.md §3: paragraph "Predicted v0003 names" not found');
  return new Set([...m[1].matchAll(/`([a-z0-9_]+)`/g)].map((x) => x[1]));
}

function parseTableSections(lines) {
  const tables = new Map();
  for (let i = 0; i < lines.length; i++) {
    const m = /^## `nhsd\.(IAPT_[a-z_]+)_v0003` \(current\)/.exec(lines[i]);
    if (!m) continue;
    const name = m[1];
    const body = [];
    for (let j = i + 1; j < lines.length && !lines[j].startsWith('## '); j++) body.push(lines[j]);
    const bullets = body.filter((l) => l.startsWith('- '));
    const constituents = bullets.find((b) => b.startsWith('- Constituent NHS England tables'));
    const counts = bullets.find((b) => b.startsWith('- v0002 per UK LLC metadata API'));
    if (!constituents || !counts) fail(`catalogue.md §4 ${name}: header bullets missing`);
    const rows = body.filter(isTableRow).map(cells).slice(1);
    const columns = rows.map((row) => {
      if (row.length !== 6) fail(`catalogue.md §4 ${name}: expected 6 cells in ${JSON.stringify(row)}`);
      const [, col, ids, type, description, codes] = row;
      const cm = /^`([a-z0-9_]+)`$/.exec(col);
      if (!cm) fail(`catalogue.md §4 ${name}: bad column cell ${col}`);
      return { name: cm[1], ids, type, description, codes };
    });
    tables.set(name, { constituents, counts, columns });
  }
  return tables;
}

// ---------------------------------------------------------------------------------------------------------------
// Per-column facts

const DEFAULT_READING = 'catalogue.md reading of the name (IAPT v2.0/v2.1 data-item naming)';

/**
 * Splits a catalogue.md description cell into the description and the provenance of that description.
 * The cell's trailing " — <clause>" names its source; it becomes the provenance text verbatim. A clause that verifies
 * only the coding system (e.g. "coding system VERIFIED (SNOMED CT): …") does not verify the wording, so the
 * description stays INFERRED with the clause kept as source text.
 */
function splitDescription(cell, where) {
  const parts = cell.split(' — ');
  if (parts.length > 2) fail(`${where}: more than one " — " in description`);
  const description = parts[0];
  const clause = parts[1];
  if (clause === undefined) return { description, provenance: { status: 'INFERRED', source: DEFAULT_READING } };
  if (clause === 'inferred') return { description, provenance: { status: 'INFERRED', source: DEFAULT_READING } };
  if (/^VERIFIED( concept)?:/.test(clause)) {
    return {
      description,
      provenance: { status: 'VERIFIED', source: `${clause} (catalogue.md; type and IDS source INFERRED)` },
    };
  }
  return { description, provenance: { status: 'INFERRED', source: `${DEFAULT_READING}; ${clause}` } };
}

const KEYS = {
  cohortkey_e: 'person',
  pathwayid: 'referral',
  pseudo_unique_servicerequestid: 'referral',
  pseudo_unique_carecontactid: 'contact',
  pseudounique_careactivityid: 'activity',
};

/** Why a codes.md pointer on a column did not become a `codes` link: shown to the researcher as the column note. */
function pointerNote(cell, column) {
  const m = /^codes\.md §([^(]+?)\s*(\((.*)\))?$/.exec(cell);
  if (!m) fail(`catalogue.md: unexpected codes cell ${JSON.stringify(cell)} for ${column}`);
  const sectionName = m[1];
  if (sectionName === 'Measures') {
    return 'See codes.md §Measures: assessment tools and score ranges; the SNOMED CT ids that were found are listed under the catalogue\'s measures.';
  }
  if (sectionName === 'Therapy type') {
    return 'Counts care contacts with one therapy type; the therapy type codes are in code list therapytype (codes.md §Therapy type).';
  }
  if (sectionName === 'Consultation medium') {
    return 'Counts care contacts with one consultation medium; the medium codes are in code list consmedium (codes.md §Consultation medium).';
  }
  if (sectionName === 'Presenting complaint') {
    return 'See codes.md §Presenting complaint: ICD-10 / SNOMED CT codes and NHS England category labels; no code list.';
  }
  return `catalogue.md points to ${cell}, but codes.md has no code list for this column.`;
}

function isNumericType(type) {
  return /^(integer|number)\b/.test(type);
}

// ---------------------------------------------------------------------------------------------------------------
// Table-level facts that no source states in a parseable form

const TITLES = {
  IAPT_demographics_and_referral: 'Demographics and referral',
  IAPT_employment_status: 'Employment status',
  IAPT_internet_enabled_therapies: 'Internet enabled therapies',
  IAPT_care_activities: 'Care activities',
  IAPT_coded_scored_assessments: 'Coded scored assessments',
  IAPT_care_cluster: 'Care cluster',
  IAPT_mental_and_physical_health_conditions: 'Mental and physical health conditions',
  IAPT_onward_referrals: 'Onward referrals',
  IAPT_waiting_time_pauses: 'Waiting time pauses',
};

// What one row is. No source states it; read from the constituent IDS tables and the id columns, hence INFERRED.
const GRAINS = {
  IAPT_demographics_and_referral: ['referral', 'one row per referral (IDS101) per extract period'],
  IAPT_employment_status: ['employment status record', 'one row per IDS004 employment status record'],
  IAPT_internet_enabled_therapies: ['therapy log period', 'one row per IDS205 internet enabled therapy log period'],
  IAPT_care_activities: ['activity', 'one row per care activity (IDS202) with its care contact (IDS201) fields'],
  IAPT_coded_scored_assessments: ['assessment', 'one row per coded scored assessment (IDS606 or IDS607)'],
  IAPT_care_cluster: ['care cluster period', 'one row per IDS803 care cluster assignment'],
  IAPT_mental_and_physical_health_conditions: ['condition record', 'one row per IDS602/IDS603 condition or presenting complaint record'],
  IAPT_onward_referrals: ['onward referral', 'one row per IDS105 onward referral'],
  IAPT_waiting_time_pauses: ['pause', 'one row per IDS108 waiting time pause'],
};

// ---------------------------------------------------------------------------------------------------------------

function build() {
  const catalogueText = read('catalogue.md');
  const lines = catalogueText.split(/\r?\n/);
  const sources = parseSources(lines);
  const overview = parseOverview(lines);
  const sections = parseTableSections(lines);
  const predicted = parsePredictedNames(catalogueText);
  const curated = YAML.parse(read('code-lists.yaml'));
  const unconfirmed = YAML.parse(read('unconfirmed-columns.yaml')).columns;

  const tableNames = [...overview.keys()];
  if (tableNames.length !== 9) fail(`catalogue.md §3: expected 9 tables, found ${tableNames.length}`);

  // Code lists: column -> list id.
  const codeLists = {};
  const listForColumn = new Map();
  for (const list of curated.lists) {
    if (codeLists[list.id]) fail(`code-lists.yaml: list ${list.id} defined twice`);
    const seen = new Set();
    for (const c of list.codes) {
      if (typeof c.code !== 'string') fail(`code-lists.yaml: ${list.id}: code ${c.code} is not a string`);
      if (seen.has(c.code)) fail(`code-lists.yaml: ${list.id}: code ${c.code} listed twice`);
      seen.add(c.code);
    }
    for (const col of list.columns) {
      if (listForColumn.has(col)) fail(`code-lists.yaml: column ${col} is in lists ${listForColumn.get(col)} and ${list.id}`);
      listForColumn.set(col, list.id);
    }
    const entry = { title: list.title, complete: list.complete === true, provenance: list.provenance };
    if (list.note) entry.note = list.note;
    entry.codes = list.codes.map((c) => {
      const code = { code: c.code, meaning: c.meaning };
      if (c.provenance) code.provenance = c.provenance;
      return code;
    });
    codeLists[list.id] = entry;
  }
  const linked = new Set();

  const allCsvNames = new Set();
  const tables = tableNames.map((name) => {
    const csvNames = readCsvNames(name);
    csvNames.forEach((n) => allCsvNames.add(n));
    const md = sections.get(name);
    if (!md) fail(`catalogue.md §4: no section for ${name}`);
    if (md.columns.length !== csvNames.length || md.columns.some((c, i) => c.name !== csvNames[i])) {
      const diff = csvNames.filter((n, i) => md.columns[i]?.name !== n);
      fail(`catalogue.md §4 ${name}: columns differ from ${name}.csv (first differences: ${diff.slice(0, 5).join(', ')})`);
    }

    const columns = md.columns.map((c) => {
      const where = `catalogue.md §4 ${name}.${c.name}`;
      const { description, provenance } = splitDescription(c.description, where);
      const column = { name: c.name, type: c.type, source: c.ids, description };
      if (KEYS[c.name]) column.key = KEYS[c.name];
      const listId = listForColumn.get(c.name);
      const notes = [];
      if (listId && !isNumericType(c.type)) {
        column.codes = listId;
        linked.add(c.name);
        if (/\(.*\)/.test(c.codes)) notes.push(`catalogue.md codes cell: ${c.codes}.`);
      } else if (listId) {
        fail(`code-lists.yaml: list ${listId} names ${c.name}, whose type is ${c.type}`);
      } else if (c.codes) {
        notes.push(pointerNote(c.codes, c.name));
      }
      column.provenance = { status: 'VERIFIED', source: `S6 (${name}.csv)` };
      column.descriptionProvenance = provenance;
      if (notes.length) column.note = notes.join(' ');
      return column;
    });

    for (const u of unconfirmed.filter((x) => x.table === name)) {
      if (!predicted.has(u.name)) fail(`unconfirmed-columns.yaml: ${u.name} is not a predicted name in catalogue.md §3`);
      const column = { name: u.name, type: u.type, source: u.source, description: u.description };
      if (u.codes) {
        if (!codeLists[u.codes]) fail(`unconfirmed-columns.yaml: ${u.name}: unknown code list ${u.codes}`);
        if (listForColumn.get(u.name) !== u.codes) fail(`unconfirmed-columns.yaml: ${u.name}: code-lists.yaml must list it under ${u.codes}`);
        column.codes = u.codes;
        linked.add(u.name);
      }
      column.provenance = { status: 'INFERRED', source: 'catalogue.md §3: predicted v0003 name (v2.1 data item), not in the public v0002 list' };
      column.descriptionProvenance = u.descriptionProvenance;
      column.unconfirmed = true;
      column.note = [
        'Not in the published v0002 list: the name is a prediction. Check it in the TRE against DESCS.all_descriptions before use.',
        u.note,
      ].filter(Boolean).join(' ');
      columns.push(column);
    }

    const ov = overview.get(name);
    const sourceTables = [...md.constituents.split('(+')[0].matchAll(/IDS\d{3}/g)].map((m) => m[0]);
    const participants = /participants in TRE[^:]*: ([\d,]+)/.exec(md.counts);
    if (!participants) fail(`catalogue.md §4 ${name}: participant count not found`);
    const extra = md.constituents.includes('(+') ? ` catalogue.md notes: ${md.constituents.slice(md.constituents.indexOf('(+') + 1, md.constituents.lastIndexOf(')'))}.` : '';
    const [grain, grainText] = GRAINS[name];
    const description =
      `Constituent NHS England IDS tables (S1 Table 3): ${ov.constituents}.${extra} ` +
      `v0002: ${ov.v0002Columns} columns, ${ov.v0002Rows} rows (S5); participants in the TRE: ${participants[1]} (S4, S7). ` +
      `Grain (INFERRED, not stated by a source): ${grainText}.`;
    let versionNote =
      'Columns: the published v0002 list (S6). The current v0003 table may have more columns that are not publicly listed; check names in the TRE against DESCS.all_descriptions.';
    if (name === 'IAPT_demographics_and_referral') {
      versionNote += ' S5 reports 192 columns for v0002 while S6 lists 193; S3 reports 226 variables for version 3 (26 Apr 2024) against 192 for version 2.';
    }
    if (columns.some((c) => c.unconfirmed)) {
      versionNote += ' Columns marked unconfirmed are v2.1 data items whose v0003 names are predicted (INFERRED).';
    }
    return {
      name,
      title: TITLES[name],
      grain,
      grainProvenance: { status: 'INFERRED', source: `${grainText}; read from the IDS tables, not stated by a source` },
      sourceTables,
      description,
      versionNote,
      provenance: { status: 'VERIFIED', source: 'S1 Table 3; S4; S5' },
      columns,
    };
  });

  for (const u of unconfirmed) {
    if (!tableNames.includes(u.table)) fail(`unconfirmed-columns.yaml: unknown table ${u.table}`);
    if (allCsvNames.has(u.name)) fail(`unconfirmed-columns.yaml: ${u.name} is in a published list, so it is not unconfirmed`);
  }
  for (const col of listForColumn.keys()) {
    if (!linked.has(col)) fail(`code-lists.yaml: column ${col} is not a column of any table`);
  }

  const measures = curated.measures.map((m) => {
    const measure = { code: m.code, name: m.name };
    if (m.range) measure.range = m.range;
    measure.provenance = m.provenance;
    if (m.note) measure.note = m.note;
    return measure;
  });

  return {
    format: 1,
    dataset: {
      id: 'iapt',
      title: 'NHS Talking Therapies (IAPT) — UK LLC TRE',
      description:
        'NHS England\'s NHS Talking Therapies (IAPT) data linked for UK LLC participants: nine themed tables in schema nhsd ' +
        '(project views LLC_<project>.nhsd_IAPT_<theme>_v000N). Column names are the published v0002 lists (S6); the current ' +
        'tables are v0003, which has about 34 more columns that are not publicly listed (S3: 226 variables in version 3 against 192 in version 2). ' +
        'Check names in the TRE against DESCS.all_descriptions. Types and descriptions are INFERRED unless marked VERIFIED.',
    },
    naming: { source: 'nhsd', tablePrefix: 'IAPT_', versions: ['v0002', 'v0003'] },
    sources,
    codeLists,
    measures,
    tables,
  };
}

// Small maps print on one line; everything else in block style, so diffs stay readable.
function toYaml(data) {
  const doc = new YAML.Document(data);
  YAML.visit(doc, {
    Pair(_, pair) {
      const key = YAML.isScalar(pair.key) ? pair.key.value : undefined;
      if ((key === 'provenance' || key === 'descriptionProvenance' || key === 'grainProvenance') && YAML.isMap(pair.value)) pair.value.flow = true;
      if ((key === 'sourceTables' || key === 'versions') && YAML.isSeq(pair.value)) pair.value.flow = true;
      if (key === 'codes' && YAML.isSeq(pair.value)) {
        for (const item of pair.value.items) if (YAML.isMap(item)) item.flow = true;
      }
    },
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

const HEADER = `# yaml-language-server: $schema=../catalogue.schema.json
# GENERATED FILE — do not edit by hand.
# Generated by scripts/generate-iapt-catalogue.mjs (\`npm run catalogue:generate\`) from schemas/iapt/source/:
# the UK LLC v0002 column lists IAPT_*.csv (names and order), catalogue.md (sources, tables, types, descriptions),
# code-lists.yaml (code lists and measures transcribed from codes.md) and unconfirmed-columns.yaml.
# Every fact carries VERIFIED / INFERRED provenance; source ids S1–S12 are defined under \`sources\`.
`;

function main() {
  const out = process.argv[2] ? path.resolve(process.argv[2]) : defaultOut;
  let text;
  try {
    text = HEADER + toYaml(build());
  } catch (err) {
    if (err instanceof SourceError) {
      console.error(`generate-iapt-catalogue: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  console.log(`wrote ${path.relative(process.cwd(), out) || out}`);
}

main();
