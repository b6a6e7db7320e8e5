// Bundles the client, the server and the command line into dist/ with esbuild.
// Everything the extension needs at run time is inside these files (plus schemas/ and snippets/),
// so the .vsix installs offline and nothing is downloaded when it runs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes("--minify"),
  logLevel: 'info',
};
const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/catalogue/precompile.ts'], outfile: 'dist/precompile.js' },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  // V8 keeps a script's source in memory, as one byte a character only if every character is ASCII: one
  // character more (an arrow in a comment, which esbuild keeps as written) held the server's 1.3 MB as 2.6 MB.
  for (const b of builds) {
    const at = readFileSync(b.outfile).findIndex((byte) => byte > 0x7f);
    if (at >= 0) throw new Error(`${b.outfile}: a character that is not ASCII at byte ${at}; write it as ASCII in the source (comments too)`);
  }
  // The embedded catalogues, precompiled to JSON for a fast, lean start (see server/src/catalogue/compiled.ts).
  execFileSync(process.execPath, ['dist/precompile.js'], { stdio: 'inherit' });
}
