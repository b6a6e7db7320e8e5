// Many long scripts open: the server keeps the models of only the few large documents used last
// (RETAINED_LARGE), and a script whose model it let go still answers, after edits too, as a fresh open does.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CompletionItem, CompletionList, Hover } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LARGE_DOCUMENT } from '../../server/src/large-document';
import { RETAINED_LARGE } from '../../server/src/models';
import { REPO } from '../iapt';
import { Client, labels } from './client';

describe('LSP: more long scripts open than the server keeps models of', function () {
  this.timeout(60000);

  it('answers in a script whose model was let go as in one it kept, and as a fresh open after an edit', async () => {
    const example = fs.readFileSync(path.join(REPO, 'examples/r/recovery-rates.R'), 'utf8');
    const text = example.repeat(Math.ceil(LARGE_DOCUMENT / example.length)) + fs.readFileSync(path.join(REPO, 'examples/r/mistakes.R'), 'utf8');
    const client = new Client();
    await client.init;
    const uris = Array.from({ length: RETAINED_LARGE + 2 }, (_, i) => `file:///tmp/long${i}.R`);
    const opened = [];
    for (const uri of uris) opened.push(await client.open(uri, text, 'r'));
    assert.ok(opened[0].diagnostics.length >= 1, 'the deliberate mistake is found');
    for (const d of opened) assert.deepStrictEqual(d.diagnostics, opened[0].diagnostics);

    // The first was used longest ago (its model was let go), the last just now.
    const first = uris[0];
    const last = uris[uris.length - 1];
    const doc = TextDocument.create(first, 'r', 1, text);
    for (const word of ['phq9_firstscore', '  SELECT ', 'rates$', 'filter(']) {
      const at = text.indexOf(word) + word.length;
      const position = doc.positionAt(at);
      const ask = <T>(method: string, uri: string): Promise<T> => client.conn.sendRequest<T>(method, { textDocument: { uri }, position });
      const offered = labels(await ask<CompletionItem[] | CompletionList>('textDocument/completion', first));
      assert.ok(offered.length > 0, `completion after ${word}`);
      assert.deepStrictEqual(offered, labels(await ask<CompletionItem[] | CompletionList>('textDocument/completion', last)), `completion after ${word}`);
      const hover = doc.positionAt(text.indexOf(word) + 1);
      const h1 = await client.conn.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: first }, position: hover });
      const h2 = await client.conn.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: last }, position: hover });
      assert.deepStrictEqual(h1, h2, `hover on ${word}`);
    }

    // An edit in a script whose model was let go (uris[1]: the requests above made uris[0]'s again).
    const edited = uris[1];
    const at = text.indexOf('phq9_firstscore');
    const change = { range: { start: doc.positionAt(at), end: doc.positionAt(at + 4) }, text: 'phq7' };
    const next = client.nextDiagnostics(edited);
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: edited, version: 2 }, contentChanges: [change] });
    const after = await next;
    const fresh = await client.open('file:///tmp/fresh.R', TextDocument.applyEdits(doc, [{ range: change.range, newText: change.text }]), 'r');
    assert.ok(after.diagnostics.length > opened[0].diagnostics.length, 'the edit made a new mistake');
    assert.deepStrictEqual(after.diagnostics, fresh.diagnostics);
    await client.stop();
  });
});
