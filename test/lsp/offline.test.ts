// The server opens no network connection, writes no file, and reads only its own bundle, the catalogues
// it ships and the catalogues the user configured. Proven by running a full session under a guard.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CodeAction, CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { REPO } from '../iapt';
import { Client, labels } from './client';

describe('LSP: offline and read-only', function () {
  this.timeout(30000);

  it('makes no network attempt, writes nothing and reads only allowed files during a full session', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-guard-'));
    const log = path.join(dir, 'guard.log');
    const userCatalogue = path.join(REPO, 'examples/catalogues/myproject.catalogue.yaml');
    // A configured folder: only its catalogue files are read, not what else it holds.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-guard-folder-'));
    const inFolder = path.join(folder, 'other.catalogue.yaml');
    fs.writeFileSync(inFolder, fs.readFileSync(userCatalogue, 'utf8').replace('id: myproject', 'id: other').replace(/MYP_/g, 'OTH_'));
    fs.writeFileSync(path.join(folder, 'secrets.txt'), 'not for the server');
    fs.writeFileSync(path.join(folder, 'notes.yaml'), 'a: 1\n');
    process.env.TRE_GUARD_LOG = log;
    const client = new Client({ settings: { catalogues: [userCatalogue, folder] } }, ['--require', path.join(REPO, 'test/lsp/guard.cjs')]);
    delete process.env.TRE_GUARD_LOG;
    await client.init;
    const uri = 'file:///tmp/guarded.sql';
    const d = await client.open(uri, "SELECT r.phq9_firstscor FROM nhsd.IAPT_demographics_and_referral_v0003 r WHERE r.endcode = '46'");
    assert.strictEqual(d.diagnostics.length, 1);
    const items = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 9 } });
    assert.ok(labels(items).length > 100);
    await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 40 } });
    const actions = await client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.diagnostics[0].range, context: { diagnostics: d.diagnostics } });
    assert.ok(actions.length > 0);
    await client.conn.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 40 } });
    await client.stop();

    const events = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { kind: string; detail: string }) : [];
    assert.ok(events.some((e) => e.kind === 'read'), 'the guard saw the server read its files');
    assert.deepStrictEqual(events.filter((e) => e.kind === 'network'), []);
    assert.deepStrictEqual(events.filter((e) => e.kind === 'write'), []);
    const allowed = [path.join(REPO, 'dist') + path.sep, path.join(REPO, 'schemas') + path.sep, path.join(REPO, 'snippets') + path.sep, userCatalogue, inFolder];
    const reads = events.filter((e) => e.kind === 'read').map((e) => e.detail);
    const unexpected = reads.filter((r) => !allowed.some((a) => r === a || r.startsWith(a)) && !r.includes('node_modules') && !r.startsWith('/proc/'));
    assert.deepStrictEqual(unexpected, []);
    assert.ok(reads.includes(inFolder), 'the folder’s catalogue was read');
  });

  it('skips documents over treCatalogue.maxFileSize with a notice, and keeps serving others', async () => {
    const client = new Client({ settings: { maxFileSize: 1000 } });
    const notices: string[] = [];
    client.conn.onNotification('window/showMessage', (p: { message: string }) => {
      notices.push(p.message);
    });
    await client.init;
    const big = 'SELECT r.bad FROM nhsd.IAPT_care_cluster_v0003 r;\n'.repeat(100);
    const d = await client.open('file:///tmp/big.sql', big);
    assert.deepStrictEqual(d.diagnostics, []);
    assert.ok(notices.some((m) => /big\.sql has 5,000 characters, more than treCatalogue\.maxFileSize/.test(m)), notices.join('\n'));
    const small = await client.open('file:///tmp/small.sql', 'SELECT r.bad FROM nhsd.IAPT_care_cluster_v0003 r');
    assert.strictEqual(small.diagnostics.length, 1);
    await client.stop();
  });
});
