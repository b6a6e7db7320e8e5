// Jupyter notebooks over LSP 3.17 notebook sync: the client sends whole notebooks (cells in order, each cell's
// text as a document of its own), so cells can be analysed in order as one script per language
// (languages/notebook/cells.ts). Requests still name a single cell; its model is its view of the notebook's.

import { Connection, NotebookDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentModel, Span } from './languages/model';
import { analyseCells, NotebookAnalysis } from './languages/notebook/cells';
import { readCell } from './languages/notebook/magics';
import { updateText } from './models';

/** The server capability: Jupyter notebooks, cells of the languages the analysers read, and Python cells for their magics. */
export const notebookDocumentSync = {
  notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'sql' }, { language: 'r' }, { language: 'stata' }, { language: 'python' }] }],
};

export class Notebooks {
  readonly documents = new NotebookDocuments({ create: TextDocument.create, update: updateText });
  private readonly analyses = new Map<string, { key: string; analysis: NotebookAnalysis }>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** The cell documents of each notebook at its last change, to tell which cells a change removed. */
  private readonly cellsOf = new Map<string, Set<string>>();

  /**
   * `validate` is called for every cell of a notebook that opened or changed; `closed` for every cell of one that
   * closed, and for every cell a change removed.
   */
  constructor(connection: Connection, validate: (cell: TextDocument) => void, closed: (uri: string) => void) {
    this.documents.listen(connection);
    this.documents.onDidOpen((nb) => {
      this.cellsOf.set(nb.uri, new Set(nb.cells.map((c) => c.document)));
      this.schedule(nb.uri, validate, 0);
    });
    this.documents.onDidChange((e) => {
      const nb = e.notebookDocument;
      // (The event's list of removed cells cannot say which: the library looks them up after removing them.)
      const now = new Set(nb.cells.map((c) => c.document));
      for (const uri of this.cellsOf.get(nb.uri) ?? []) if (!now.has(uri)) closed(uri);
      this.cellsOf.set(nb.uri, now);
      // A change to one cell can change the diagnostics of every later cell, so all are checked again.
      this.schedule(nb.uri, validate, 150);
    });
    this.documents.onDidClose((nb) => {
      clearTimeout(this.pending.get(nb.uri));
      this.pending.delete(nb.uri);
      this.analyses.delete(nb.uri);
      this.cellsOf.delete(nb.uri);
      for (const cell of nb.cells) closed(cell.document);
    });
  }

  /** The text document of a notebook cell, or undefined when the URI is not a synced cell. */
  cell(uri: string): TextDocument | undefined {
    return this.documents.findNotebookDocumentForCell(uri) ? this.documents.cellTextDocuments.get(uri) : undefined;
  }

  cells(): TextDocument[] {
    return this.documents.cellTextDocuments.all();
  }

  /** The cell's model; undefined when the cell is not in a synced notebook or the notebook is too large. */
  model(uri: string, maxSize: number): DocumentModel | undefined {
    return this.analysis(uri, maxSize)?.cells.get(uri);
  }

  /** Where a span that the cell's model reported (in combined-script offsets) lies: which cell, which span. */
  locate(uri: string, span: Span): { uri: string; span: Span } | undefined {
    return this.analysis(uri, Infinity)?.locate(uri, span);
  }

  private analysis(uri: string, maxSize: number): NotebookAnalysis | undefined {
    const nb = this.documents.findNotebookDocumentForCell(uri);
    if (!nb) return undefined;
    const docs = nb.cells.flatMap((c) => this.documents.getCellTextDocument(c) ?? []);
    // Cell versions too: whether an edit inside a cell changes the notebook's version is up to the client.
    const key = `${nb.version}:${docs.map((d) => `${d.uri}@${d.version}`).join(',')}`;
    const cached = this.analyses.get(nb.uri);
    if (cached && cached.key === key) return cached.analysis;
    // A Python cell is read when its magics hold SQL, R or Stata (%%sql, %sql ...).
    const cells = docs.map((d) => ({ uri: d.uri, ...readCell(d.languageId, d.getText()) }));
    if (cells.reduce((n, c) => n + c.text.length, 0) > maxSize) return undefined;
    const analysis = analyseCells(cells);
    this.analyses.set(nb.uri, { key, analysis });
    return analysis;
  }

  private schedule(notebookUri: string, validate: (cell: TextDocument) => void, delay: number): void {
    clearTimeout(this.pending.get(notebookUri));
    this.pending.set(
      notebookUri,
      setTimeout(() => {
        this.pending.delete(notebookUri);
        const nb = this.documents.getNotebookDocument(notebookUri);
        for (const c of nb?.cells ?? []) {
          const doc = this.documents.getCellTextDocument(c);
          if (doc) validate(doc);
        }
      }, delay),
    );
  }
}
