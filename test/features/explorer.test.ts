import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CatalogueStore } from '../../server/src/catalogue/store';
import { complete } from '../../server/src/features/completion';
import { catalogueTree, Locate, searchCatalogue } from '../../server/src/features/explorer';
import { analyseSql } from '../../server/src/languages/sql/analyse';
import { caret, sqlDoc } from '../helpers';
import { IAPT_FILE, iaptCatalogue, REPO } from '../iapt';

const locate: Locate = (file, offset) => ({ uri: file, line: 0, character: offset });

describe('catalogue explorer (tree and search)', () => {
  it('lists the IAPT dataset, its 9 tables and 352 columns, with SQL and plain names', () => {
    const tree = catalogueTree(iaptCatalogue(), locate);
    assert.deepStrictEqual(tree.map((d) => d.id), ['iapt']);
    assert.strictEqual(tree[0].tables.length, 9);
    assert.strictEqual(tree[0].tables.flatMap((t) => t.columns.filter((c) => !c.unconfirmed)).length, 352);
    const activities = tree[0].tables.find((t) => t.name === 'IAPT_care_activities');
    assert.strictEqual(activities?.sqlName, 'nhsd.IAPT_care_activities_v0003');
    assert.strictEqual(activities?.plainName, 'IAPT_care_activities_v0003');
    assert.strictEqual(activities?.grain, 'activity');
    const pathway = activities?.columns.find((c) => c.name === 'pathwayid');
    assert.strictEqual(pathway?.key, 'referral');
    assert.ok((pathway?.location.character ?? 0) > (activities?.location.character ?? 0), 'column entry after its table entry');
  });

  it('inserts the same SQL table name that completion inserts in an empty script', () => {
    const { text, offset } = caret('SELECT * FROM |');
    const completed = complete(sqlDoc(text), analyseSql(text), iaptCatalogue(), offset).map((i) => i.label);
    for (const t of catalogueTree(iaptCatalogue(), locate)[0].tables) assert.ok(completed.includes(t.sqlName), t.sqlName);
  });

  it('finds columns by name first, then by description, then by code meaning', () => {
    const byName = searchCatalogue(iaptCatalogue(), 'phq9_firstscore', locate);
    assert.strictEqual(byName[0].name, 'phq9_firstscore');
    assert.strictEqual(byName[0].matchedOn, '');
    const byMeaning = searchCatalogue(iaptCatalogue(), 'mutually agreed completion', locate);
    const endcode = byMeaning.find((m) => m.name === 'endcode');
    assert.ok(endcode, byMeaning.map((m) => m.name).join());
    assert.match(endcode.matchedOn, /^code 46: /);
    assert.deepStrictEqual(searchCatalogue(iaptCatalogue(), '   ', locate), []);
  });

  it('finds tables too, with their SQL name and grain', () => {
    const m = searchCatalogue(iaptCatalogue(), 'care_activities', locate).find((x) => x.kind === 'table');
    assert.strictEqual(m?.sqlName, 'nhsd.IAPT_care_activities_v0003');
    assert.match(m?.detail ?? '', /one row per activity/);
  });

  it('keeps catalogues side by side: the project catalogue is a dataset of its own', () => {
    const store = new CatalogueStore([IAPT_FILE]);
    store.setUserFiles([path.join(REPO, 'examples/catalogues/myproject.catalogue.yaml')]);
    const tree = catalogueTree(store.catalogue(), locate);
    assert.deepStrictEqual(tree.map((d) => d.id), ['iapt', 'myproject']);
    assert.strictEqual(tree[1].tables[0].sqlName, 'MYP_outcomes');
    const hits = searchCatalogue(store.catalogue(), 'pathwayid', locate).filter((m) => m.name === 'pathwayid');
    assert.ok(hits.some((h) => h.dataset === 'myproject') && hits.some((h) => h.dataset === 'iapt'));
  });

  it('shows under an IAPT table the columns another catalogue adds to it, each located in its own file', () => {
    const extra = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tre-explorer-')), 'v0003.catalogue.yaml');
    fs.writeFileSync(extra, 'format: 1\ndataset: { id: v3, title: v0003 columns }\ntables:\n  - name: IAPT_care_activities\n    columns:\n      - name: brandnewcolumn\n        provenance: { status: VERIFIED, source: DESCS }\n      - name: consmechanism\n        provenance: { status: VERIFIED, source: DESCS }\n');
    const store = new CatalogueStore([IAPT_FILE]);
    store.setUserFiles([extra]);
    const tree = catalogueTree(store.catalogue(), locate);
    const activities = tree[0].tables.find((t) => t.name === 'IAPT_care_activities');
    const added = activities?.columns.find((c) => c.name === 'brandnewcolumn');
    assert.deepStrictEqual([added?.from, added?.location.uri], ['v3', extra]);
    const confirmed = activities?.columns.find((c) => c.name === 'consmechanism');
    assert.deepStrictEqual([confirmed?.unconfirmed, confirmed?.from, confirmed?.location.uri], [undefined, undefined, IAPT_FILE]);
    assert.strictEqual(activities?.columns.filter((c) => c.name === 'consmechanism').length, 1);
    // The other catalogue still lists its own table, inserted as the IAPT table it adds to is named.
    assert.deepStrictEqual(tree[1].tables[0].columns.map((c) => [c.name, c.from]), [['brandnewcolumn', undefined], ['consmechanism', undefined]]);
    assert.strictEqual(tree[1].tables[0].sqlName, 'nhsd.IAPT_care_activities_v0003');
    // Search finds the table once, and the added column in the file that adds it.
    const tables = searchCatalogue(store.catalogue(), 'IAPT_care_activities', locate).filter((m) => m.kind === 'table');
    assert.deepStrictEqual(tables.map((m) => m.dataset), ['iapt']);
    const column = searchCatalogue(store.catalogue(), 'brandnewcolumn', locate);
    assert.deepStrictEqual(column.map((m) => [m.dataset, m.location.uri]), [['v3', extra]]);
  });
});

describe('completion names the catalogue of each name', () => {
  it('column detail ends with the catalogue id when IAPT and a project catalogue are loaded', () => {
    const store = new CatalogueStore([IAPT_FILE]);
    store.setUserFiles([path.join(REPO, 'examples/catalogues/myproject.catalogue.yaml')]);
    const { text, offset } = caret('SELECT o.|, r.pathwayid FROM MYP_outcomes o JOIN nhsd.IAPT_demographics_and_referral_v0003 r ON r.pathwayid = o.pathwayid');
    const items = complete(sqlDoc(text), analyseSql(text), store.catalogue(), offset);
    assert.strictEqual(items.find((i) => i.label === 'recovery')?.detail, 'integer 0/1 · MYP_outcomes · myproject');
    const { text: t2, offset: o2 } = caret('SELECT r.| FROM nhsd.IAPT_demographics_and_referral_v0003 r');
    const iapt = complete(sqlDoc(t2), analyseSql(t2), store.catalogue(), o2);
    assert.match(String(iapt.find((i) => i.label === 'pathwayid')?.detail), / · iapt$/);
    const { text: t3, offset: o3 } = caret('SELECT * FROM |');
    const tables = complete(sqlDoc(t3), analyseSql(t3), store.catalogue(), o3);
    assert.match(String(tables.find((i) => i.label === 'MYP_outcomes')?.detail), /My project's derived tables/);
  });
});
