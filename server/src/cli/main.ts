// Command line: `tre-catalogue check [--catalogue FILE]... <files or folders>`.

import * as path from 'path';
import { CatalogueStore, embeddedCatalogueFiles } from '../catalogue/store';
import { check } from './check';

const USAGE = `usage: tre-catalogue check [--catalogue FILE]... <files or folders>

Reports unknown tables, unknown columns and invalid coded values in .sql files,
Stata do-files (.do, .ado) and R scripts (.R), as file:line:col lines. Exits 1 when it reports anything, 2 on a usage error.`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command !== 'check') {
    console.error(USAGE);
    return command === '--help' || command === '-h' ? 0 : 2;
  }
  const catalogues: string[] = [];
  const inputs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--catalogue') {
      const file = rest[++i];
      if (!file) {
        console.error('--catalogue needs a file\n' + USAGE);
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
  store.setUserFiles(catalogues);
  let broken = false;
  for (const [file, problems] of store.problems()) {
    for (const p of problems) {
      console.error(`${file}:${p.line + 1}:${p.column + 1}: catalogue: ${p.message}`);
      broken = true;
    }
  }
  const result = check(inputs, store.catalogue());
  for (const line of result.lines) console.log(line);
  for (const e of result.errors) console.error(e);
  console.log(`${result.problems} problem${result.problems === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'} checked`);
  return result.problems > 0 || broken || result.errors.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
