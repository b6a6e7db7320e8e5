// LSP wiring only: converts requests to feature calls and back. Start with `node dist/server.js --stdio`
// (any editor) or over IPC (the VS Code client). The transport is chosen by vscode-languageserver from argv.

import { fileURLToPath, pathToFileURL } from 'url';
import {
  CodeActionKind,
  createConnection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  Location,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CatalogueStore, embeddedCatalogueFiles } from './catalogue/store';
import { CatalogueChanges, CatalogueWatcher } from './catalogue/watch';
import { codeActions } from './features/code-actions';
import { complete, completionList, resolveCompletionItem } from './features/completion';
import { definition } from './features/definition';
import { catalogueTree, Locate, searchCatalogue } from './features/explorer';
import { defaultDiagnosticSettings, DiagnosticSettings, Finding, findingsAgainst, settingFindingSteps, SOURCE, toDiagnostics } from './features/diagnostics';
import { hover } from './features/hover';
import { loadSnippets } from './features/snippet-files';
import { snippetCompletions, snippetWord, typedWord } from './features/snippets';
import { analyserFor, MAX_FILE_SIZE } from './languages/registry';
import { CompletionContext, DocumentModel } from './languages/model';
import { CHANGED_NOTIFICATION, SearchParams, SEARCH_REQUEST, TREE_REQUEST } from './protocol';
import { notebookDocumentSync, Notebooks } from './notebooks';
import { createDocument, Models, updateTracked } from './models';
import { UserCatalogues } from './user-catalogues';

interface Settings {
  catalogues: string[];
  diagnostics: DiagnosticSettings;
  /** Documents longer than this (in characters) are not analysed, so the editor never freezes. */
  maxFileSize: number;
}

const defaults: Settings = { catalogues: [], diagnostics: defaultDiagnosticSettings, maxFileSize: MAX_FILE_SIZE };

const connection = createConnection(ProposedFeatures.all);
// Edits go through `updateTracked`, so that the models learn which part of each text they still describe.
const models = new Models(analyserFor);
const documents = new TextDocuments({ create: createDocument, update: (doc, changes, version) => updateTracked(models, doc, changes, version) });
const store = new CatalogueStore(embeddedCatalogueFiles());
const userCatalogues = new UserCatalogues((message) => {
  connection.console.warn(message);
  notify(MessageType.Warning, message);
});

let hasConfiguration = false;
/** The `CompletionList.itemDefaults` the client understands (VS Code: editRange, data, ...). */
let itemDefaults: readonly string[] = [];
/** The client resolves `detail` lazily (VS Code does): columns leave it for completionItem/resolve. */
let lazyDetail = false;
let initSettings: Partial<Settings> = {};
/**
 * VS Code shows snippets/*.json itself, by the document's language (sql, r, stata: package.json contributes one file
 * for each); other editors get the snippets as completion items, and so do R Markdown / Quarto documents in VS Code.
 */
let snippetsInClient = false;
/** The client reads snippet syntax in completion items; without it snippets are sent as plain text. */
let snippetSupport = false;
const snippets = loadSnippets();
/** Settings per document, as vscode-eslint does: never one global set, since folders can differ. */
const settingsCache = new Map<string, Promise<Settings>>();
const notebooks = new Notebooks(
  connection,
  (cell) => validateSafely(cell),
  (uri) => connection.sendDiagnostics({ uri, diagnostics: [] }),
);
/** A text document or a notebook cell (notebook sync sends cells in notebook notifications, not didOpen). */
const documentOf = (uri: string): TextDocument | undefined => documents.get(uri) ?? notebooks.cell(uri);

connection.onInitialize((params) => {
  // A client that leaves out a part of its capabilities gets the plainest answers, not an error.
  const caps = params.capabilities;
  hasConfiguration = !!caps.workspace?.configuration;
  itemDefaults = caps.textDocument?.completion?.completionList?.itemDefaults ?? [];
  lazyDetail = !!caps.textDocument?.completion?.completionItem?.resolveSupport?.properties?.includes('detail');
  const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  userCatalogues.root = root && root.startsWith('file:') ? fileURLToPath(root) : undefined;
  const options = params.initializationOptions as { settings?: Partial<Settings>; snippetsInClient?: boolean } | undefined;
  initSettings = options?.settings ?? {};
  snippetsInClient = options?.snippetsInClient === true;
  snippetSupport = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
  if (initSettings.catalogues) {
    store.setUserFiles(userCatalogues.files(initSettings.catalogues));
    watchUserFiles();
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      notebookDocumentSync,
      completionProvider: { resolveProvider: true, triggerCharacters: ['.', '[', "'", '"', ' '] },
      hoverProvider: true,
      definitionProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'tre-catalogue' },
  };
});

connection.onInitialized(async () => {
  if (hasConfiguration) {
    await connection.client.register(DidChangeConfigurationNotification.type, { section: 'treCatalogue' });
    const before = store.userFileList().join('\n');
    // Overtaken by a configuration change (VS Code sends one as soon as it is registered): that one reports.
    if (!(await refreshCatalogues())) return;
    // A document opened meanwhile (the editor opens the one that started the server at once) was checked
    // against the catalogues known before: check it again.
    if (store.userFileList().join('\n') !== before) validateAll();
  }
  publishCatalogueProblems();
});

connection.onDidChangeConfiguration(async (change) => {
  settingsCache.clear();
  if (!hasConfiguration) {
    const s = (change.settings as { treCatalogue?: Partial<Settings> } | undefined)?.treCatalogue;
    if (s) initSettings = s;
  }
  // A later change overtook this one: that one reports, once its catalogues are in.
  if (!(await refreshCatalogues())) return;
  publishCatalogueProblems();
  void connection.sendNotification(CHANGED_NOTIFICATION);
  validateAll();
});

/** Loads of the configured catalogues so far: only the latest one is swapped in. */
let catalogueLoads = 0;

/**
 * Loads the configured catalogue files not loaded yet, one file per turn of the event loop: a catalogue takes up
 * to 150 ms to parse, and requests that come meanwhile are answered, against the catalogues as they were. The new
 * set is swapped in at the end, all at once. Resolves to false, having changed nothing, when a later call (a newer
 * configuration) overtook this one.
 */
async function refreshCatalogues(): Promise<boolean> {
  const load = ++catalogueLoads;
  const current = (): boolean => load === catalogueLoads;
  const s = await settingsFor(undefined);
  const files = userCatalogues.files(s.catalogues);
  if (!current() || !(await store.setUserFilesInTurns(files, nextTurn, current))) return false;
  // The catalogue may have changed: the findings of earlier checks may no longer hold.
  models.forgetChecks();
  watchUserFiles();
  // A folder's pollers start only now: a file added to it while the others were loading would go unseen.
  if (userCatalogues.listChanged()) watcher.listMayHaveChanged();
  return true;
}

/** Follows the user's catalogue files and folders on disk (see catalogue/watch.ts). */
const watcher = new CatalogueWatcher((changes) => void catalogueFilesChanged(changes));
function watchUserFiles(): void {
  watcher.watch(store.userFileList(), userCatalogues.listed, userCatalogues.folders);
}

/**
 * Catalogue files changed on disk: reload them, and when a folder's files may have changed, load what the setting
 * names now. The editor is told once, and only if a catalogue did change.
 */
async function catalogueFilesChanged(changes: CatalogueChanges): Promise<void> {
  let changed = false;
  for (const f of changes.files) if (store.reload(f)) changed = true;
  if (changes.list) {
    const before = store.userFileList().join('\n');
    // Overtaken by a configuration change: that one reports.
    if (!(await refreshCatalogues())) return;
    if (store.userFileList().join('\n') !== before) changed = true;
  }
  if (changed) catalogueChanged();
}

function catalogueChanged(): void {
  models.forgetChecks();
  publishCatalogueProblems();
  void connection.sendNotification(CHANGED_NOTIFICATION);
  validateAll();
}

async function settingsFor(uri: string | undefined): Promise<Settings> {
  if (!hasConfiguration) return merge(initSettings);
  const key = uri ?? '';
  let s = settingsCache.get(key);
  if (!s) {
    s = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'treCatalogue' })
      .then((raw: Partial<Settings> | null) => merge(raw ?? {}))
      .catch(() => merge(initSettings));
    settingsCache.set(key, s);
  }
  return s;
}

function merge(raw: Partial<Settings>): Settings {
  return {
    catalogues: Array.isArray(raw.catalogues) ? raw.catalogues : defaults.catalogues,
    diagnostics: { ...defaults.diagnostics, ...(raw.diagnostics ?? {}) },
    maxFileSize: typeof raw.maxFileSize === 'number' && raw.maxFileSize > 0 ? raw.maxFileSize : defaults.maxFileSize,
  };
}

/**
 * The document's model, or undefined when no analyser reads it or it is too large. With `until` (the caret), the
 * model may stop there: completion, hover and definition need no more, and typing in a long script stays fast.
 * With `step`, one step of a full analysis (see `validate`).
 */
function modelOf(doc: TextDocument, settings: Settings, until?: number, step?: number): DocumentModel | undefined {
  if (notebooks.cell(doc.uri)) return notebooks.model(doc.uri, settings.maxFileSize);
  if (!analyserFor(doc.languageId)) return undefined;
  const size = doc.getText().length;
  if (size > settings.maxFileSize) {
    if (!tooLarge.has(doc.uri)) {
      tooLarge.add(doc.uri);
      notify(
        MessageType.Info,
        `TRE Catalogue: ${doc.uri.split('/').pop()} has ${size.toLocaleString('en-GB')} characters, more than treCatalogue.maxFileSize (${settings.maxFileSize.toLocaleString('en-GB')}); it is not analysed.`,
      );
    }
    models.delete(doc.uri);
    return undefined;
  }
  return step !== undefined ? models.advance(doc, step) : models.get(doc, until);
}

/** A notification, not a request: the server never waits for the user to dismiss a message. */
function notify(type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message });
}

/** Documents already told that they are too large to analyse (told once per document). */
const tooLarge = new Set<string>();

/**
 * Diagnostics are worked out in steps of at most STEP_MS, with requests answered in between: after a pause in
 * typing, a long script is re-analysed from the edit to its end (and every reference checked), and a keystroke
 * that comes meanwhile must not wait for all of it. A validation that a newer one (or an edit) overtakes stops.
 */
const STEP_MS = 8;
/** Characters analysed per step of a re-analysis (a few milliseconds of SQL, R or Stata). */
const STEP_CHARS = 16_384;
const FIRST_STEP_CHARS = 2_048;
const latestValidation = new Map<string, number>();
let validations = 0;
const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/**
 * Lets the messages that arrived meanwhile be handled. vscode-jsonrpc handles them in an immediate it queues when
 * they are read, behind ours: so wait twice, and they come first.
 */
const nextTurn = async (): Promise<void> => {
  await immediate();
  await immediate();
};

/**
 * Diagnostics of a document, started and not awaited. A failure is logged, and only that run is lost: unhandled,
 * it would end the process (Node's default for a rejected promise), and every open document with it.
 */
function validateSafely(doc: TextDocument): void {
  validate(doc).catch((e: unknown) => connection.console.error(`TRE Catalogue: diagnostics of ${doc.uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
}

/** Every open document and notebook cell, as after a catalogue change. */
function validateAll(): void {
  for (const doc of [...documents.all(), ...notebooks.cells()]) validateSafely(doc);
}

async function validate(doc: TextDocument): Promise<void> {
  const run = ++validations;
  latestValidation.set(doc.uri, run);
  const version = doc.version;
  const overtaken = (): boolean => latestValidation.get(doc.uri) !== run || documentOf(doc.uri)?.version !== version;
  const settings = await settingsFor(doc.uri);
  // Closed or edited while the client was asked for its settings.
  if (overtaken()) return;
  let since = performance.now();
  /** Whether this validation goes on, after letting requests through when its time slice is used up. */
  const goOn = async (): Promise<boolean> => {
    if (performance.now() - since < STEP_MS) return !overtaken();
    await nextTurn();
    since = performance.now();
    return !overtaken();
  };
  // Once the re-check has become the same as the last full check, the diagnostics are known: they go out
  // then, and the re-check goes on so that the model is whole again (it sends them again only if they differ).
  const early = earlyFindings(doc, settings);
  let sent: Finding[] | undefined;
  // Steps grow while they are quick and shrink when slow: a step has a fixed cost besides its characters. With
  // a last check to compare with, the first step need only get past the edit.
  let chars = early ? FIRST_STEP_CHARS : STEP_CHARS;
  let t = performance.now();
  let model = modelOf(doc, settings, undefined, chars);
  while (model?.validUntil !== undefined) {
    if (early && !sent) {
      sent = early(model);
      if (sent) {
        connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: toDiagnostics(doc, sent, settings.diagnostics) });
        // The rest of the re-check only makes the next check whole: it waits until typing has stopped, or every
        // keystroke in a long script would start a re-read to its end that the next keystroke drops.
        await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
        if (overtaken()) return;
        since = t = performance.now();
      }
    }
    const took = performance.now() - t;
    chars = took < STEP_MS / 2 ? Math.min(chars * 2, 1 << 22) : took > STEP_MS * 2 ? Math.max(chars >> 1, STEP_CHARS) : chars;
    if (!(await goOn())) return;
    t = performance.now();
    model = modelOf(doc, settings, undefined, chars);
  }
  if (!model) {
    // A file that grew past the size limit keeps no stale diagnostics.
    if (analyserFor(doc.languageId)) connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    return;
  }
  const steps = settingFindingSteps(model, store.catalogue(), settings.diagnostics);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) {
      if (reusable(doc, settings)) models.checked(doc.uri, analyserFor(doc.languageId)?.baseOf?.(model) ?? model, step.value);
      else models.forgetCheck(doc.uri);
      if (!sent || !sameFindings(sent, step.value)) connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: toDiagnostics(doc, step.value, settings.diagnostics) });
      return;
    }
    if (!(await goOn())) return;
  }
}

/**
 * For a document whose last full check is recorded: the findings of a step's model once it has become the same
 * as that check (see `Analyser.sameAs`), else undefined. Grain mismatches need the whole model, so not with them.
 */
function earlyFindings(doc: TextDocument, settings: Settings): ((model: DocumentModel) => Finding[] | undefined) | undefined {
  const sameAs = analyserFor(doc.languageId)?.sameAs;
  const last = models.lastChecked(doc.uri);
  if (!sameAs || !last || !reusable(doc, settings)) return undefined;
  return (model) => {
    const same = sameAs(model, last.base, last.unchangedBefore);
    return same && findingsAgainst(last.findings, same, store.catalogue());
  };
}

/**
 * Whether a check's findings can serve a later one: of a document (not a notebook cell) whose analyser can tell
 * (`sameAs`), with the usual findings only. Otherwise no check is kept: it would keep its model alive for nothing.
 */
function reusable(doc: TextDocument, settings: Settings): boolean {
  return analyserFor(doc.languageId)?.sameAs !== undefined && !notebooks.cell(doc.uri) && settings.diagnostics.enable && settings.diagnostics.grainMismatch !== true;
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((f, i) => f.code === b[i].code && f.span.start === b[i].span.start && f.span.end === b[i].span.end && f.message === b[i].message && f.suggestions.join('\u0000') === b[i].suggestions.join('\u0000'));
}

/** Catalogue problems appear as diagnostics on the catalogue files themselves, and once as a message. */
const reported = new Set<string>();
/**
 * The problems that went out last per catalogue file (their report lines): a file is published when it is loaded and
 * again only when its problems change (a folder of 400 files published all 400 at every change), and one no longer
 * configured that had problems is cleared.
 */
const publishedCatalogues = new Map<string, string>();
function publishCatalogueProblems(): void {
  const current = store.problems();
  for (const [file, was] of publishedCatalogues) {
    if (current.has(file)) continue;
    if (was !== '') connection.sendDiagnostics({ uri: pathToFileURL(file).toString(), diagnostics: [] });
    publishedCatalogues.delete(file);
  }
  for (const [file, problems] of current) {
    const lines = problems.map((p) => `TRE Catalogue: ${p.file}:${p.line + 1}:${p.column + 1}: ${p.message}`);
    const key = lines.join('\n');
    const was = publishedCatalogues.get(file);
    if (was === key) continue;
    publishedCatalogues.set(file, key);
    const diags: Diagnostic[] = problems.map((p) => ({
      range: { start: { line: p.line, character: p.column }, end: { line: p.line, character: p.column + 1 } },
      severity: DiagnosticSeverity.Error,
      source: SOURCE,
      code: 'catalogue',
      message: p.message,
    }));
    connection.sendDiagnostics({ uri: pathToFileURL(file).toString(), diagnostics: diags });
    for (const text of lines) connection.console.error(text);
    // One notice per file (a broken file can have hundreds of problems), again only when its problems change.
    if (lines.length > 0 && !reported.has(key)) {
      reported.add(key);
      notify(MessageType.Warning, lines.length === 1 ? lines[0] : `${lines[0]} (and ${lines.length - 1} more problems in this file: see the Problems panel)`);
    }
  }
}

/**
 * Diagnostics wait until typing pauses (50 ms); an opened file is checked at once. A re-check whose diagnostics
 * went out early (see `earlyFindings`) goes on only once typing has stopped for IDLE_MS. Completion and hover
 * never wait: they analyse the current version on demand, as far as they need.
 */
const PAUSE_MS = 50;
const IDLE_MS = 1000;
const settleDelay = (length: number): number => Math.min(250, length / 20_000);
const pending = new Map<string, NodeJS.Timeout>();
documents.onDidChangeContent((e) => {
  const { uri } = e.document;
  // With no last check to compare with, there is no early path: wait for a longer pause (longer for longer
  // files) before the re-check.
  const early = models.lastChecked(uri) !== undefined;
  const delay = !models.has(uri) ? 0 : early ? PAUSE_MS : PAUSE_MS + settleDelay(e.document.getText().length);
  clearTimeout(pending.get(uri));
  pending.set(
    uri,
    setTimeout(() => {
      pending.delete(uri);
      const current = documents.get(uri);
      if (current) validateSafely(current);
    }, delay),
  );
});
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  tooLarge.delete(e.document.uri);
  latestValidation.delete(e.document.uri);
  models.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});
documents.onDidSave((e) => {
  if (!e.document.uri.startsWith('file:')) return;
  const file = fileURLToPath(e.document.uri);
  if (store.reload(file, e.document.getText())) catalogueChanged();
});

connection.onCompletion(async (params) => {
  const doc = documentOf(params.textDocument.uri);
  if (!doc) return [];
  const offset = doc.offsetAt(params.position);
  const model = modelOf(doc, await settingsFor(doc.uri), offset);
  const context = model?.completionContext(offset);
  const items = model && context ? complete(doc, model, store.catalogue(), offset, context, lazyDetail) : [];
  // The client shows the snippet file of the document's language; an R Markdown / Quarto chunk's it does not.
  if (snippetsInClient && snippets.has(doc.languageId.toLowerCase())) return completionList(items, itemDefaults);
  // Snippets need no analyser, so languages without one still get them.
  // (A position past the end of its line means the line's end.)
  const at = doc.positionAt(offset);
  const typed = typedWord(doc.getText({ start: { line: at.line, character: 0 }, end: at }));
  const replace = { start: doc.positionAt(offset - typed.length), end: at };
  // What comes before the word is known only at its start (`iapt-out` reads as `iapt - out`): asked only for a word
  // that may name a snippet. Without a model (no analyser, or too large) nothing is known and snippets are offered.
  const none: CompletionContext = { kind: 'none' };
  const atWordStart = model && snippetWord(typed) && typed.length > 0 ? model.completionContext(doc.offsetAt(replace.start)) : (context ?? none);
  // In R Markdown / Quarto, the snippets of the chunk's language.
  const language = context?.language ?? doc.languageId;
  return completionList([...items, ...snippetCompletions(language, typed, replace, context ?? none, snippets, snippetSupport, atWordStart)], itemDefaults);
});

connection.onCompletionResolve((item) => resolveCompletionItem(item, store.catalogue()));

connection.onHover(async (params) => {
  const doc = documentOf(params.textDocument.uri);
  const offset = doc?.offsetAt(params.position);
  const model = doc && modelOf(doc, await settingsFor(doc.uri), offset);
  if (!doc || !model || offset === undefined) return null;
  return hover(doc, model, store.catalogue(), offset) ?? null;
});

connection.onCodeAction(async (params) => {
  // Every fix belongs to one of our diagnostics, which the client sends back for the range: without one there is
  // nothing to fix, and no need to bring the model up to date (editors ask at every caret move, also while typing).
  if (!params.context.diagnostics.some((d) => d.source === SOURCE)) return [];
  const doc = documentOf(params.textDocument.uri);
  const settings = doc && (await settingsFor(doc.uri));
  // The fixes are those of the findings in the range, so the model need reach only its end (while typing goes on
  // it is partial: a whole one would mean re-reading to the end of the script at each caret move). Grain findings
  // read whole queries, so with them on it is whole.
  const until = settings?.diagnostics.grainMismatch ? undefined : doc?.offsetAt(params.range.end);
  const model = doc && settings && modelOf(doc, settings, until);
  if (!doc || !settings || !model) return [];
  return codeActions(doc, model, store.catalogue(), params.range, settings.diagnostics);
});

connection.onDefinition(async (params) => {
  const doc = documentOf(params.textDocument.uri);
  const offset = doc?.offsetAt(params.position);
  const model = doc && modelOf(doc, await settingsFor(doc.uri), offset);
  if (!doc || !model || offset === undefined) return null;
  const target = definition(model, store.catalogue(), offset);
  if (!target) return null;
  if (target.kind === 'document') {
    // In a notebook the definition may be in an earlier cell.
    const where = notebooks.cell(doc.uri) ? notebooks.locate(doc.uri, target.span) : { uri: doc.uri, span: target.span };
    const at = where && documentOf(where.uri);
    return where && at ? Location.create(at.uri, { start: at.positionAt(where.span.start), end: at.positionAt(where.span.end) }) : null;
  }
  const at = ({ file, offset }: { file: string; offset: number }): Location => {
    const pos = store.positionIn(file, offset);
    return Location.create(pathToFileURL(file).toString(), { start: pos, end: pos });
  };
  return target.also ? [at(target), ...target.also.map(at)] : at(target);
});

// The catalogue explorer (client/src/explorer.ts): the whole tree, and the search of "Find column".
const locate: Locate = (file, offset) => ({ uri: pathToFileURL(file).toString(), ...store.positionIn(file, offset) });
connection.onRequest(TREE_REQUEST, () => catalogueTree(store.catalogue(), locate));
connection.onRequest(SEARCH_REQUEST, (params: SearchParams) => searchCatalogue(store.catalogue(), String(params?.query ?? ''), locate, params?.limit));

documents.listen(connection);
connection.listen();
