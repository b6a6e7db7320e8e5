import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, decompile } from '../../server/src/catalogue/compiled';
import { loadCatalogue } from '../../server/src/catalogue/load';
import { CatalogueStore, MAX_CATALOGUE_BYTES } from '../../server/src/catalogue/store';
import { IAPT_FILE, REPO } from '../iapt';

const MINE = path.join(REPO, 'examples/catalogues/myproject.catalogue.yaml');

function tmp(name: string, content?: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tre-store-')), name);
  if (content !== undefined) fs.writeFileSync(file, content);
  return file;
}

const messages = (store: CatalogueStore, file: string): string[] => (store.problems().get(file) ?? []).map((p) => p.message);

describe('catalogue store', () => {
  it('serves the embedded and the user catalogues together', () => {
    const store = new CatalogueStore([IAPT_FILE]);
    store.setUserFiles([MINE]);
    assert.deepStrictEqual(store.catalogue().datasets.map((d) => d.id), ['iapt', 'myproject']);
  });

  it('reports a missing file, a folder and a file over the size limit, and keeps serving the rest', () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir-tre', 'x.catalogue.yaml');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-dir-'));
    const huge = tmp('huge.catalogue.yaml', '# ' + 'x'.repeat(MAX_CATALOGUE_BYTES + 10));
    const store = new CatalogueStore([IAPT_FILE]);
    const started = Date.now();
    store.setUserFiles([missing, folder, huge, MINE]);
    assert.ok(Date.now() - started < 2000, 'a huge file is refused, not parsed');
    assert.match(messages(store, missing)[0], /does not exist/);
    assert.match(messages(store, folder)[0], /folder, not a file/);
    assert.match(messages(store, huge)[0], /5\.0 MB; catalogue files over 5 MB are not loaded/);
    assert.deepStrictEqual(store.catalogue().datasets.map((d) => d.id), ['iapt', 'myproject']);
  });

  it('refuses a FIFO (whose read would block for good) and a text over the size limit saved from the editor', () => {
    const fifo = tmp('pipe.catalogue.yaml');
    execFileSync('mkfifo', [fifo]);
    const store = new CatalogueStore([IAPT_FILE]);
    store.setUserFiles([fifo, MINE]);
    assert.match(messages(store, fifo)[0], /not a regular file/);
    const started = Date.now();
    assert.ok(store.reload(MINE, '# ' + 'x'.repeat(MAX_CATALOGUE_BYTES + 10)));
    assert.ok(Date.now() - started < 2000, 'refused, not parsed');
    assert.match(messages(store, MINE)[0], /catalogue files over 5 MB are not loaded/);
    assert.deepStrictEqual(store.catalogue().datasets.map((d) => d.id), ['iapt']);
  });

  it('reloads a file caught half-written, then whole', () => {
    const text = fs.readFileSync(MINE, 'utf8');
    const file = tmp('mine.catalogue.yaml', text.slice(0, text.indexOf('      - name: recovery')) + '      - name: recov');
    const store = new CatalogueStore([IAPT_FILE]);
    store.setUserFiles([file]);
    const half = store.catalogue().datasets.find((d) => d.id === 'myproject');
    assert.ok(!half || half.tables[0].columns.every((c) => c.name !== 'reliable_improvement'));
    fs.writeFileSync(file, text);
    assert.ok(store.reload(file));
    assert.deepStrictEqual(messages(store, file), []);
    assert.deepStrictEqual(store.catalogue().datasets[1].tables[0].columns.map((c) => c.name), ['pathwayid', 'recovery', 'reliable_improvement']);
  });

  it('does not reload a file whose text is as loaded: saved from the editor, then seen on disk (with a byte-order mark)', () => {
    const text = fs.readFileSync(MINE, 'utf8');
    const file = tmp('bom.catalogue.yaml', '\ufeff' + text);
    const store = new CatalogueStore([IAPT_FILE]);
    store.setUserFiles([file]);
    // The editor's text of a file with a byte-order mark has none.
    assert.strictEqual(store.reload(file, text), false);
    assert.strictEqual(store.reload(file), false);
    assert.ok(store.reload(file, text.replace('MYP_outcomes', 'MYP_results')));
    assert.ok(store.reload(file), 'the file on disk differs from the text saved last');
  });

  it('loads a file once however it is named: twice, through a symbolic link, or the embedded one itself', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-links-'));
    const link = path.join(dir, 'link.catalogue.yaml');
    fs.symlinkSync(MINE, link);
    const iaptLink = path.join(dir, 'iapt.catalogue.yaml');
    fs.symlinkSync(IAPT_FILE, iaptLink);
    const store = new CatalogueStore([IAPT_FILE]);
    store.setUserFiles([MINE, link, MINE, iaptLink, IAPT_FILE]);
    assert.deepStrictEqual(store.userFileList(), [MINE]);
    assert.deepStrictEqual(store.catalogue().datasets.map((d) => d.id), ['iapt', 'myproject']);
    // Listed through the link first, it is loaded through the link (which is the path the editor may save).
    store.setUserFiles([link, MINE]);
    assert.deepStrictEqual(store.userFileList(), [link]);
  });

  it('reloads a file saved under another case of its path where paths ignore case (Windows), and only there', () => {
    const file = tmp('Mine.catalogue.yaml', fs.readFileSync(MINE, 'utf8'));
    const saved = fs.readFileSync(MINE, 'utf8').replace('- name: MYP_outcomes', '- name: MYP_results');
    const windows = new CatalogueStore([IAPT_FILE], true);
    windows.setUserFiles([file]);
    assert.strictEqual(windows.reload(file.toLowerCase(), saved), true);
    assert.ok(windows.catalogue().resolveTable(['MYP_results']));
    const linux = new CatalogueStore([IAPT_FILE], false);
    linux.setUserFiles([file]);
    assert.strictEqual(linux.reload(file.toLowerCase(), saved), false);
  });

  it('forgets files removed from the setting', () => {
    const store = new CatalogueStore([IAPT_FILE]);
    store.setUserFiles([MINE]);
    store.setUserFiles([]);
    assert.deepStrictEqual(store.catalogue().datasets.map((d) => d.id), ['iapt']);
    assert.strictEqual(store.reload(MINE), false);
  });
});

describe('catalogue store: loading in turns', () => {
  const text = fs.readFileSync(MINE, 'utf8');
  const ids = (store: CatalogueStore): string[] => store.catalogue().datasets.map((d) => d.id);

  it('serves the catalogues as they were until the last file is read, then all the new ones at once', async () => {
    const files = ['a', 'b', 'c'].map((id) => tmp(`${id}.catalogue.yaml`, text.replace('id: myproject', `id: ${id}`)));
    const store = new CatalogueStore([IAPT_FILE]);
    const seen: string[][] = [];
    assert.ok(await store.setUserFilesInTurns(files, async () => void seen.push(ids(store)), () => true));
    assert.deepStrictEqual(seen, [['iapt'], ['iapt'], ['iapt']]);
    assert.deepStrictEqual(ids(store), ['iapt', 'a', 'b', 'c']);
  });

  it('reads again a file that changed on disk after it was read, before it was swapped in', async () => {
    const file = tmp('mine.catalogue.yaml', text);
    const other = tmp('other.catalogue.yaml', text.replace('id: myproject', 'id: other'));
    const store = new CatalogueStore([IAPT_FILE]);
    let turn = 0;
    const changeFirst = async (): Promise<void> => {
      if (turn++ === 0) fs.writeFileSync(file, text.replace('id: myproject', 'id: changed'));
    };
    assert.ok(await store.setUserFilesInTurns([file, other], changeFirst, () => true));
    assert.deepStrictEqual(ids(store), ['iapt', 'changed', 'other']);
  });

  it('changes nothing when overtaken, and a later call serves its own files', async () => {
    const files = ['a', 'b', 'c'].map((id) => tmp(`${id}.catalogue.yaml`, text.replace('id: myproject', `id: ${id}`)));
    const store = new CatalogueStore([IAPT_FILE]);
    store.setUserFiles([MINE]);
    let overtaken = false;
    const later = async (): Promise<void> => {
      overtaken = true;
    };
    assert.strictEqual(await store.setUserFilesInTurns(files, later, () => !overtaken), false);
    assert.deepStrictEqual(ids(store), ['iapt', 'myproject']);
    assert.deepStrictEqual(store.userFileList(), [MINE]);
    assert.ok(await store.setUserFilesInTurns(files.slice(1), async () => undefined, () => true));
    assert.deepStrictEqual(ids(store), ['iapt', 'b', 'c']);
    assert.strictEqual(store.reload(MINE), false, 'the file no longer configured is forgotten');
  });
});

describe('precompiled embedded catalogue', () => {
  const text = fs.readFileSync(IAPT_FILE, 'utf8');
  const loaded = loadCatalogue(text, IAPT_FILE).dataset;

  it('decompiles to exactly the dataset the YAML loads to', () => {
    assert.ok(loaded);
    assert.deepStrictEqual(decompile(compile(loaded, text), text, IAPT_FILE), loaded);
  });

  it('is ignored when the YAML changed since the build', () => {
    assert.ok(loaded);
    assert.strictEqual(decompile(compile(loaded, text), text + '\n# edited', IAPT_FILE), undefined);
    assert.strictEqual(decompile('not json', text, IAPT_FILE), undefined);
  });

  it('is what the build wrote to dist/catalogues', () => {
    const built = path.join(REPO, 'dist/catalogues/iapt.catalogue.json');
    assert.ok(fs.existsSync(built), 'run npm run build first');
    assert.deepStrictEqual(decompile(fs.readFileSync(built, 'utf8'), text, IAPT_FILE), loaded);
  });
});
