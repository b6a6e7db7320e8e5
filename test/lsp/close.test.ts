// A document closed while the server waits for the client's settings gets no diagnostics after the close
// (found by review: the validation went on after the settings came, and published for the closed document).

import * as assert from 'assert';
import { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { Client } from './client';

describe('LSP: a document closed while its settings are asked for', function () {
  this.timeout(30000);

  it('gets no diagnostics after the close', async () => {
    const client = new Client(undefined, [], { workspace: { configuration: true } });
    let release: (() => void) | undefined;
    let asked: (() => void) | undefined;
    client.conn.onRequest('client/registerCapability', () => null);
    client.conn.onRequest('workspace/configuration', async (p: { items: { scopeUri?: string }[] }) => {
      if (p.items[0]?.scopeUri && asked) {
        asked();
        await new Promise<void>((r) => (release = r));
      }
      return p.items.map(() => ({}));
    });
    await client.init;
    const uri = 'file:///tmp/closed-while-asking.sql';
    const published: number[] = [];
    client.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri) published.push(p.diagnostics.length);
    });
    const wasAsked = new Promise<void>((r) => (asked = r));
    const text = 'SELECT r.nosuch FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r';
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version: 1, text } });
    await wasAsked;
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await new Promise((r) => setTimeout(r, 300));
    release?.();
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepStrictEqual(published, [0], 'only the empty list sent on close');
    await client.stop();
  });
});
