// A long script stays responsive: after a pause in typing the server re-analyses it (from the edit to the end)
// and checks every reference, in steps, so a keystroke that comes meanwhile is answered first.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { REPO } from '../iapt';
import { Client, items } from './client';

const folder = path.join(REPO, 'examples/r');
const examples = fs
  .readdirSync(folder)
  .sort()
  .map((f) => fs.readFileSync(path.join(folder, f), 'utf8'))
  .join('\n');
// About 30,000 lines of the R examples: a full re-analysis takes the server several hundred milliseconds.
const LONG = Array.from({ length: 250 }, () => examples).join('\n');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
// An edit at the top that changes a fact of the whole script (it loads unseen variables), so that the re-check
// cannot become the same as the last one early (Analyser.sameAs) and must read everything after it again.
const OPAQUE = 'source("setup.R")\n';
const top = { line: 0, character: 0 };
// A script opened and checked has a last check to compare with, so the server waits 50 ms of no typing before it
// re-checks. Past that, and well before the re-check can end: on a fast machine 30,000 lines of R take the server
// about 250 ms, and a wait of 320 ms (the longest pause, with no last check) let it finish first.
const PAST_THE_PAUSE = 120;

describe('LSP over stdio: responsive on a long script', function () {
  this.timeout(120000);
  let client: Client;
  before(async () => {
    client = new Client();
    await client.init;
  });
  after(() => client.stop());

  it('answers completion while the diagnostics of an edit are being worked out, then publishes those of the new text', async () => {
    const uri = 'file:///long.R';
    await client.open(uri, LONG, 'r');
    const caret = LONG.indexOf('$', LONG.indexOf('$') + 1) + 1;
    const before = LONG.slice(0, caret);
    const position = { line: before.split('\n').length - 1, character: caret - before.lastIndexOf('\n') - 1 };
    let published = 0;
    const diagnosed = new Promise<PublishDiagnosticsParams>((resolve) => {
      const wait = (): void =>
        void client.nextDiagnostics(uri).then((p) => {
          if (p.version === 2) {
            published = Date.now();
            resolve(p);
          } else wait();
        });
      wait();
    });
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: top, end: top }, text: OPAQUE }] });
    // Past the pause: the diagnostics of version 2 are under way.
    const started = Date.now();
    await sleep(PAST_THE_PAUSE);
    const answer = await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { ...position, line: position.line + 1 } });
    const answered = Date.now();
    const result = await diagnosed;
    assert.ok(items(answer as never).length > 0, 'completion answers with columns');
    assert.ok(answered < published, `completion answered ${answered - started} ms after the edit, diagnostics ${published - started} ms after it`);
    // The diagnostics are those of the whole new text.
    const fresh = await client.open('file:///fresh.R', OPAQUE + LONG, 'r');
    assert.deepStrictEqual(result.diagnostics, fresh.diagnostics);
  });

  it('drops the diagnostics of a script closed while they are worked out', async () => {
    const uri = 'file:///closed.R';
    const opened = await client.open(uri, LONG + '\nref$phq9_firstscor\n', 'r');
    assert.ok(opened.diagnostics.length > 0, 'the script has a finding');
    const published: number[] = [];
    // The last test of the file: it takes the diagnostics notifications over from the client.
    client.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri) published.push(p.diagnostics.length);
    });
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: top, end: top }, text: OPAQUE }] });
    await sleep(PAST_THE_PAUSE);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    // Long enough for the re-check to have finished, had it gone on.
    await sleep(1500);
    assert.deepStrictEqual(published, [0], 'only the empty list sent on close');
  });
});
