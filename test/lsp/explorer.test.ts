import * as assert from 'assert';
import * as fs from 'fs';
import { fileURLToPath } from 'url';
import { SearchMatch, SEARCH_REQUEST, TreeDataset, TREE_REQUEST } from '../../server/src/protocol';
import { Client } from './client';

describe('LSP: catalogue explorer requests (dist/server.js)', function () {
  this.timeout(30000);
  let client: Client;
  before(async () => {
    client = new Client({ settings: { catalogues: [require.resolve('../../examples/catalogues/myproject.catalogue.yaml')] } });
    await client.init;
  });
  after(async () => client.stop());

  it('treCatalogue/tree: both catalogues, entries located in their YAML files', async () => {
    const tree = await client.conn.sendRequest<TreeDataset[]>(TREE_REQUEST);
    assert.deepStrictEqual(tree.map((d) => d.id), ['iapt', 'myproject']);
    const table = tree[0].tables.find((t) => t.name === 'IAPT_care_activities');
    const lines = fs.readFileSync(fileURLToPath(table?.location.uri ?? ''), 'utf8').split('\n');
    assert.match(lines[table?.location.line ?? 0], /- name: IAPT_care_activities$/);
    const column = table?.columns.find((c) => c.name === 'pathwayid');
    assert.match(lines[column?.location.line ?? 0], /- name: pathwayid$/);
  });

  it('treCatalogue/search: a code meaning finds its column', async () => {
    const matches = await client.conn.sendRequest<SearchMatch[]>(SEARCH_REQUEST, { query: 'completion of treatment' });
    assert.ok(matches.some((m) => m.name === 'endcode' && m.matchedOn.startsWith('code ')), JSON.stringify(matches.slice(0, 3)));
  });
});
