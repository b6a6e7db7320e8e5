// A user catalogue changed while the server runs: saved from the editor, or changed on disk by something else.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { CHANGED_NOTIFICATION } from '../../server/src/protocol';
import { REPO } from '../iapt';
import { Client, labels } from './client';

const MYPROJECT = fs.readFileSync(path.join(REPO, 'examples/catalogues/myproject.catalogue.yaml'), 'utf8');

/** Long enough for the file watcher (it looks every 500 ms) to have seen a change. */
const WATCHER_SETTLES_MS = 2000;
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, WATCHER_SETTLES_MS));

describe('LSP: a user catalogue that changes', function () {
  this.timeout(60000);
  const sql = 'file:///tmp/saved.sql';
  const position = { line: 0, character: 'SELECT * FROM '.length };
  let client: Client;
  let file: string;
  let changes = 0;
  let changed: () => void = () => undefined;
  const nextChange = (): Promise<void> => new Promise((r) => (changed = r));
  const tables = async (): Promise<string[]> =>
    labels(await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: sql }, position })).filter((l) => /MYP_|OURS_/.test(l));

  beforeEach(async () => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tre-saved-')), 'myproject.catalogue.yaml');
    fs.writeFileSync(file, MYPROJECT);
    changes = 0;
    client = new Client({ settings: { catalogues: [file] } });
    client.conn.onNotification(CHANGED_NOTIFICATION, () => {
      changes++;
      changed();
    });
    await client.init;
    await client.open(sql, 'SELECT * FROM ');
  });
  afterEach(() => client.stop());

  it('reloads a catalogue changed on disk', async () => {
    assert.ok((await tables()).some((l) => l.includes('MYP_outcomes')));
    const next = nextChange();
    fs.writeFileSync(file, MYPROJECT.replace('- name: MYP_outcomes', '- name: MYP_results'));
    await next;
    const now = await tables();
    assert.ok(now.some((l) => l.includes('MYP_results')) && !now.some((l) => l.includes('MYP_outcomes')), now.join(', '));
  });

  it('a column added to an IAPT table in the user’s catalogue clears the false alarm on it in an open script', async () => {
    const script = 'file:///tmp/v0003-column.sql';
    const found = await client.open(script, 'SELECT a.brandnewcolumn FROM nhsd.IAPT_care_activities_v0003 a');
    assert.deepStrictEqual(found.diagnostics.map((d) => d.code), ['unknown-column']);
    const cleared = client.nextDiagnostics(script);
    const table = '  - name: IAPT_care_activities\n    title: v0003 columns\n    columns:\n      - name: brandnewcolumn\n        provenance: { status: VERIFIED, source: DESCS }\n      - name: consmechanism\n        provenance: { status: VERIFIED, source: DESCS }\n';
    fs.writeFileSync(file, MYPROJECT.trimEnd() + '\n' + table);
    assert.deepStrictEqual((await cleared).diagnostics, []);
    const hover = await client.conn.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: script }, position: { line: 0, character: 12 } });
    assert.match(hover.contents.value, /Name: VERIFIED \(DESCS\)/);
    // A predicted name the file confirms: go to definition offers both entries.
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: script, version: 2 }, contentChanges: [{ text: 'SELECT a.consmechanism FROM nhsd.IAPT_care_activities_v0003 a' }] });
    const targets = await client.conn.sendRequest<{ uri: string }[]>('textDocument/definition', { textDocument: { uri: script }, position: { line: 0, character: 12 } });
    assert.deepStrictEqual(targets.map((t) => path.basename(new URL(t.uri).pathname)), ['iapt.catalogue.yaml', 'myproject.catalogue.yaml']);
  });

  it('reloads a catalogue saved from the editor once, not again when the watcher sees the same file', async () => {
    const uri = pathToFileURL(file).toString();
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: MYPROJECT } });
    const text = MYPROJECT.replace('- name: MYP_outcomes', '- name: MYP_results');
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    // As an editor saves: the file is written, then didSave is sent.
    const next = nextChange();
    fs.writeFileSync(file, text);
    await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
    await next;
    await settle();
    assert.strictEqual(changes, 1, 'one reload (and one check of every open document) for one save');
    assert.ok((await tables()).some((l) => l.includes('MYP_results')));
  });
});
