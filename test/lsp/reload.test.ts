// A configuration change that names many large catalogues: the server keeps answering while it loads them (one
// file per turn of its event loop), against the catalogues it had, and then serves the new ones.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CompletionItem, CompletionList, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { IAPT_FILE } from '../iapt';
import { Client, labels } from './client';

const COPIES = 15;
const IAPT = fs.readFileSync(IAPT_FILE, 'utf8');

/** Copies of the IAPT catalogue (0.2 MB each), each its own dataset with its own table names (`C07_...`). */
function copies(): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-reload-'));
  return Array.from({ length: COPIES }, (_, i) => {
    const id = `c${String(i).padStart(2, '0')}`;
    const file = path.join(dir, `${id}.catalogue.yaml`);
    fs.writeFileSync(file, IAPT.replace(/^ {2}id: iapt$/m, `  id: ${id}`).replace(/IAPT_/g, `${id.toUpperCase()}_`));
    return file;
  });
}

/** Tables of the copies among completion labels, by copy: `nhsd.C07_care_cluster_v0003` → `c07`. */
const copiesIn = (names: string[]): string[] => [...new Set(names.flatMap((l) => /^nhsd\.(C\d\d)_/.exec(l)?.[1].toLowerCase() ?? []))].sort();

describe('LSP: many large user catalogues in a configuration change', function () {
  this.timeout(120000);
  const uri = 'file:///tmp/reload.sql';
  const position = { line: 0, character: 'SELECT * FROM '.length };
  let client: Client;
  /** Every publishDiagnostics, in the order they came. */
  const published: string[] = [];
  let heard = (): void => undefined;
  /** Resolves once `uri` has had diagnostics published `count` times in all. */
  const publishedFor = (file: string, count = 1): Promise<void> => {
    const wanted = pathToFileURL(file).toString();
    return new Promise((resolve) => {
      const before = heard;
      heard = () => {
        before();
        if (published.filter((u) => u === wanted).length >= count) resolve();
      };
      heard();
    });
  };
  const complete = async (): Promise<string[]> => labels(await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position }));
  const timesPublished = (file: string): number => published.filter((u) => u === pathToFileURL(file).toString()).length;

  beforeEach(async () => {
    published.length = 0;
    heard = () => undefined;
    client = new Client({ settings: { catalogues: [] } });
    await client.init;
    await client.open(uri, 'SELECT * FROM ');
    // From here the test takes the diagnostics notifications over from the client.
    client.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.push(p.uri);
      heard();
    });
  });
  afterEach(() => client.stop());

  it('answers a completion sent right after the change from the catalogues it had, before the last file is loaded, then serves every new one', async () => {
    const files = copies();
    assert.deepStrictEqual(copiesIn(await complete()), []);
    const last = files[files.length - 1];
    const loaded = publishedFor(last);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { treCatalogue: { catalogues: files } } });
    const during = await complete();
    const seenWhenAnswered = files.filter((f) => timesPublished(f) > 0);
    await loaded;
    assert.deepStrictEqual(seenWhenAnswered, [], 'the completion was answered before any new catalogue was reported');
    assert.ok(during.includes('nhsd.IAPT_care_cluster_v0003'), 'answered from the embedded catalogue');
    assert.deepStrictEqual(copiesIn(during), [], 'answered from the catalogues as they were');
    const after = await complete();
    assert.deepStrictEqual(copiesIn(after), files.map((f) => path.basename(f, '.catalogue.yaml')));
    assert.strictEqual(after.filter((l) => l.startsWith('nhsd.C')).length, COPIES * 9);
    // Each file's problems (none) went out once.
    assert.deepStrictEqual(files.map(timesPublished), files.map(() => 1));
  });

  it('lets a later change made while the catalogues load win, and reports only its files, once each', async () => {
    const files = copies();
    const first = files.slice(0, 10);
    const second = files.slice(5);
    const loaded = publishedFor(files[files.length - 1]);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { treCatalogue: { catalogues: first } } });
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { treCatalogue: { catalogues: second } } });
    await loaded;
    assert.deepStrictEqual(copiesIn(await complete()), second.map((f) => path.basename(f, '.catalogue.yaml')));
    assert.deepStrictEqual(
      files.map(timesPublished),
      files.map((f) => (second.includes(f) ? 1 : 0)),
      'the overtaken change reported nothing; the later one reported each of its files once',
    );
  });
});
