// A document opened as the server starts, while it still asks the client which catalogues to load, ends with the
// diagnostics of those catalogues (found by review: it kept those of the embedded catalogue until edited).

import * as assert from 'assert';
import * as path from 'path';
import { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { REPO } from '../iapt';
import { Client } from './client';

describe('LSP: a document opened while the server loads the configured catalogues', function () {
  this.timeout(30000);

  it('ends with the diagnostics of those catalogues', async () => {
    const file = path.join(REPO, 'examples/catalogues/myproject.catalogue.yaml');
    const client = new Client(undefined, [], { workspace: { configuration: true } });
    client.conn.onRequest('client/registerCapability', () => null);
    client.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ catalogues: [file] })));
    const uri = 'file:///tmp/startup.sql';
    const published: string[][] = [];
    client.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri) published.push(p.diagnostics.map((d) => String(d.code)));
    });
    await client.init;
    // At once, as an editor does with the file that made it start the server.
    const text = "SELECT o.recovery, o.recovred FROM LLC_1234.MYP_outcomes o WHERE o.recovery = '2'";
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version: 1, text } });
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepStrictEqual(published.at(-1), ['unknown-column', 'invalid-value'], JSON.stringify(published));
    await client.stop();
  });
});
