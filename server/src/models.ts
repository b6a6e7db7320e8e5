// The model of each open document, kept up to date incrementally. Edits only record how much of the text
// before them is unchanged; the next request re-analyses from there (Analyser.reanalyse), and completion and
// hover ask only for the text up to the caret, so typing in a long script costs about one statement. Models of
// large documents are kept for the few used last (RETAINED_LARGE).

import { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyser, DocumentModel, SameAsBase } from './languages/model';
import { Finding } from './features/diagnostics';
import { LARGE_DOCUMENT, LargeDocument } from './large-document';

interface Entry {
  model: DocumentModel;
  version: number;
  /** The current text equals the model's text before this offset. */
  unchangedBefore: number;
  /** Of LARGE_DOCUMENT or more: one of the few whose models are kept (see RETAINED_LARGE). */
  large: boolean;
}

/**
 * Models are kept for at most this many large documents (LARGE_DOCUMENT or more), the ones asked about last; the
 * model of another is let go and made again, from its whole text, when next asked for. A 10,000-line R script's
 * model holds 14-18 MB, and a researcher may keep many long scripts open. clangd keeps the ASTs of idle files
 * the same way (three by default). Each document's last check (`Checked`) is kept, so its diagnostics still go
 * out early after an edit.
 */
export const RETAINED_LARGE = 3;

/**
 * The last full check: what `Analyser.sameAs` needs of the model its diagnostics were worked out from (see
 * `Analyser.baseOf`), its findings, and how much of the text is as it was then.
 */
export interface Checked {
  base: SameAsBase;
  findings: readonly Finding[];
  /** The current text equals that model's text before this offset. */
  unchangedBefore: number;
}

export class Models {
  private readonly entries = new Map<string, Entry>();
  private readonly checks = new Map<string, Checked>();

  constructor(private readonly analyserFor: (languageId: string) => Analyser | undefined) {}

  /**
   * The model of the document's current version. With `until`, one that may describe the text only up to that
   * offset (enough for completion, hover and definition there); without it, a full model (diagnostics).
   */
  get(doc: TextDocument, until?: number): DocumentModel | undefined {
    const analyser = this.analyserFor(doc.languageId);
    if (!analyser) return undefined;
    const entry = this.entries.get(doc.uri);
    if (entry && entry.version === doc.version && covers(entry.model, until)) {
      this.keep(doc.uri, entry);
      return entry.model;
    }
    const text = doc.getText();
    const model = entry && analyser.reanalyse ? analyser.reanalyse(entry.model, text, Math.min(entry.unchangedBefore, text.length), until) : analyser.analyse(text);
    this.keep(doc.uri, { model, version: doc.version, unchangedBefore: Number.POSITIVE_INFINITY, large: text.length >= LARGE_DOCUMENT });
    return model;
  }

  /**
   * Records the entry as the one used last (the map's order is the order of use), and lets go of the full models of
   * the large documents used longest ago.
   */
  private keep(uri: string, entry: Entry): void {
    this.entries.delete(uri);
    this.entries.set(uri, entry);
    if (!entry.large) return;
    let large = 0;
    for (const e of this.entries.values()) if (e.large) large++;
    for (const [other, e] of this.entries) {
      if (large <= RETAINED_LARGE) break;
      // A partial model is one being typed in or checked in steps: letting it go would make the next step a
      // whole analysis, and requests would wait for it.
      if (!e.large || e.model.validUntil !== undefined) continue;
      this.entries.delete(other);
      large--;
    }
  }

  /**
   * One step of a full analysis taken in steps, so that requests are answered in between: the model of the
   * current version up to about `chars` characters further than the last step reached (or than the last edit,
   * when the text changed). Once that passes the end, the full model. A first analysis is taken whole: a
   * partial model must answer completion as the full one would, which needs an earlier version of the text.
   */
  advance(doc: TextDocument, chars: number): DocumentModel | undefined {
    const entry = this.entries.get(doc.uri);
    const length = doc.getText().length;
    let from = 0;
    if (entry && entry.version === doc.version) {
      if (entry.model.validUntil === undefined) return entry.model;
      from = entry.model.validUntil;
    } else if (entry) {
      from = Math.min(entry.unchangedBefore, entry.model.validUntil ?? length, length);
    }
    const until = from + chars;
    return this.get(doc, until < length ? until : undefined);
  }

  /** Records edits: the text before `offset` is as it was. */
  changed(uri: string, offset: number): void {
    const entry = this.entries.get(uri);
    if (entry) entry.unchangedBefore = Math.min(entry.unchangedBefore, offset);
    const check = this.checks.get(uri);
    if (check) check.unchangedBefore = Math.min(check.unchangedBefore, offset);
  }

  /** Records the full check the document's diagnostics were worked out from (see `Analyser.sameAs`). */
  checked(uri: string, base: SameAsBase, findings: readonly Finding[]): void {
    this.checks.set(uri, { base, findings, unchangedBefore: Number.POSITIVE_INFINITY });
  }

  lastChecked(uri: string): Checked | undefined {
    return this.checks.get(uri);
  }

  /** Forgets the document's recorded check (its findings are not what the settings now ask for). */
  forgetCheck(uri: string): void {
    this.checks.delete(uri);
  }

  /** Forgets every recorded check (their findings no longer hold, as when the catalogue changes). */
  forgetChecks(): void {
    this.checks.clear();
  }

  /** Whether the document has been analysed since it was opened (its model may have been let go since). */
  has(uri: string): boolean {
    return this.entries.has(uri) || this.checks.has(uri);
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.checks.delete(uri);
  }
}

function covers(model: DocumentModel, until: number | undefined): boolean {
  return model.validUntil === undefined || (until !== undefined && until <= model.validUntil);
}

/**
 * Applies content changes as TextDocument.update does, and tells `models` where the first one starts. Each
 * change keeps the text before its own start, so the smallest start (each in the text it applies to) bounds
 * the unchanged prefix.
 */
export function updateTracked(models: Models, doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
  let current = doc;
  for (const change of changes) {
    // The document changes in place: read the offset (or old text) first.
    // (Of a range's ends the earlier: a client may send them reversed.)
    const before = 'range' in change ? Math.min(current.offsetAt(change.range.start), current.offsetAt(change.range.end)) : current.getText();
    if (current instanceof LargeDocument) current.apply(change, version);
    else {
      current = updateText(current, [change], version);
      if (current.getText().length >= LARGE_DOCUMENT) current = new LargeDocument(current.uri, current.languageId, version, current.getText());
    }
    models.changed(doc.uri, typeof before === 'number' ? before : commonPrefix(before, current.getText()));
  }
  return current;
}

/** TextDocument.update, each change's range moved into the document first (see `inside`): for notebook cells. */
export function updateText(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
  let current = doc;
  for (const change of changes) current = TextDocument.update(current, [inside(current, change)], version);
  return current;
}

/**
 * The change with its range's ends moved into the document. vscode-languageserver-textdocument 1.0.16 corrupts its
 * line table when a range starts at or past the line count (it writes past the table's end and leaves a hole), and
 * every offset and position read after that is wrong. LargeDocument reads such ranges as TextDocument means them.
 * Clients do send them: Neovim ends the range at the line count when it deletes the last line (dotnet/roslyn#80119).
 */
function inside(doc: TextDocument, change: TextDocumentContentChangeEvent): TextDocumentContentChangeEvent {
  if (!('range' in change)) return change;
  const { start, end } = change.range;
  const last = doc.lineCount - 1;
  if (start.line <= last && end.line <= last) return change;
  return { range: { start: doc.positionAt(doc.offsetAt(start)), end: doc.positionAt(doc.offsetAt(end)) }, text: change.text };
}

/** A new document, kept as a LargeDocument from 128 KB on. */
export function createDocument(uri: string, languageId: string, version: number, text: string): TextDocument {
  return text.length >= LARGE_DOCUMENT ? new LargeDocument(uri, languageId, version, text) : TextDocument.create(uri, languageId, version, text);
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
