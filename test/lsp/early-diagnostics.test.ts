// After an edit the server may send diagnostics before its re-check reaches the end of the script (when the
// rest is as at the last full check): the first diagnostics of each version must be those of a fresh open.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { REPO } from '../iapt';
import { Client } from './client';

function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const LANGUAGES = [
  { languageId: 'sql', folder: 'examples/sql', extension: 'sql', pieces: ['r.', 'x', 'phq9_', ' ', '\n', "'", ';', 'SELECT ', 'INTO #t ', '#t', "'46'", '--'] },
  { languageId: 'r', folder: 'examples/r', extension: 'R', pieces: ['r.', 'x', 'phq9_', ' ', '\n', '"', '(', ')', '$', '%>%', 'x <- ', "'46'", '#'] },
  { languageId: 'stata', folder: 'examples/stata', extension: 'do', pieces: ['x', 'phq9_', ' ', '\n', '"', '(', ')', '`', "'", 'generate y = 1\n', '//', '"46"'] },
];

describe('LSP: diagnostics after an edit to a long script', function () {
  this.timeout(120000);

  for (const { languageId, folder: examples, extension, pieces } of LANGUAGES) {
  it(`${languageId}: the first diagnostics of each edited version are those of a fresh open of its text`, async () => {
    const client = new Client();
    await client.init;
    const folder = path.join(REPO, examples);
    const one = fs.readdirSync(folder).map((f) => fs.readFileSync(path.join(folder, f), 'utf8')).join('\n');
    // Long enough that a re-check takes several steps.
    const original = Array.from({ length: 30 }, () => one).join('\n');
    const uri = `file:///tmp/early.${extension}`;
    await client.open(uri, original, languageId);
    let doc = TextDocument.create(uri, languageId, 1, original);
    const random = prng(99);
    const strip = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => ({ range: d.range, code: d.code, message: d.message }));
    for (let version = 2; version <= 25; version++) {
      const text = doc.getText();
      const at = Math.floor(random() * text.length);
      const cut = random() < 0.3 ? Math.floor(random() * 6) : 0;
      const insert = pieces[Math.floor(random() * pieces.length)];
      const range = { start: doc.positionAt(at), end: doc.positionAt(Math.min(text.length, at + cut)) };
      doc = TextDocument.update(doc, [{ range, text: insert }], version);
      const next = client.nextDiagnostics(uri);
      await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
      let edited = await next;
      while (edited.version !== version) edited = await client.nextDiagnostics(uri);
      const freshUri = `file:///tmp/early-fresh-${version}.${extension}`;
      const fresh = await client.open(freshUri, doc.getText(), languageId);
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri } });
      assert.deepStrictEqual(strip(edited), strip(fresh), `version ${version}: '${insert}' at ${at}`);
      // Now and then typing stops long enough (the server's idle wait is 1 s) for the re-check to go on to the end
      // and become the check the next versions are compared with.
      if (version % 8 === 0) await new Promise((resolve) => setTimeout(resolve, 1300));
    }
    await client.stop();
  });
  }
});
