// R through the bundled server (`node dist/server.js --stdio`), as an editor uses it.

import * as assert from 'assert';
import { CodeAction, CompletionItem, CompletionList, Hover } from 'vscode-languageserver-protocol';
import { caret } from '../helpers';
import { Client, labels } from './client';

describe('LSP over stdio: R scripts', function () {
  this.timeout(30000);
  let client: Client;
  before(async () => {
    client = new Client();
    await client.init;
  });
  after(async () => client.stop());

  it('completes, hovers, diagnoses and fixes an R script', async () => {
    const uri = 'file:///tmp/lsp-test.R';
    const fixture = [
      'ref <- sqlQuery(conn, "SELECT * FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] WHERE endcod = \'46\'")',
      'summary(ref$PHQ9_FirstScore)',
      'ref %>% filter(|)',
    ].join('\n');
    const { text, offset } = caret(fixture);
    const diags = await client.open(uri, text, 'r');
    assert.deepStrictEqual(diags.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [
      ['unknown-column', 0, text.indexOf('endcod')],
      ['unknown-column', 1, 'summary(ref$'.length],
    ]);

    const lastLine = text.split('\n')[2];
    const position = { line: 2, character: offset - (text.length - lastLine.length) };
    const completion = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    assert.ok(labels(completion).includes('phq9_firstscore'));

    const hover = await client.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: text.indexOf('nhsd_IAPT') + 5 } });
    assert.match(JSON.stringify(hover.contents), /IAPT_demographics_and_referral/);

    const actions = await client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diags.diagnostics[1].range,
      context: { diagnostics: diags.diagnostics },
    });
    assert.strictEqual(actions[0].title, "Change to 'phq9_firstscore'");
  });
});
