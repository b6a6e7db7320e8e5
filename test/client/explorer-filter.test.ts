import * as assert from 'assert';
import { filterTree } from '../../client/src/explorer-filter';
import { catalogueTree } from '../../server/src/features/explorer';
import { iaptCatalogue } from '../iapt';

describe('explorer filter (client, without VS Code)', () => {
  const tree = catalogueTree(iaptCatalogue(), (uri, offset) => ({ uri, line: 0, character: offset }));

  it('keeps only matching columns of tables that do not match themselves', () => {
    const out = filterTree(tree, 'phq9_first');
    assert.deepStrictEqual(out.flatMap((d) => d.tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`))), ['IAPT_demographics_and_referral.phq9_firstscore']);
  });

  it('keeps a matching table whole, and everything with an empty filter', () => {
    const out = filterTree(tree, 'care_cluster');
    assert.strictEqual(out[0].tables.find((t) => t.name === 'IAPT_care_cluster')?.columns.length, 12);
    assert.strictEqual(filterTree(tree, '  '), tree);
  });
});
