// Where a relative path in treCatalogue.catalogues points: into the workspace folder; with none open, nowhere (it
// is not loaded, and the user is told once), not into whatever folder the editor started the server in.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CompletionItem, CompletionList, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { CHANGED_NOTIFICATION } from '../../server/src/protocol';
import { REPO } from '../iapt';
import { Client, labels } from './client';

const MINE = fs.readFileSync(path.join(REPO, 'examples/catalogues/myproject.catalogue.yaml'), 'utf8');
/** The example catalogue as dataset `id`, its tables named `<PREFIX>_...` (`MYP_outcomes` → `OTH_outcomes`). */
const catalogueAs = (id: string, prefix: string): string => MINE.replace('id: myproject', `id: ${id}`).replace(/MYP_/g, `${prefix}_`);

/** A folder holding `rel.catalogue.yaml`. */
function folderWith(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-relpath-'));
  fs.writeFileSync(path.join(dir, 'rel.catalogue.yaml'), text);
  return dir;
}

describe('LSP: relative catalogue paths', function () {
  this.timeout(30000);
  const uri = 'file:///tmp/relpath.sql';
  const tables = async (client: Client): Promise<string[]> => {
    const r = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 14 } });
    return labels(r).filter((l) => /(MYP|OTH|THR)_outcomes/.test(l));
  };

  it('with no workspace folder, does not load a relative path from the server’s working folder, and says so once', async () => {
    // The server is started in a folder that does hold a file of that name.
    const cwd = folderWith(MINE);
    const client = new Client({ settings: { catalogues: ['rel.catalogue.yaml'] } }, [], {}, { cwd });
    const notices: string[] = [];
    const published: string[] = [];
    client.conn.onNotification('window/showMessage', (p: { message: string }) => void notices.push(p.message));
    await client.init;
    await client.open(uri, 'SELECT * FROM ');
    client.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void published.push(p.uri));
    assert.deepStrictEqual(await tables(client), [], 'the file in the working folder is not loaded');
    // Set again (as each settings change does): still not loaded, and not told again.
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { treCatalogue: { catalogues: ['rel.catalogue.yaml'] } } });
    assert.deepStrictEqual(await tables(client), []);
    const told = notices.filter((m) => m.includes('rel.catalogue.yaml'));
    assert.strictEqual(told.length, 1, notices.join('\n'));
    assert.match(told[0], /relative path, and no workspace folder is open to resolve it against; it is not loaded/);
    assert.ok(!published.includes(pathToFileURL(path.join(cwd, 'rel.catalogue.yaml')).toString()), 'nothing is reported on the file in the working folder');
    await client.stop();
  });

  it('resolves a relative path against the workspace folder, not the server’s working folder', async () => {
    const cwd = folderWith(catalogueAs('other', 'OTH'));
    const root = folderWith(MINE);
    const client = new Client({ settings: { catalogues: ['rel.catalogue.yaml'] } }, [], {}, { cwd, rootUri: pathToFileURL(root).toString() });
    await client.init;
    await client.open(uri, 'SELECT * FROM ');
    assert.deepStrictEqual(await tables(client), ['MYP_outcomes']);
    await client.stop();
  });

  it('expands ~ and ${workspaceFolder}; with no folder open, ${workspaceFolder} is not loaded and the user is told why', async () => {
    const home = folderWith(MINE);
    const root = folderWith(catalogueAs('other', 'OTH'));
    const before = process.env.HOME;
    process.env.HOME = home;
    try {
      const client = new Client({ settings: { catalogues: ['~/rel.catalogue.yaml', '${workspaceFolder}/rel.catalogue.yaml'] } }, [], {}, { rootUri: pathToFileURL(root).toString() });
      await client.init;
      await client.open(uri, 'SELECT * FROM ');
      assert.deepStrictEqual((await tables(client)).sort(), ['MYP_outcomes', 'OTH_outcomes']);
      await client.stop();
      const alone = new Client({ settings: { catalogues: ['${workspaceFolder}/rel.catalogue.yaml'] } });
      const notices: string[] = [];
      alone.conn.onNotification('window/showMessage', (p: { message: string }) => void notices.push(p.message));
      await alone.init;
      await alone.open(uri, 'SELECT * FROM ');
      assert.deepStrictEqual(await tables(alone), []);
      assert.ok(notices.some((m) => m.includes('names ${workspaceFolder}, and no workspace folder is open; it is not loaded')), notices.join('\n'));
      await alone.stop();
    } finally {
      process.env.HOME = before;
    }
  });

  it('loads the catalogue files of a configured folder, and follows files added to it and removed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-catfolder-'));
    const client = new Client({ settings: { catalogues: [dir] } });
    const notices: string[] = [];
    client.conn.onNotification('window/showMessage', (p: { message: string }) => void notices.push(p.message));
    const changed = (): Promise<void> => new Promise((r) => client.conn.onNotification(CHANGED_NOTIFICATION, () => r()));
    await client.init;
    await client.open(uri, 'SELECT * FROM ');
    assert.deepStrictEqual(await tables(client), []);
    assert.ok(notices.some((m) => m.includes(dir) && m.includes('holds no *.catalogue.yaml file yet')), notices.join('\n'));
    let next = changed();
    fs.writeFileSync(path.join(dir, 'mine.catalogue.yaml'), MINE);
    fs.writeFileSync(path.join(dir, 'other.catalogue.yaml'), catalogueAs('other', 'OTH'));
    fs.writeFileSync(path.join(dir, 'notes.yaml'), catalogueAs('third', 'THR'));
    await next;
    // Both files may come in one change or two.
    for (let i = 0; i < 20 && (await tables(client)).length < 2; i++) await new Promise((r) => setTimeout(r, 250));
    assert.deepStrictEqual((await tables(client)).sort(), ['MYP_outcomes', 'OTH_outcomes']);
    next = changed();
    fs.unlinkSync(path.join(dir, 'other.catalogue.yaml'));
    await next;
    assert.deepStrictEqual(await tables(client), ['MYP_outcomes']);
    assert.strictEqual(notices.filter((m) => m.includes('holds no')).length, 1);
    // The folder goes away, then comes back (after the watchers have seen it gone: a rename keeps its time).
    const aside = dir + '.aside';
    next = changed();
    fs.renameSync(dir, aside);
    await next;
    assert.deepStrictEqual(await tables(client), []);
    await new Promise((r) => setTimeout(r, 1500));
    next = changed();
    fs.renameSync(aside, dir);
    await next;
    for (let i = 0; i < 20 && (await tables(client)).length < 1; i++) await new Promise((r) => setTimeout(r, 250));
    assert.deepStrictEqual(await tables(client), ['MYP_outcomes']);
    await client.stop();
  });

  it('a folder of many catalogues that goes away is one notice and one change; a file that is not a catalogue changes nothing', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-manyfolder-'));
    for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(dir, `c${i}.catalogue.yaml`), catalogueAs(`c${i}`, `C${i}`));
    const client = new Client({ settings: { catalogues: [dir] } });
    const notices: string[] = [];
    let changes = 0;
    client.conn.onNotification('window/showMessage', (p: { message: string }) => void notices.push(p.message));
    client.conn.onNotification(CHANGED_NOTIFICATION, () => void changes++);
    await client.init;
    await client.open(uri, 'SELECT * FROM ');
    let published = 0;
    client.conn.onNotification('textDocument/publishDiagnostics', () => void published++);
    const loaded = async (): Promise<number> =>
      labels(await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 14 } })).filter((l) => /^C\d+_outcomes$/.test(l)).length;
    assert.strictEqual(await loaded(), 60);
    // Long enough for every poller to have looked (they poll at most every 0.6 s for 61 paths).
    const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 2500));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a catalogue');
    await settle();
    assert.strictEqual(changes, 0, 'a file that is not a catalogue changes nothing');
    fs.renameSync(dir, dir + '.gone');
    await settle();
    assert.strictEqual(await loaded(), 0);
    assert.strictEqual(changes, 1);
    // The open script's re-check; the catalogue files had no problems to clear.
    assert.strictEqual(published, 1);
    assert.deepStrictEqual(notices, [`TRE Catalogue: the folder "${dir}" (treCatalogue.catalogues) is not there any more; its catalogues are loaded again when it is back.`]);
    fs.renameSync(dir + '.gone', dir);
    await settle();
    assert.strictEqual(await loaded(), 60);
    assert.strictEqual(changes, 2);
    await client.stop();
  });
});
