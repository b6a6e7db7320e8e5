import * as assert from 'assert';
import * as path from 'path';
import { cataloguePath } from '../../server/src/catalogue/paths';

describe('catalogue paths (treCatalogue.catalogues)', () => {
  const where = { root: '/work/project', home: '/home/me' };

  it('expands ~, ${userHome} and ${workspaceFolder} as people write them in settings.json', () => {
    assert.deepStrictEqual(cataloguePath('~/cats/a.catalogue.yaml', where), { file: path.resolve('/home/me/cats/a.catalogue.yaml') });
    assert.deepStrictEqual(cataloguePath('${userHome}/a.yaml', where), { file: path.resolve('/home/me/a.yaml') });
    assert.deepStrictEqual(cataloguePath('${workspaceFolder}/schemas/a.yaml', where), { file: path.resolve('/work/project/schemas/a.yaml') });
    assert.deepStrictEqual(cataloguePath('${workspaceRoot}/a.yaml', where), { file: path.resolve('/work/project/a.yaml') });
  });

  it('reads a relative path against the workspace folder, and an absolute one as it is', () => {
    assert.deepStrictEqual(cataloguePath('schemas/../a.yaml', where), { file: path.resolve('/work/project/a.yaml') });
    assert.deepStrictEqual(cataloguePath(' /abs/a.yaml ', where), { file: path.resolve('/abs/a.yaml') });
    // Only a leading ~ followed by a separator is the home folder.
    assert.deepStrictEqual(cataloguePath('~team/a.yaml', where), { file: path.resolve('/work/project/~team/a.yaml') });
  });

  it('says why a path needs a workspace folder when none is open', () => {
    const none = { home: '/home/me' };
    assert.deepStrictEqual(cataloguePath('a.yaml', none), { notLoaded: 'is a relative path, and no workspace folder is open to resolve it against' });
    assert.deepStrictEqual(cataloguePath('${workspaceFolder}/a.yaml', none), { notLoaded: 'names ${workspaceFolder}, and no workspace folder is open' });
    assert.deepStrictEqual(cataloguePath('~/a.yaml', none), { file: path.resolve('/home/me/a.yaml') });
  });
});
