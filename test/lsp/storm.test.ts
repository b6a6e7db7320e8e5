// A storm of 10,000 incremental edits ends in exactly the state a fresh open of the final text gives.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItem, CompletionList, Hover } from 'vscode-languageserver-protocol';
import { REPO } from '../iapt';
import { Client, labels } from './client';
import { LARGE_DOCUMENT } from '../../server/src/large-document';

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const FILES: Record<string, string> = {
  sql: 'examples/sql/recovery-rates.sql',
  r: 'examples/r/recovery-rates.R',
  stata: 'examples/stata/recovery-by-referral.do',
};
const PIECES = ['r.', 'phq9_', 'pathwayid', ' ', '\n', "'", '"', '(', ')', ',', 'x', 'FROM ', '$', '%>%', '--', '/*', '*/', '\r\n', 'é', '😀'];

describe('LSP: 10,000 incremental edits', function () {
  this.timeout(120000);
  for (const [languageId, file] of Object.entries(FILES)) {
    it(`${languageId}: the edited document and a fresh open of its final text agree`, () => storm(languageId, fs.readFileSync(path.join(REPO, file), 'utf8'), 10000));
  }
  // From LARGE_DOCUMENT on the server keeps the text as a LargeDocument (server/src/large-document.ts), and from a
  // million characters on its strings are made outside V8's heap.
  for (const size of [LARGE_DOCUMENT, 1_100_000]) {
    it(`sql of ${size} characters: 500 edits, then the same state as a fresh open`, () => {
      const example = fs.readFileSync(path.join(REPO, FILES.sql), 'utf8');
      return storm('sql', example.repeat(Math.ceil(size / example.length)), 500);
    });
  }
});

async function storm(languageId: string, original: string, edits: number): Promise<void> {
  const client = new Client();
  await client.init;
  const uri = `file:///tmp/storm.${languageId}`;
  await client.open(uri, original, languageId);
  let doc = TextDocument.create(uri, languageId, 1, original);
  const random = prng(7);
  for (let version = 2; version <= edits + 1; version++) {
    const text = doc.getText();
    const at = Math.floor(random() * (text.length + 1));
    const deleteLength = random() < 0.4 ? Math.floor(random() * Math.min(8, text.length - at)) : 0;
    const insert = random() < 0.7 ? PIECES[Math.floor(random() * PIECES.length)] : '';
    // Never split a surrogate pair: editors do not either.
    const safe = (o: number): number => (o > 0 && o < text.length && /[\udc00-\udfff]/.test(text[o]) ? o + 1 : o);
    const start = safe(at);
    const end = safe(Math.min(text.length, start + deleteLength));
    const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
    doc = TextDocument.update(doc, [{ range, text: insert }], version);
    void client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
  }
  const final = doc.getText();
  let edited = await client.nextDiagnostics(uri);
  while (edited.version !== edits + 1) edited = await client.nextDiagnostics(uri);
  const freshUri = `file:///tmp/fresh.${languageId}`;
  const fresh = await client.open(freshUri, final, languageId);
  const strip = (d: typeof fresh.diagnostics) => d.map((x) => ({ range: x.range, code: x.code, message: x.message }));
  assert.deepStrictEqual(strip(edited.diagnostics), strip(fresh.diagnostics));
  // Completion and hover answer the same at positions spread over the text.
  for (let k = 0; k <= 10; k++) {
    const position = doc.positionAt(Math.floor((final.length * k) / 10));
    const a = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    const b = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: freshUri }, position });
    assert.deepStrictEqual(labels(a), labels(b));
    const h1 = await client.conn.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    const h2 = await client.conn.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: freshUri }, position });
    assert.deepStrictEqual(h1, h2);
  }
  await client.stop();
}
