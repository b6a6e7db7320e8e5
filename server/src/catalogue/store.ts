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
}

export class CatalogueStore {
  private entries = new Map<string, Entry>();
  private userFiles: string[] = [];
  private cached: Catalogue | undefined;

  constructor(private readonly embeddedFiles: string[]) {
    for (const f of embeddedFiles) this.load(f);
  }

  /** Sets the user's catalogue files (absolute paths); loads new ones and forgets removed ones. */
  setUserFiles(files: string[]): void {
    const wanted = new Set(files);
    for (const f of this.userFiles) if (!wanted.has(f)) this.entries.delete(f);
    this.userFiles = [...wanted].filter((f) => !this.embeddedFiles.includes(f));
    for (const f of this.userFiles) if (!this.entries.has(f)) this.load(f);
    this.cached = undefined;
  }

  /** Reloads one file (after it was saved); returns false when the file is not a catalogue of ours. */
  reload(file: string, text?: string): boolean {
    if (!this.entries.has(file)) return false;
    this.load(file, text);
    return true;
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

  /** The build's JSON form of an embedded catalogue, when it was made from this very text. */
  private readCompiled(file: string, text: string): Dataset | undefined {
    try {
      return decompile(fs.readFileSync(compiledPath(__dirname, file), 'utf8'), text, file);
    } catch {
      return undefined;
    }
  }

  private load(file: string, text?: string): void {
    this.cached = undefined;
    try {
      if (text === undefined) {
        const stat = fs.statSync(file);
        // A FIFO or a device would block the server on the read, for good.
        if (!stat.isFile() && !stat.isDirectory()) {
          this.entries.set(file, { file, problems: [problemFor(file, 'catalogue not loaded: this is not a regular file')] });
          return;
        }
        if (stat.size > MAX_CATALOGUE_BYTES) {
          this.entries.set(file, { file, problems: [tooLarge(file, stat.size)] });
          return;
        }
        text = fs.readFileSync(file, 'utf8');
      } else if (text.length > MAX_CATALOGUE_BYTES) {
        // (Saved from the editor: the limit holds there too. Characters, not bytes: near enough for a limit.)
        this.entries.set(file, { file, problems: [tooLarge(file, text.length)] });
        return;
      }
      const precompiled = this.embeddedFiles.includes(file) ? this.readCompiled(file, text) : undefined;
      if (precompiled) {
        this.entries.set(file, { file, text, dataset: precompiled, problems: [] });
        return;
      }
      const { dataset, problems } = loadCatalogue(text, file);
      this.entries.set(file, { file, text, dataset, problems });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'this is a folder, not a file' : `it could not be read (${(e as Error).message})`;
      this.entries.set(file, { file, problems: [problemFor(file, `catalogue not loaded: ${why}`)] });
    }
  }
}

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
