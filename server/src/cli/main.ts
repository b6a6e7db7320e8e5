// Command line: `tre-catalogue check [--catalogue FILE|FOLDER]... [--format text|json|sarif] <files or folders>` and
// `tre-catalogue import <file.csv>` (see import-command.ts).

import * as path from 'path';
import { catalogueFiles } from '../catalogue/paths';
import { CatalogueStore, embeddedCatalogueFiles } from '../catalogue/store';
import { check, CheckFinding } from './check';
import { importCommand, IMPORT_USAGE } from './import-command';
import { toJson, toSarif } from './report';

const USAGE = `usage: tre-catalogue check [--catalogue FILE|FOLDER]... [--format text|json|sarif] <files or folders>

Reports unknown tables, unknown columns and invalid coded values in .sql files,
Stata do-files (.do, .ado), R scripts (.R), R Markdown (.Rmd) and Quarto (.qmd) documents
as file:line:col lines, and in Jupyter notebooks (.ipynb) as file:cell N:line:col lines. Exits 1 when it reports anything, 2 on a usage error.
A --catalogue folder stands for the *.catalogue.yaml (and .yml) files directly in it.`;

/** text: file:line:col lines; json and sarif (2.1.0): one document on stdout, for CI pipelines and output review. */
const FORMATS = ['text', 'json', 'sarif'];

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === 'import') return importCommand(rest);
  if (command !== 'check') {
    console.error(USAGE + '\n\n' + IMPORT_USAGE);
    return command === '--help' || command === '-h' ? 0 : 2;
  }
  const catalogues: string[] = [];
  const inputs: string[] = [];
  let format = 'text';
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--format') {
      format = rest[++i] ?? '';
      if (!FORMATS.includes(format)) {
        console.error(`--format needs one of ${FORMATS.join(', ')}\n` + USAGE);
        return 2;
      }
      continue;
    }
    if (rest[i] === '--catalogue') {
      const file = rest[++i];
      if (!file) {
        console.error('--catalogue needs a file or folder\n' + USAGE);
        return 2;
      }
      catalogues.push(path.resolve(file));
    } else if (rest[i] === '--help' || rest[i] === '-h') {
      console.log(USAGE);
      return 0;
    } else inputs.push(rest[i]);
  }
  if (inputs.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const store = new CatalogueStore(embeddedCatalogueFiles());
  const found = catalogueFiles(catalogues);
  store.setUserFiles(found.files);
  const broken: CheckFinding[] = [];
  // A folder with no catalogue in it is a mistake in the command, as a missing file is.
  for (const folder of found.empty) {
    const message = 'catalogue folder holds no *.catalogue.yaml file';
    console.error(`${folder}: catalogue: ${message}`);
    broken.push({ file: folder, line: 1, column: 1, endLine: 1, endColumn: 2, code: 'catalogue', severity: 'error', message });
  }
  for (const [file, problems] of store.problems()) {
    for (const p of problems) {
      console.error(`${file}:${p.line + 1}:${p.column + 1}: catalogue: ${p.message}`);
      broken.push({ file, line: p.line + 1, column: p.column + 1, endLine: p.line + 1, endColumn: p.column + 2, code: 'catalogue', severity: 'error', message: p.message });
    }
  }
  const result = check(inputs, store.catalogue());
  const exit = result.problems > 0 || broken.length > 0 || result.errors.length > 0 ? 1 : 0;
  if (format !== 'text') {
    const summary = { files: result.files, findings: [...broken, ...result.findings], errors: result.errors };
    console.log(format === 'json' ? toJson(summary, process.cwd()) : toSarif(summary, process.cwd()));
    return exit;
  }
  for (const line of result.lines) console.log(line);
  for (const e of result.errors) console.error(e);
  console.log(`${result.problems} problem${result.problems === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'} checked`);
  return exit;
}

process.exitCode = main(process.argv.slice(2));
