// Quick fixes on a partial model (as while typing goes on): the same as on a fresh open of the same text.

import * as assert from 'assert';
import { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { Client } from './client';

const TABLE = '[LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]';
const statement = (column: string): string => `SELECT r.${column}\nFROM ${TABLE} r;\n`;

describe('LSP: code actions while typing', function () {
  this.timeout(60000);

  it('fixes above and below the caret are those of a fresh open, with the model re-read only as far as needed', async () => {
    const client = new Client();
    await client.init;
    const body = Array.from({ length: 400 }, (_, i) => statement(i === 3 ? 'phq9_firstscor' : i === 390 ? 'gad7_lastscor' : 'pathwayid')).join('');
    const uri = 'file:///tmp/actions.sql';
    await client.open(uri, body);
    // A keystroke on line 20 and a completion there: the model now stops near the caret.
    const at = { line: 20, character: 0 };
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: ' ' }] });
    await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 20, character: 1 } });
    const text = body.split('\n').map((l, i) => (i === 20 ? ' ' + l : l)).join('\n');
    const fresh = await client.open('file:///tmp/actions-fresh.sql', text);
    assert.strictEqual(fresh.diagnostics.length, 2, 'one unknown column above the caret and one far below');
    const actions = (u: string, d: Diagnostic) => client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
    for (const d of fresh.diagnostics) {
      const mine = await actions(uri, d);
      const theirs = await actions('file:///tmp/actions-fresh.sql', d);
      assert.ok(mine.length > 0, `a fix on line ${d.range.start.line}`);
      assert.deepStrictEqual(mine.map((a) => a.title), theirs.map((a) => a.title));
      assert.deepStrictEqual(mine.map((a) => a.edit?.changes?.[uri]), theirs.map((a) => a.edit?.changes?.['file:///tmp/actions-fresh.sql']));
    }
    await client.stop();
  });
});
