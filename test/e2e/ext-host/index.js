// Extension-host tests: run INSIDE the VS Code extension host, through the `vscode` API only, like
// @vscode/test-electron's extensionTestsPath. Loaded by scripts/e2e/run-ext-host.js (code-server, offline) and
// by test/e2e/run-desktop.js (@vscode/test-electron, where VS Code can be downloaded).
// The workspace folder is a scratch copy of test/e2e/fixtures/; every case of test/e2e/cases.json runs here.
// Output: one `[ext-test] PASS|FAIL <name>` line per case and `[ext-test] result: N passed, N failed`.
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const { cases, languages } = require('../cases.json');

const EXTENSION_ID = 'tre-catalogue.tre-catalogue';
const SOURCE = 'tre-catalogue';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log('[ext-test]', ...a);

async function poll(what, fn, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last.ok || Date.now() > end) return last;
    await sleep(250);
  }
}

async function open(c) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'a workspace folder (the scratch copy of test/e2e/fixtures) is open');
  const uri = vscode.Uri.joinPath(folder.uri, ...c.fixture.split('/'));
  let doc = await vscode.workspace.openTextDocument(uri);
  const lang = c.language || languages[path.extname(c.fixture).slice(1)];
  if (lang && doc.languageId !== lang) doc = await vscode.languages.setTextDocumentLanguage(doc, lang);
  const editor = await vscode.window.showTextDocument(doc);
  return { uri, doc, editor };
}

function caret(doc, at) {
  const bar = at.indexOf('|');
  assert.ok(bar >= 0, `"at" has no | caret: ${at}`);
  const offset = doc.getText().indexOf(at.slice(0, bar) + at.slice(bar + 1));
  assert.ok(offset >= 0, `"${at.replace('|', '')}" not found in ${doc.uri.path}`);
  return doc.positionAt(offset + bar);
}

const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
const describe = (doc, d) => `${typeof d.code === 'object' ? d.code.value : d.code} ${doc.getText(d.range)}`;

// Waits until the diagnostics equal `expect` and stay so for a moment (so "none" is not just "not yet").
async function expectDiagnostics(doc, expect) {
  let stableSince = Date.now(), got = [];
  const r = await poll('diagnostics', async () => {
    const now = ours(doc.uri).map((d) => describe(doc, d));
    const same = JSON.stringify(now) === JSON.stringify(expect);
    if (!same || JSON.stringify(now) !== JSON.stringify(got)) stableSince = Date.now();
    got = now;
    return { ok: same && Date.now() - stableSince >= 1500 };
  });
  assert.deepStrictEqual(got, expect, 'diagnostics');
  return r;
}

// Waits until the hover at `pos` contains `matches`; its text.
async function expectHover(uri, pos, matches) {
  let text = '';
  await poll('hover', async () => {
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, pos);
    text = hovers.flatMap((h) => h.contents.map((m) => (typeof m === 'string' ? m : m.value))).join('\n');
    return { ok: text.includes(matches) };
  });
  assert.ok(text.includes(matches), `hover should contain "${matches}", got: ${text.slice(0, 300)}`);
  return text;
}

const checks = {
  // The TRE Catalogue view: walks the tree as the view does, inserts a table name, opens a catalogue entry.
  async explorer(c) {
    const api = await vscode.extensions.getExtension(EXTENSION_ID).activate();
    const tree = api.catalogueTree;
    const roots = await tree.getChildren();
    const titles = roots.map((n) => tree.getTreeItem(n).label);
    assert.ok(titles.includes(c.dataset), `datasets in the view: ${titles.join(', ')}`);
    const dataset = roots[titles.indexOf(c.dataset)];
    const tables = await tree.getChildren(dataset);
    assert.strictEqual(tables.length, c.tables, 'tables of the dataset');
    const table = tables.find((n) => tree.getTreeItem(n).label === c.table);
    assert.ok(table, `table ${c.table} in the view`);
    const columns = await tree.getChildren(table);
    assert.ok(columns.length > 0, 'columns under the table');
    const { doc } = await open(c);
    const item = tree.getTreeItem(table);
    await vscode.commands.executeCommand(item.command.command, ...item.command.arguments);
    assert.ok(doc.getText().includes(c.inserts), `inserted: ${JSON.stringify(doc.getText())}`);
    await vscode.commands.executeCommand('treCatalogue.explorer.openEntry', table);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.path.endsWith('.catalogue.yaml'), 'the catalogue YAML opened');
    const line = editor.document.lineAt(editor.selection.active.line).text;
    assert.ok(line.includes(c.table), `the entry line: ${line}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    return `${titles.length} dataset(s), ${tables.length} tables, inserted ${c.inserts}, entry line "${line.trim()}"`;
  },
  // A Jupyter notebook: completion in the document of code cell `cell` (0-based, counting every cell), where the
  // server knows the data frames made by earlier cells (notebook sync).
  async notebookCompletion(c) {
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    assert.ok(folder, 'a workspace folder is open');
    const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(folder.uri, ...c.fixture.split('/')));
    await vscode.window.showNotebookDocument(nb);
    const doc = nb.cellAt(c.cell).document;
    assert.strictEqual(doc.languageId, c.cellLanguage || 'r', 'cell language');
    const pos = caret(doc, c.at);
    let labels = [];
    await poll('completion', async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, pos);
      labels = list.items.map((it) => (typeof it.label === 'string' ? it.label : it.label.label));
      return { ok: c.includes.every((l) => labels.includes(l)) };
    });
    const missing = c.includes.filter((l) => !labels.includes(l));
    assert.deepStrictEqual(missing, [], `missing completions in cell ${c.cell} (got ${labels.length}: ${labels.slice(0, 12).join(', ')}…)`);
    return `${labels.length} items in cell ${c.cell}, e.g. ${c.includes.join(', ')}`;
  },

  async completion(c) {
    const { uri, doc } = await open(c);
    const pos = caret(doc, c.at);
    let labels = [];
    await poll('completion', async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, pos);
      labels = list.items.map((it) => (typeof it.label === 'string' ? it.label : it.label.label));
      return { ok: c.includes.every((l) => labels.includes(l)) };
    });
    const missing = c.includes.filter((l) => !labels.includes(l));
    assert.deepStrictEqual(missing, [], `missing completions (got ${labels.length}: ${labels.slice(0, 12).join(', ')}…)`);
    return `${labels.length} items, e.g. ${c.includes.join(', ')}`;
  },

  async hover(c) {
    const { uri, doc } = await open(c);
    const text = await expectHover(uri, caret(doc, c.at), c.matches);
    return text.split('\n')[0].slice(0, 100);
  },

  async diagnostics(c) {
    const { doc } = await open(c);
    await expectDiagnostics(doc, c.expect);
    return c.expect.length ? c.expect.join('; ') : 'none';
  },

  async quickfix(c) {
    const { uri, doc } = await open(c);
    const pos = caret(doc, c.at);
    const at = () => ours(uri).filter((d) => d.range.contains(pos));
    await poll('diagnostic', async () => ({ ok: at().length > 0 }));
    const diag = at()[0];
    assert.ok(diag, `a ${SOURCE} diagnostic at ${c.at}`);
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    const action = actions.find((a) => a.title === c.title);
    assert.ok(action, `quick fix "${c.title}" offered (got: ${titles.join(' | ')})`);
    if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), 'edit applied');
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments || []));
    assert.ok(doc.getText().split(/\r?\n/).includes(c.after), `after the fix the file has the line: ${c.after}`);
    const gone = await poll('fixed', async () => ({ ok: !ours(uri).some((d) => d.range.contains(pos) && d.message === diag.message) }));
    assert.ok(gone.ok, 'the diagnostic is gone after the fix');
    return `"${c.title}" applied`;
  },

  // A catalogue folder set in the workspace's settings (written to .vscode/settings.json as a user would): the
  // diagnostics before and after, and hover on the column it adds. The setting is removed again afterwards.
  async userCatalogue(c) {
    const { uri, doc } = await open(c);
    await expectDiagnostics(doc, c.before);
    const config = vscode.workspace.getConfiguration('treCatalogue');
    await config.update('catalogues', c.catalogues, vscode.ConfigurationTarget.Workspace);
    try {
      await expectDiagnostics(doc, c.expect);
      await expectHover(uri, caret(doc, c.at), c.matches);
    } finally {
      await config.update('catalogues', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await expectDiagnostics(doc, c.before);
    return `before: ${c.before.join('; ') || 'none'}; with ${c.catalogues.join(', ')}: ${c.expect.join('; ') || 'none'}`;
  },

  async snippet(c) {
    const { doc, editor } = await open(c);
    let body = c.body;
    if (c.prefix) body = contributedSnippet(doc.languageId, c.prefix);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const ok = await editor.insertSnippet(new vscode.SnippetString(body), end);
    assert.ok(ok, 'snippet inserted');
    assert.ok(doc.getText().split(/\r?\n/).includes(c.after), `after insertion the file has the line: ${c.after}\n${doc.getText()}`);
    if (c.diagnostics) await expectDiagnostics(doc, c.diagnostics);
    return c.prefix ? `snippet "${c.prefix}"` : 'SnippetString';
  },
};

// The body of a snippet the extension contributes (package.json contributes.snippets) for a language.
function contributedSnippet(language, prefix) {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  const fs = require('fs');
  for (const s of (ext.packageJSON.contributes && ext.packageJSON.contributes.snippets) || []) {
    if (s.language !== language) continue;
    const all = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, s.path), 'utf8'));
    for (const snip of Object.values(all)) {
      if ([].concat(snip.prefix).includes(prefix)) return [].concat(snip.body).join('\n');
    }
  }
  throw new Error(`no contributed ${language} snippet with prefix "${prefix}"`);
}

exports.run = async function run() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  await ext.activate();
  log(`extension ${EXTENSION_ID} ${ext.packageJSON.version} active from ${ext.extensionPath}`);
  const only = process.env.E2E_CASES ? new RegExp(process.env.E2E_CASES) : null;
  let passed = 0, failed = 0;
  for (const c of cases) {
    if (only && !only.test(c.name)) continue;
    const t = Date.now();
    try {
      const check = checks[c.check];
      if (!check) throw new Error(`unknown check "${c.check}"`);
      const detail = await check(c);
      passed++;
      log(`PASS ${c.name} (${Date.now() - t} ms): ${detail}`);
    } catch (e) {
      failed++;
      log(`FAIL ${c.name}: ${(e && e.message) || e}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
    }
  }
  log(`result: ${passed} passed, ${failed} failed`);
  if (failed || !passed) throw new Error(`${failed} of ${passed + failed} extension-host cases failed`);
};
