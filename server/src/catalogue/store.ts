// Holds the loaded catalogues: the embedded ones shipped with the extension and the user's own files.
// A broken file never stops the others from serving; its problems are kept for reporting.

import * as fs from 'fs';
import * as path from 'path';
import { compiledPath, decompile } from './compiled';
import { Catalogue } from './index';
import { loadCatalogue } from './load';
import { CatalogueProblem, Dataset } from './model';

/** Catalogue files larger than this are refused rather than parsed: parsing takes about a second per MB and would stall the server. The IAPT catalogue is 0.2 MB. */
export const MAX_CATALOGUE_BYTES = 5 * 1024 * 1024;

interface Entry {
  file: string;
  text?: string;
  dataset?: Dataset;
  problems: CatalogueProblem[];
  /** The file's `stampOf` just before it was read from disk (none when the text came from the editor). */
  stamp?: string;
}

export class CatalogueStore {
  private entries = new Map<string, Entry>();
  private userFiles: string[] = [];
  private cached: Catalogue | undefined;
  /** Files read for a `setUserFilesInTurns` that has not been swapped in yet (or was overtaken by a later one). */
  private staged = new Map<string, Entry>();

  /**
   * `caseInsensitivePaths`: whether two paths that differ only in case are the same file, as on Windows (where the
   * editor's `file:///c%3A/...` comes back as `c:\...` for a configured `C:\...`).
   */
  constructor(
    private readonly embeddedFiles: string[],
    private readonly caseInsensitivePaths = process.platform === 'win32',
  ) {
    for (const f of embeddedFiles) this.entries.set(f, this.read(f));
  }

  /** Sets the user's catalogue files (absolute paths); loads new ones and forgets removed ones. */
  setUserFiles(files: string[]): void {
    const wanted = this.userFilesOf(files);
    for (const f of wanted) if (!this.entries.has(f) && !this.staged.has(f)) this.staged.set(f, this.read(f));
    this.swapIn(wanted);
  }

  /**
   * `setUserFiles`, with the new files read one at a time and `between()` awaited after each, so that the server
   * answers requests meanwhile, against the catalogues as they were. The new set is swapped in at the end, all at
   * once. Once `current()` is false (a later call has overtaken this one) it stops, changes nothing and returns
   * false; the files it read are kept for the later call, which reads again any that changed on disk since.
   */
  async setUserFilesInTurns(files: string[], between: () => Promise<void>, current: () => boolean): Promise<boolean> {
    const wanted = this.userFilesOf(files);
    for (const f of wanted) {
      if (this.entries.has(f) || this.staged.has(f)) continue;
      this.staged.set(f, this.read(f));
      await between();
      if (!current()) return false;
    }
    this.swapIn(wanted);
    return true;
  }

  /**
   * Reloads one file (after it was saved, or changed on disk); returns false when the file is not a catalogue of
   * ours or reads as it did. (A save from the editor is seen twice, as a save and by the file's watcher: the
   * second finds the same text and does not parse it, nor check every open document, again.)
   */
  reload(name: string, text?: string): boolean {
    const file = this.loadedAs(name);
    const before = file === undefined ? undefined : this.entries.get(file);
    if (!file || !before) return false;
    const after = this.read(file, text, before.text);
    if (!after) return false;
    this.cached = undefined;
    this.entries.set(file, after);
    return true;
  }

  /** The name a file is loaded under, if it is. */
  private loadedAs(file: string): string | undefined {
    if (this.entries.has(file)) return file;
    if (!this.caseInsensitivePaths) return undefined;
    const lower = file.toLowerCase();
    return [...this.entries.keys()].find((f) => f.toLowerCase() === lower);
  }

  /** Line and character of an offset in a loaded catalogue file (for go to definition). */
  positionIn(file: string, offset: number): { line: number; character: number } {
    const text = this.entries.get(file)?.text ?? '';
    let line = 0;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, character: Math.max(0, offset - lineStart) };
  }

  userFileList(): string[] {
    return [...this.userFiles];
  }

  files(): string[] {
    return [...this.embeddedFiles, ...this.userFiles];
  }

  problems(): Map<string, CatalogueProblem[]> {
    const out = new Map<string, CatalogueProblem[]>();
    for (const e of this.entries.values()) out.set(e.file, e.problems);
    return out;
  }

  catalogue(): Catalogue {
    if (!this.cached) {
      const datasets: Dataset[] = [];
      for (const f of this.files()) {
        const d = this.entries.get(f)?.dataset;
        if (d) datasets.push(d);
      }
      this.cached = new Catalogue(datasets);
    }
    return this.cached;
  }

  /**
   * The files to load, each once: a path that is the same file as one before it (through a symbolic link, say),
   * or as an embedded catalogue, is left out.
   */
  private userFilesOf(files: string[]): string[] {
    const seen = new Set(this.embeddedFiles.map(realPath));
    return files.filter((f) => {
      const real = realPath(f);
      if (seen.has(real)) return false;
      seen.add(real);
      return true;
    });
  }

  /**
   * Makes `wanted` the user's files: forgets the others, and serves the staged ones. A file staged in an earlier
   * turn that changed on disk since (the watcher only starts once it is served) is read again.
   */
  private swapIn(wanted: string[]): void {
    const keep = new Set(wanted);
    for (const f of this.userFiles) if (!keep.has(f)) this.entries.delete(f);
    for (const f of wanted) {
      if (this.entries.has(f)) continue;
      const staged = this.staged.get(f);
      this.entries.set(f, staged && staged.stamp === stampOf(f) ? staged : this.read(f));
    }
    this.staged.clear();
    this.userFiles = wanted;
    this.cached = undefined;
  }

  /** The build's JSON form of an embedded catalogue, when it was made from this very text. */
  private readCompiled(file: string, text: string): Dataset | undefined {
    try {
      return decompile(fs.readFileSync(compiledPath(__dirname, file), 'utf8'), text, file);
    } catch {
      return undefined;
    }
  }

  /** A file's entry, read from disk or (saved from the editor) from `text`; undefined when its text is `unchanged`. */
  private read(file: string, text?: string): Entry;
  private read(file: string, text: string | undefined, unchanged: string | undefined): Entry | undefined;
  private read(file: string, text?: string, unchanged?: string): Entry | undefined {
    let stamp: string | undefined;
    try {
      if (text === undefined) {
        const stat = fs.statSync(file);
        stamp = stampOfStats(stat);
        // A FIFO or a device would block the server on the read, for good.
        if (!stat.isFile() && !stat.isDirectory()) return { file, stamp, problems: [problemFor(file, 'catalogue not loaded: this is not a regular file')] };
        if (stat.size > MAX_CATALOGUE_BYTES) return { file, stamp, problems: [tooLarge(file, stat.size)] };
        text = fs.readFileSync(file, 'utf8');
      } else if (text.length > MAX_CATALOGUE_BYTES) {
        // (Saved from the editor: the limit holds there too. Characters, not bytes: near enough for a limit.)
        return { file, problems: [tooLarge(file, text.length)] };
      }
      // (The editor's text of a file saved with a byte-order mark has none.)
      if (unchanged !== undefined && withoutBom(text) === withoutBom(unchanged)) return undefined;
      const precompiled = this.embeddedFiles.includes(file) ? this.readCompiled(file, text) : undefined;
      if (precompiled) return { file, text, stamp, dataset: precompiled, problems: [] };
      const { dataset, problems } = loadCatalogue(text, file);
      return { file, text, stamp, dataset, problems };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (text === undefined && stamp === undefined) stamp = unreadable(e);
      const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'this is a folder, not a file' : `it could not be read (${(e as Error).message})`;
      return { file, stamp, problems: [problemFor(file, `catalogue not loaded: ${why}`)] };
    }
  }
}

/** The file a path names, links followed; the path itself when it cannot be followed (a missing file, say). */
function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return file;
  }
}

/** What a file on disk is like (kind, size, change time), or why it cannot be looked at: it differs once the file changes. */
function stampOf(file: string): string {
  try {
    return stampOfStats(fs.statSync(file));
  } catch (e) {
    return unreadable(e);
  }
}

const stampOfStats = (s: fs.Stats): string => `${s.mode}:${s.ino}:${s.size}:${s.mtimeMs}`;
const unreadable = (e: unknown): string => `unreadable:${(e as NodeJS.ErrnoException).code ?? ''}`;

const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function tooLarge(file: string, size: number): CatalogueProblem {
  return problemFor(file, `the file is ${(size / 1048576).toFixed(1)} MB; catalogue files over ${MAX_CATALOGUE_BYTES / 1048576} MB are not loaded`);
}

function problemFor(file: string, message: string): CatalogueProblem {
  return { file, line: 0, column: 0, message };
}

/** The catalogue files shipped in schemas/, found from the bundle (dist/) or the sources (server/src/...). */
export function embeddedCatalogueFiles(): string[] {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'schemas', 'iapt', 'iapt.catalogue.yaml');
    if (fs.existsSync(candidate)) return [candidate];
    dir = path.dirname(dir);
  }
  return [];
}
