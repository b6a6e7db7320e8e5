import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalogueFiles, cataloguePath } from '../../server/src/catalogue/paths';

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

  it('reads a folder as the *.catalogue.yaml and .yml files directly in it, in name order; passes anything else on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-folder-'));
    for (const f of ['b.catalogue.yaml', 'A.Catalogue.YML', 'notes.yaml', 'c.catalogue.yaml.bak']) fs.writeFileSync(path.join(dir, f), '');
    fs.mkdirSync(path.join(dir, 'sub.catalogue.yaml'));
    fs.writeFileSync(path.join(dir, 'sub.catalogue.yaml', 'deep.catalogue.yaml'), '');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-empty-'));
    const missing = path.join(dir, 'missing.catalogue.yaml');
    const file = path.join(dir, 'notes.yaml');
    assert.deepStrictEqual(catalogueFiles([dir, empty, missing, file]), {
      files: [path.join(dir, 'A.Catalogue.YML'), path.join(dir, 'b.catalogue.yaml'), missing, file],
      folders: [dir, empty],
      empty: [empty],
    });
  });
});
