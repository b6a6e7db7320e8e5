// Spawns the bundled server (`node dist/server.js --stdio`) and talks JSON-RPC to it, as an editor does.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeAction, CompletionItem, CompletionList, Hover, Location } from 'vscode-languageserver-protocol';
import { caret } from '../helpers';
import { Client, items, labels } from './client';
import { REPO } from '../iapt';

describe('LSP over stdio (dist/server.js)', function () {
  this.timeout(30000);
  let client: Client;
  before(async () => {
    client = new Client();
    const init = (await client.init) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    assert.strictEqual(init.serverInfo.name, 'tre-catalogue');
    assert.ok(init.capabilities.completionProvider && init.capabilities.hoverProvider && init.capabilities.codeActionProvider);
  });
  after(async () => client.stop());

  it('completes, hovers, diagnoses and fixes a real script', async () => {
    const uri = 'file:///tmp/lsp-test.sql';
    const fixture = 'SELECT r.|\nFROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r\nWHERE r.phq9_firstscor >= 10';
    const { text, offset } = caret(fixture);
    const diags = await client.open(uri, text);
    assert.deepStrictEqual(diags.diagnostics.map((d) => [d.code, d.source, d.range.start.line]), [['unknown-column', 'tre-catalogue', 2]]);
    assert.match(String(diags.diagnostics[0].message), /phq9_firstscore/);

    const position = { line: 0, character: offset };
    const completion = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    assert.ok(labels(completion).includes('pathwayid'));
    assert.ok(labels(completion).includes('phq9_lastscore'));
    assert.strictEqual(labels(completion).length, 193);
    const phq9 = items(completion).find((i) => i.label === 'phq9_firstscore');
    const resolved = await client.conn.sendRequest<CompletionItem>('completionItem/resolve', phq9);
    assert.match(JSON.stringify(resolved.documentation), /phq9_firstscore.*IAPT_demographics_and_referral/);

    const hover = await client.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 30 } });
    assert.match(JSON.stringify(hover.contents), /IAPT_demographics_and_referral/);

    const actions = await client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diags.diagnostics[0].range,
      context: { diagnostics: diags.diagnostics },
    });
    assert.strictEqual(actions[0].title, "Change to 'phq9_firstscore'");
    assert.deepStrictEqual(actions[0].edit?.changes?.[uri], [{ range: diags.diagnostics[0].range, newText: 'phq9_firstscore' }]);
    // Where the client has none of our diagnostics there is nothing to fix (editors ask at every caret move).
    const none = await client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diags.diagnostics[0].range, context: { diagnostics: [] } });
    assert.deepStrictEqual(none, []);

    const def = await client.conn.sendRequest<Location>('textDocument/definition', { textDocument: { uri }, position: { line: 1, character: 30 } });
    assert.ok(def.uri.endsWith('schemas/iapt/iapt.catalogue.yaml'));
    const yamlLine = fs.readFileSync(path.join(REPO, 'schemas/iapt/iapt.catalogue.yaml'), 'utf8').split('\n')[def.range.start.line];
    assert.match(yamlLine, /IAPT_demographics_and_referral/);
  });

  it('updates diagnostics on incremental edits', async () => {
    const uri = 'file:///tmp/lsp-edit.sql';
    await client.open(uri, 'SELECT x.endcode FROM nhsd.IAPT_demographics_and_referral_v0003 x');
    const next = client.nextDiagnostics(uri);
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 16 } }, text: 'endcod' }],
    });
    const d = await next;
    assert.deepStrictEqual(d.diagnostics.map((x) => x.code), ['unknown-column']);
  });
});

describe('LSP: user catalogues', function () {
  this.timeout(30000);
  it('tells of a file with many problems once, and clears its diagnostics when it is no longer configured', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-cat-'));
    const file = path.join(dir, 'many.catalogue.yaml');
    const columns = Array.from({ length: 50 }, (_, i) => `      - name: c${i}\n        codes: missing_${i}`).join('\n');
    fs.writeFileSync(file, `format: 1\ndataset: { id: many, title: Many }\ntables:\n  - name: t\n    columns:\n${columns}\n`);
    const client = new Client({ settings: { catalogues: [file] } });
    const notices: string[] = [];
    client.conn.onNotification('window/showMessage', (p: { message: string }) => void notices.push(p.message));
    const uri = pathToFileURL(file).toString();
    const published = client.nextDiagnostics(uri);
    await client.init;
    assert.strictEqual((await published).diagnostics.length, 50);
    await client.open('file:///tmp/y.sql', 'SELECT 1');
    assert.deepStrictEqual(notices.filter((m) => m.includes('many.catalogue.yaml')).length, 1, notices.join('\n'));
    assert.match(notices.find((m) => m.includes('many.catalogue.yaml')) ?? '', /and 49 more problems in this file/);
    const cleared = client.nextDiagnostics(uri);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { treCatalogue: { catalogues: [] } } });
    assert.deepStrictEqual((await cleared).diagnostics, []);
    await client.stop();
  });

  it('reports a broken catalogue with file and line, and keeps serving the embedded one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-cat-'));
    const file = path.join(dir, 'broken.catalogue.yaml');
    fs.writeFileSync(file, 'format: 1\ndataset:\n  id: mine\n  title: [unclosed\n');
    const client = new Client({ settings: { catalogues: [file] } });
    const catalogueDiags = client.nextDiagnostics(pathToFileURL(file).toString());
    await client.init;
    const d = await catalogueDiags;
    assert.ok(d.diagnostics.length > 0);
    assert.ok(d.diagnostics[0].range.start.line >= 3, JSON.stringify(d.diagnostics));
    const diags = await client.open('file:///tmp/x.sql', 'SELECT endcod FROM nhsd.IAPT_demographics_and_referral_v0003');
    assert.deepStrictEqual(diags.diagnostics.map((x) => x.code), ['unknown-column']);

    // Fixing the file on disk reloads it without a restart: its problems clear and its tables serve.
    const cleared = client.nextDiagnostics(pathToFileURL(file).toString());
    const redone = client.nextDiagnostics('file:///tmp/x.sql');
    fs.copyFileSync(path.join(REPO, 'examples/catalogues/myproject.catalogue.yaml'), file);
    assert.deepStrictEqual((await cleared).diagnostics, []);
    await redone;
    const uri = 'file:///tmp/mine.sql';
    const mine = await client.open(uri, "SELECT o.recovery, o.recovred FROM LLC_1234.MYP_outcomes o WHERE o.recovery = '2'");
    assert.deepStrictEqual(mine.diagnostics.map((x) => x.code), ['unknown-column', 'invalid-value']);
    const items = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 9 } });
    assert.deepStrictEqual(labels(items), ['pathwayid', 'recovery', 'reliable_improvement']);
    await client.stop();
  });
  it('says the shared edit range and data once to a client that supports itemDefaults, leaves detail to resolve, and resolves such items', async () => {
    const completion = {
      completionItem: { resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    };
    const vscodeLike = new Client(undefined, [], { textDocument: { completion } });
    await vscodeLike.init;
    const uri = 'file:///tmp/lsp-defaults.sql';
    const { text, offset } = caret('SELECT r.phq|\nFROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r');
    await vscodeLike.open(uri, text);
    const list = await vscodeLike.conn.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: offset } });
    assert.deepStrictEqual(list.itemDefaults?.editRange, { start: { line: 0, character: 9 }, end: { line: 0, character: 12 } });
    assert.deepStrictEqual(list.itemDefaults?.data, { doc: 'column', dataset: 'iapt', table: 'IAPT_demographics_and_referral' });
    assert.strictEqual(list.items.length, 193);
    assert.ok(list.items.every((i) => !i.textEdit && !i.data && !i.detail), 'every item uses the defaults, and its detail waits for resolve');
    // The same labels as a client without itemDefaults gets, and about a third of the bytes.
    const client = new Client();
    await client.init;
    await client.open(uri, text);
    const plain = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: offset } });
    await client.stop();
    assert.deepStrictEqual(labels(list), labels(plain));
    assert.ok(JSON.stringify(list).length < JSON.stringify(plain).length / 2, `${JSON.stringify(list).length} vs ${JSON.stringify(plain).length}`);
    // The client puts the default data on the item it resolves, as vscode-languageclient does.
    const phq9 = { ...list.items.find((i) => i.label === 'phq9_firstscore'), data: list.itemDefaults?.data } as CompletionItem;
    const resolved = await vscodeLike.conn.sendRequest<CompletionItem>('completionItem/resolve', phq9);
    assert.match(JSON.stringify(resolved.documentation), /phq9_firstscore.*IAPT_demographics_and_referral/);
    assert.strictEqual(resolved.detail, 'number 0–27 · IAPT_demographics_and_referral · iapt');
    await vscodeLike.stop();
  });
});

describe('LSP: odd client capabilities', function () {
  this.timeout(30000);

  it('serves a client whose resolveSupport lists no properties', async () => {
    // (A client with no capabilities at all gets an error from vscode-languageserver itself, before this server's
    // handler runs: the protocol requires them.)
    const uri = 'file:///tmp/lsp-odd-capabilities.sql';
    const { text, offset } = caret('SELECT r.phq|\nFROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r');
    const client = new Client(undefined, [], { textDocument: { completion: { completionItem: { resolveSupport: {} } } } });
    await client.init;
    const opened = await client.open(uri, text);
    assert.deepStrictEqual(opened.diagnostics.map((d) => d.code), ['unknown-column']);
    const answer = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: offset } });
    assert.ok(labels(answer).includes('phq9_firstscore'));
    await client.stop();
  });
});
