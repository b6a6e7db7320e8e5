// What the treCatalogue.catalogues setting names: the catalogue files to load, and the folders to follow. Paths and
// folders are read by catalogue/paths.ts; this keeps what the user has been told, so that each notice is given once.

import * as fs from 'fs';
import * as os from 'os';
import { CatalogueFiles, catalogueFiles, cataloguePath } from './catalogue/paths';

export class UserCatalogues {
  /** The first workspace folder on disk, which relative paths are relative to. */
  root: string | undefined;
  /** The last listing: the files, those of them that folders hold, and the folders. */
  private last: CatalogueFiles = { files: [], listed: [], folders: [], empty: [] };
  /** Configured paths seen as folders: one that goes (a network drive that drops out) is waited for, not reported as a file. */
  private readonly knownFolders = new Set<string>();
  /** Notices given, by kind and path: each once, until what it says changes. */
  private readonly told = new Set<string>();

  constructor(private readonly notify: (message: string) => void) {}

  /** The catalogue files the setting names: a folder names the `*.catalogue.yaml` files directly in it. */
  files(configured: readonly unknown[]): string[] {
    const found = catalogueFiles(this.resolve(configured));
    for (const f of found.folders) {
      this.knownFolders.add(f);
      this.told.delete('gone:' + f);
      if (!found.empty.includes(f)) this.told.delete('empty:' + f);
    }
    for (const f of found.empty) this.once('empty:' + f, `the folder "${f}" (treCatalogue.catalogues) holds no *.catalogue.yaml file yet; catalogue files added to it will be loaded.`);
    const gone = found.files.filter((f) => this.knownFolders.has(f) && !fs.existsSync(f));
    for (const f of gone) this.once('gone:' + f, `the folder "${f}" (treCatalogue.catalogues) is not there any more; its catalogues are loaded again when it is back.`);
    // A folder that went is still followed, as a folder, to see it come back.
    this.last = { ...found, files: found.files.filter((f) => !gone.includes(f)), folders: [...found.folders, ...gone] };
    return this.last.files;
  }

  /** What the last listing found in folders, and the folders (to follow on disk). */
  get listed(): readonly string[] {
    return this.last.listed;
  }

  get folders(): readonly string[] {
    return this.last.folders;
  }

  /** Whether the folders hold other files now than at the last listing. */
  listChanged(): boolean {
    return this.last.folders.length > 0 && catalogueFiles(this.last.folders).files.join('\n') !== this.last.listed.join('\n');
  }

  /** The configured paths, absolute (see `cataloguePath`); one that cannot be is told once and left out. */
  private resolve(configured: readonly unknown[]): string[] {
    const out: string[] = [];
    for (const p of configured) {
      if (typeof p !== 'string' || p.trim() === '') continue;
      const resolved = cataloguePath(p, { root: this.root, home: os.homedir(), env: process.env });
      if ('file' in resolved) {
        out.push(resolved.file);
        continue;
      }
      // The settings do not say which settings file they came from, so the server cannot resolve against that.
      const hint = resolved.notLoaded.includes('workspace folder') ? ' Give its absolute path, or open the folder it is relative to.' : '';
      this.once('path:' + p, `the catalogue "${p}" (treCatalogue.catalogues) ${resolved.notLoaded}; it is not loaded.${hint}`);
    }
    return out;
  }

  private once(key: string, message: string): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    this.notify(`TRE Catalogue: ${message}`);
  }
}
