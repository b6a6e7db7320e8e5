// A Stata do-file through the bundled server (`node dist/server.js --stdio`), as an editor sends it.

import * as assert from 'assert';
import { CodeAction, CompletionItem, CompletionList, Hover } from 'vscode-languageserver-protocol';
import { caret } from '../helpers';
import { Client, labels } from './client';

describe('LSP over stdio: Stata do-files', function () {
  this.timeout(30000);
  let client: Client;

  before(async () => {
    client = new Client();
    await client.init;
  });

  after(async () => client.stop());

  it('diagnoses, completes, hovers and fixes a do-file', async () => {
    const uri = 'file:///tmp/lsp-test.do';
    const fixture =
      'odbc load, exec("SELECT pathwayid, endcode, phq9_firstscore, phq9_lastscore FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]") dsn(LLC_DB) clear\n' +
      'gen byte improved = phq9_lastscore < phq9_firstscore\n' +
      'tabulate improved Endcode\n' +
      'summarize phq9_* if |\n';
    const { text, offset } = caret(fixture);
    const diags = await client.open(uri, text, 'stata');
    assert.deepStrictEqual(diags.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['unknown-column', 2, 18]]);

    const completion = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: offset - text.lastIndexOf('\n', offset - 1) - 1 } });
    assert.deepStrictEqual(labels(completion), ['pathwayid', 'endcode', 'phq9_firstscore', 'phq9_lastscore', 'improved']);

    const wildcard = await client.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 12 } });
    assert.match(JSON.stringify(wildcard.contents), /expands to 2 variables/);
    const column = await client.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 24 } });
    assert.match(JSON.stringify(column.contents), /phq9_lastscore/);

    const actions = await client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diags.diagnostics[0].range, context: { diagnostics: diags.diagnostics } });
    assert.deepStrictEqual(actions[0].edit?.changes?.[uri], [{ range: diags.diagnostics[0].range, newText: 'endcode' }]);
  });
});
