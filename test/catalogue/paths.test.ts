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

  it('expands ${env:NAME}, and says so when it is not set or a variable is not one it expands', () => {
    const env = { TRE_CATALOGUES: '/srv/cats' };
    assert.deepStrictEqual(cataloguePath('${env:TRE_CATALOGUES}/a.yaml', { ...where, env }), { file: path.resolve('/srv/cats/a.yaml') });
    assert.deepStrictEqual(cataloguePath('${env:NOPE}/a.yaml', { ...where, env }), { notLoaded: 'names ${env:NOPE}, which is not set' });
    assert.deepStrictEqual(cataloguePath('${workspaceFolder:data}/a.yaml', where), {
      notLoaded: 'uses ${workspaceFolder:data}, which is not expanded here (only ~, ${userHome}, ${workspaceFolder} and ${env:NAME} are)',
    });
  });

  it('says why a path needs a workspace folder when none is open', () => {
    const none = { home: '/home/me' };
    assert.deepStrictEqual(cataloguePath('a.yaml', none), { notLoaded: 'is a relative path, and no workspace folder is open to resolve it against' });
    assert.deepStrictEqual(cataloguePath('${workspaceFolder}/a.yaml', none), { notLoaded: 'names ${workspaceFolder}, and no workspace folder is open' });
    assert.deepStrictEqual(cataloguePath('~/a.yaml', none), { file: path.resolve('/home/me/a.yaml') });
  });

  it('reads a folder as the *.catalogue.yaml and .yml files directly in it, in name order ignoring case; passes anything else on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-folder-'));
    for (const f of ['b.catalogue.yaml', 'C.catalogue.yaml', 'A.Catalogue.YML', 'notes.yaml', 'c.catalogue.yaml.bak', '.hidden.catalogue.yaml']) fs.writeFileSync(path.join(dir, f), '');
    fs.mkdirSync(path.join(dir, 'sub.catalogue.yaml'));
    fs.writeFileSync(path.join(dir, 'sub.catalogue.yaml', 'deep.catalogue.yaml'), '');
    // An editor's lock file (a dangling link), a link to a folder, and a link to a file.
    fs.symlinkSync('user@host.1234', path.join(dir, '.#b.catalogue.yaml'));
    fs.symlinkSync(path.join(dir, 'sub.catalogue.yaml'), path.join(dir, 'dirlink.catalogue.yaml'));
    fs.symlinkSync(path.join(dir, 'notes.yaml'), path.join(dir, 'link.catalogue.yaml'));
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-empty-'));
    const missing = path.join(dir, 'missing.catalogue.yaml');
    const file = path.join(dir, 'notes.yaml');
    assert.deepStrictEqual(catalogueFiles([dir, empty, missing, file]), {
      files: [path.join(dir, 'A.Catalogue.YML'), path.join(dir, 'b.catalogue.yaml'), path.join(dir, 'C.catalogue.yaml'), path.join(dir, 'link.catalogue.yaml'), missing, file],
      listed: [path.join(dir, 'A.Catalogue.YML'), path.join(dir, 'b.catalogue.yaml'), path.join(dir, 'C.catalogue.yaml'), path.join(dir, 'link.catalogue.yaml')],
      folders: [dir, empty],
      empty: [empty],
    });
  });
});
