// A Stata do-file through the bundled server (`node dist/server.js --stdio`), as an editor sends it.

import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { CodeAction, CompletionItem, CompletionList, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { caret } from '../helpers';
import { REPO } from '../iapt';

const SERVER = path.join(REPO, 'dist', 'server.js');
const labels = (r: CompletionItem[] | CompletionList | null): string[] => (Array.isArray(r) ? r : r?.items ?? []).map((i) => i.label);

describe('LSP over stdio: Stata do-files', function () {
  this.timeout(30000);
  let proc: ChildProcess;
  let conn: MessageConnection;
  const published = new Map<string, (p: PublishDiagnosticsParams) => void>();

  before(async () => {
    if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` first');
    proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => published.get(p.uri)?.(p));
    conn.onNotification('window/showMessage', () => undefined);
    conn.onNotification('window/logMessage', () => undefined);
    conn.onRequest('window/showMessageRequest', () => null);
    conn.listen();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await conn.sendNotification('initialized', {});
  });

  after(async () => {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    conn.dispose();
    await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.on('exit', r)));
  });

  it('diagnoses, completes, hovers and fixes a do-file', async () => {
    const uri = 'file:///tmp/lsp-test.do';
    const fixture =
      'odbc load, exec("SELECT pathwayid, endcode, phq9_firstscore, phq9_lastscore FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]") dsn(LLC_DB) clear\n' +
      'gen byte improved = phq9_lastscore < phq9_firstscore\n' +
      'tabulate improved Endcode\n' +
      'summarize phq9_* if |\n';
    const { text, offset } = caret(fixture);
    const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) => published.set(uri, resolve));
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'stata', version: 1, text } });
    const diags = await diagnostics;
    assert.deepStrictEqual(diags.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['unknown-column', 2, 18]]);

    const completion = await conn.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: offset - text.lastIndexOf('\n', offset - 1) - 1 } });
    assert.deepStrictEqual(labels(completion), ['pathwayid', 'endcode', 'phq9_firstscore', 'phq9_lastscore', 'improved']);

    const wildcard = await conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 12 } });
    assert.match(JSON.stringify(wildcard.contents), /expands to 2 variables/);
    const column = await conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 24 } });
    assert.match(JSON.stringify(column.contents), /phq9_lastscore/);

    const actions = await conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diags.diagnostics[0].range, context: { diagnostics: diags.diagnostics } });
    assert.deepStrictEqual(actions[0].edit?.changes?.[uri], [{ range: diags.diagnostics[0].range, newText: 'endcode' }]);
  });
});
