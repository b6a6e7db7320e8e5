// Where a path in treCatalogue.catalogues points. VS Code does not expand variables in an extension's settings,
// so the server expands the ones people write in settings.json: ~, ${userHome}, ${workspaceFolder}, ${env:NAME}.

import * as fs from 'fs';
import * as path from 'path';

export type CataloguePath = { file: string } | { notLoaded: string };

/**
 * The absolute file a configured path names, or why it names none: a relative path (or ${workspaceFolder}) with no
 * workspace folder open, an unset variable, or one not expanded. (The server's working folder is wherever the
 * editor started it, so it is never used.)
 */
export function cataloguePath(configured: string, where: { root?: string; home: string; env?: NodeJS.ProcessEnv }): CataloguePath {
  let p = configured.trim();
  const usesFolder = /\$\{workspace(Folder|Root)\}/.test(p);
  if (usesFolder && !where.root) return { notLoaded: 'names ${workspaceFolder}, and no workspace folder is open' };
  const env = where.env ?? {};
  for (const [, name] of p.matchAll(/\$\{env:([^}]*)\}/g)) if (!env[name]) return { notLoaded: `names \${env:${name}}, which is not set` };
  p = p
    .replace(/\$\{workspace(?:Folder|Root)\}/g, () => where.root ?? '')
    .replace(/\$\{userHome\}/g, () => where.home)
    .replace(/\$\{env:([^}]*)\}/g, (_, name: string) => env[name] ?? '');
  const other = /\$\{[^}]*\}/.exec(p);
  if (other) return { notLoaded: `uses ${other[0]}, which is not expanded here (only ~, \${userHome}, \${workspaceFolder} and \${env:NAME} are)` };
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) p = where.home + p.slice(1);
  if (path.isAbsolute(p)) return { file: path.resolve(p) };
  if (!where.root) return { notLoaded: 'is a relative path, and no workspace folder is open to resolve it against' };
  return { file: path.resolve(where.root, p) };
}

/** How a catalogue file in a configured folder is named. */
const CATALOGUE_FILE = /\.catalogue\.ya?ml$/i;

export interface CatalogueFiles {
  /** The files to load: configured files as given, and each configured folder's catalogue files in name order. */
  files: string[];
  /** The files of `files` that a folder holds. */
  listed: string[];
  /** The configured folders (to follow files added to them or removed). */
  folders: string[];
  /** Configured folders that hold no catalogue file. */
  empty: string[];
}

/**
 * The catalogue files of configured paths: a folder stands for the `*.catalogue.yaml` (or `.yml`) files directly in
 * it, in name order ignoring case. Anything else (a missing file, say) is passed on as a file, for the store to report.
 */
export function catalogueFiles(paths: readonly string[]): CatalogueFiles {
  const out: CatalogueFiles = { files: [], listed: [], folders: [], empty: [] };
  for (const p of paths) {
    let entries: fs.Dirent[] | undefined;
    try {
      if (fs.statSync(p).isDirectory()) entries = fs.readdirSync(p, { withFileTypes: true });
    } catch {
      entries = undefined;
    }
    if (!entries) {
      out.files.push(p);
      continue;
    }
    out.folders.push(p);
    // Not hidden files (an editor's lock file .#x.catalogue.yaml, say), nor links to anything but a file.
    const names = entries.filter((e) => CATALOGUE_FILE.test(e.name) && !e.name.startsWith('.') && (e.isFile() || (e.isSymbolicLink() && isFile(path.join(p, e.name))))).map((e) => e.name);
    if (names.length === 0) out.empty.push(p);
    // Name order ignoring case: the first of two catalogues that describe a column wins.
    for (const name of names.sort(byNameIgnoringCase)) {
      out.files.push(path.join(p, name));
      out.listed.push(path.join(p, name));
    }
  }
  return out;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function byNameIgnoringCase(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
