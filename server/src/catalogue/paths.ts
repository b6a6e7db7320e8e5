// Where a path in treCatalogue.catalogues points. VS Code does not expand variables in an extension's settings,
// so the server expands the ones people write in settings.json: ~, ${userHome} and ${workspaceFolder}.

import * as fs from 'fs';
import * as path from 'path';

export type CataloguePath = { file: string } | { notLoaded: string };

/**
 * The absolute file a configured path names, or why it names none: a relative path (or ${workspaceFolder}) with no
 * workspace folder open. (The server's working folder is wherever the editor started it, so it is never used.)
 */
export function cataloguePath(configured: string, where: { root?: string; home: string }): CataloguePath {
  let p = configured.trim();
  const usesFolder = /\$\{workspace(Folder|Root)\}/.test(p);
  if (usesFolder && !where.root) return { notLoaded: 'names ${workspaceFolder}, and no workspace folder is open' };
  p = p.replace(/\$\{workspace(?:Folder|Root)\}/g, () => where.root ?? '').replace(/\$\{userHome\}/g, () => where.home);
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
  /** The configured folders (to follow files added to them or removed). */
  folders: string[];
  /** Configured folders that hold no catalogue file. */
  empty: string[];
}

/**
 * The catalogue files of configured paths: a folder stands for the `*.catalogue.yaml` (or `.yml`) files directly in
 * it. Anything else (a missing file, say) is passed on as a file, for the store to report.
 */
export function catalogueFiles(paths: readonly string[]): CatalogueFiles {
  const out: CatalogueFiles = { files: [], folders: [], empty: [] };
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
    const names = entries.filter((e) => CATALOGUE_FILE.test(e.name) && !e.isDirectory()).map((e) => e.name);
    if (names.length === 0) out.empty.push(p);
    for (const name of names.sort()) out.files.push(path.join(p, name));
  }
  return out;
}
