// Build step (run by scripts/build.mjs as dist/precompile.js): compiles the embedded catalogues to JSON.
// A catalogue with problems fails the build.

import * as fs from 'fs';
import * as path from 'path';
import { compile, compiledPath } from './compiled';
import { loadCatalogue } from './load';
import { embeddedCatalogueFiles } from './store';

let failed = false;
for (const file of embeddedCatalogueFiles()) {
  const text = fs.readFileSync(file, 'utf8');
  const { dataset, problems } = loadCatalogue(text, file);
  for (const p of problems) console.error(`${file}:${p.line + 1}:${p.column + 1}: ${p.message}`);
  if (!dataset || problems.length > 0) {
    failed = true;
    continue;
  }
  const out = compiledPath(__dirname, file);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, compile(dataset, text));
  console.log(`compiled ${path.relative(process.cwd(), file)} → ${path.relative(process.cwd(), out)}`);
}
process.exitCode = failed ? 1 : 0;
