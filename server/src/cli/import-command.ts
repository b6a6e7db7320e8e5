// `tre-catalogue import <file.csv> [--out FILE] [--dataset-id ID] [--title TEXT] [--table NAME] [--force]`: writes the
// catalogue, checked by the same loader the editor uses, and lists the rows it could not use.

import * as fs from 'fs';
import * as path from 'path';
import { loadCatalogue } from '../catalogue/load';
import { MAX_CATALOGUE_BYTES } from '../catalogue/store';
import { decodeCsv, DELIMITER_NAMES, Encoding } from './csv';
import { importDictionary, ImportOptions } from './import';

export const IMPORT_USAGE = `usage: tre-catalogue import <file.csv> [--out FILE.catalogue.yaml] [--dataset-id ID] [--title TEXT] [--table NAME] [--force]

Turns a CSV data dictionary (UK LLC explore-app layout, or headers such as variable/name, description/label,
type, table/block name, value + value description; fields separated by commas, semicolons or tabs, as an Excel
sep= first line says or else whichever the header line has most of; UTF-8, UTF-16 with a byte-order mark, or
else Windows-1252 as Excel saves CSV on Windows) into a catalogue YAML file. Default output: beside the CSV,
<name>.catalogue.yaml. An existing file is replaced only with --force (it may hold your own edits). Exits 1
when no column could be imported, the result is not a valid catalogue or is over the size the editor and check
load (${MAX_CATALOGUE_BYTES / 1048576} MB), or nothing could be written.`;

const FLAGS: Record<string, 'out' | 'datasetId' | 'title' | 'table'> = { '--out': 'out', '--dataset-id': 'datasetId', '--title': 'title', '--table': 'table' };

export function importCommand(args: string[]): number {
  const values: Partial<Record<'out' | 'datasetId' | 'title' | 'table', string>> = {};
  const inputs: string[] = [];
  let force = false;
  for (let i = 0; i < args.length; i++) {
    const flag = FLAGS[args[i]];
    if (flag) {
      const value = args[++i];
      if (value === undefined) {
        console.error(`${args[i - 1]} needs a value\n${IMPORT_USAGE}`);
        return 2;
      }
      values[flag] = value;
    } else if (args[i] === '--force') {
      force = true;
    } else if (args[i] === '--help' || args[i] === '-h') {
      console.log(IMPORT_USAGE);
      return 0;
    } else inputs.push(args[i]);
  }
  if (inputs.length !== 1) {
    console.error(IMPORT_USAGE);
    return 2;
  }
  const file = inputs[0];
  let text: string;
  let encoding: Encoding;
  try {
    ({ text, encoding } = decodeCsv(fs.readFileSync(file)));
  } catch (e) {
    console.error(`${file}: ${(e as Error).message}`);
    return 2;
  }
  // The editor and check do not load a catalogue over the limit (see store.ts): such a file would be of no use, and
  // the import stops reading as soon as it is sure to be over.
  const options: ImportOptions = { fileName: path.basename(file), datasetId: values.datasetId, title: values.title, table: values.table, maxBytes: MAX_CATALOGUE_BYTES };
  const result = importDictionary(text, options);
  for (const p of result.problems) console.error(`${file}:${p.line}: skipped: ${p.message}`);
  const out = values.out ?? path.join(path.dirname(file), path.basename(file, path.extname(file)) + '.catalogue.yaml');
  const limit = `catalogue files over ${MAX_CATALOGUE_BYTES / 1048576} MB are not loaded by the editor or check, so nothing written. `;
  const split = `Split the dictionary into smaller CSV files (for example one per table) and import each: every part becomes a catalogue file of its own.`;
  const counts = `${result.tables} table${result.tables === 1 ? '' : 's'}, ${result.columns} columns, ${result.codes} codes`;
  if (result.stopped) {
    console.error(
      `${out}: the catalogue would be over ${MAX_CATALOGUE_BYTES / 1048576} MB (reading stopped after line ${result.stopped.line} of the dictionary: ` +
        `the ${counts} up to there already make more than that); ${limit}${split}`,
    );
    return 1;
  }
  const bytes = Buffer.byteLength(result.yaml, 'utf8');
  if (bytes > MAX_CATALOGUE_BYTES) {
    // Rounded up, so that a size just over the limit does not read as the limit itself.
    const size = (Math.ceil((bytes / 1048576) * 10) / 10).toFixed(1);
    console.error(`${out}: the catalogue would be ${size} MB (${counts}); ${limit}${split}`);
    return 1;
  }
  // The same validation as loading the file in the editor: a file we write must load without problems.
  const check = loadCatalogue(result.yaml, out);
  for (const p of check.problems) console.error(`${out}:${p.line + 1}:${p.column + 1}: catalogue: ${p.message}`);
  if (result.columns === 0 || check.problems.length > 0) {
    console.error('nothing written');
    return 1;
  }
  if (path.resolve(out) === path.resolve(file)) {
    console.error(`${out}: is the dictionary itself; nothing written`);
    return 1;
  }
  if (!force && fs.existsSync(out)) {
    console.error(`${out}: exists (it may hold your own edits); nothing written. --force replaces it.`);
    return 1;
  }
  try {
    fs.writeFileSync(out, result.yaml);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(`${out}: ${code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'is a folder' : (e as Error).message}; nothing written`);
    return 1;
  }
  const headers = Object.entries(result.headers).map(([role, h]) => `${role} ← "${h}"`).join(', ');
  const read = [
    encoding === 'UTF-8' ? '' : `as ${encoding}`,
    result.stated ? `${DELIMITER_NAMES[result.delimiter]}-separated as its sep= line says` : result.delimiter === ',' ? '' : `${DELIMITER_NAMES[result.delimiter]}-separated`,
    headers,
  ]
    .filter((s) => s)
    .join(', ');
  console.log(`${out}: ${result.tables} table${result.tables === 1 ? '' : 's'}, ${result.columns} column${result.columns === 1 ? '' : 's'}, ${result.codes} code${result.codes === 1 ? '' : 's'}; ${result.problems.length} row${result.problems.length === 1 ? '' : 's'} skipped (read ${read})`);
  return 0;
}
