import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCatalogue } from '../../server/src/catalogue/load';
import { Dataset } from '../../server/src/catalogue/model';

const ROOT = path.resolve(__dirname, '..', '..');
const CATALOGUE = path.join(ROOT, 'schemas', 'iapt', 'iapt.catalogue.yaml');
const SOURCE = path.join(ROOT, 'schemas', 'iapt', 'source');
const GENERATOR = path.join(ROOT, 'scripts', 'generate-iapt-catalogue.mjs');

/** Column names of one published UK LLC list, in order (header: ,Source,Block Name,Variable Name,...). */
function csvNames(table: string): string[] {
  const lines = fs.readFileSync(path.join(SOURCE, `${table}.csv`), 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const header = lines[0].split(',');
  const nameAt = header.indexOf('Variable Name');
  assert.ok(nameAt > 0, 'Variable Name column in the CSV header');
  return lines.slice(1).map((l) => l.split(',')[nameAt]);
}

describe('the embedded IAPT catalogue', () => {
  let dataset: Dataset;
  const text = fs.readFileSync(CATALOGUE, 'utf8');

  before(() => {
    const result = loadCatalogue(text, CATALOGUE);
    assert.deepEqual(result.problems, []);
    assert.ok(result.dataset);
    dataset = result.dataset;
  });

  it('starts with the schema line and says it is generated', () => {
    const lines = text.split('\n');
    assert.equal(lines[0], '# yaml-language-server: $schema=../catalogue.schema.json');
    assert.match(text.slice(0, 600), /GENERATED FILE/);
    assert.match(text.slice(0, 600), /npm run catalogue:generate/);
  });

  it('has the nine tables with the naming of the TRE', () => {
    assert.equal(dataset.id, 'iapt');
    assert.deepEqual(dataset.naming, { source: 'nhsd', tablePrefix: 'IAPT_', versions: ['v0002', 'v0003'] });
    const csvTables = fs
      .readdirSync(SOURCE)
      .filter((f) => /^IAPT_.*\.csv$/.test(f))
      .map((f) => f.replace(/\.csv$/, ''))
      .sort();
    assert.equal(csvTables.length, 9);
    assert.deepEqual(dataset.tables.map((t) => t.name).sort(), csvTables);
  });

  it('has exactly the published column names of each table, in order (352 in all)', () => {
    let total = 0;
    for (const table of dataset.tables) {
      const published = csvNames(table.name);
      const confirmed = table.columns.filter((c) => !c.unconfirmed).map((c) => c.name);
      assert.deepEqual(confirmed, published, table.name);
      total += confirmed.length;
    }
    assert.equal(total, 352);
  });

  it('marks every published name VERIFIED and every unconfirmed one INFERRED', () => {
    for (const table of dataset.tables) {
      for (const column of table.columns) {
        assert.ok(column.provenance, `${table.name}.${column.name} has provenance`);
        assert.ok(column.descriptionProvenance, `${table.name}.${column.name} has description provenance`);
        assert.equal(column.provenance.status, column.unconfirmed ? 'INFERRED' : 'VERIFIED', `${table.name}.${column.name}`);
        assert.ok(column.provenance.source, `${table.name}.${column.name} names its source`);
      }
    }
  });

  it('documents only the v2.1 names predicted by catalogue.md as unconfirmed', () => {
    const unconfirmed = dataset.tables.flatMap((t) => t.columns.filter((c) => c.unconfirmed).map((c) => `${t.name}.${c.name}`));
    assert.deepEqual(unconfirmed.sort(), [
      'IAPT_care_activities.consmechanism',
      'IAPT_demographics_and_referral.cfs_firstscore',
      'IAPT_demographics_and_referral.sourceofreferraliapt',
      'IAPT_mental_and_physical_health_conditions.validated_presentingcomplaint',
    ]);
    for (const t of dataset.tables) {
      for (const c of t.columns.filter((x) => x.unconfirmed)) assert.match(c.note ?? '', /DESCS\.all_descriptions/);
    }
  });

  it('resolves every code list reference, and code lists hold string codes with provenance', () => {
    for (const table of dataset.tables) {
      for (const column of table.columns) {
        if (column.codes) assert.ok(dataset.codeLists.has(column.codes), `${table.name}.${column.name} -> ${column.codes}`);
      }
    }
    for (const list of dataset.codeLists.values()) {
      assert.ok(list.provenance, `code list ${list.id} has provenance`);
      assert.ok(list.codes.length > 0, `code list ${list.id} has codes`);
      for (const code of list.codes) assert.equal(typeof code.code, 'string');
    }
    assert.equal(dataset.codeLists.get('endcode')?.complete, true);
    assert.equal(dataset.codeLists.get('apptype')?.complete, false);
    assert.equal(dataset.codeLists.get('actloctype')?.complete, false);
    // Leading zeros survive.
    assert.ok(dataset.codeLists.get('employstatus')?.codes.some((c) => c.code === '01'));
  });

  it('marks the linkage keys', () => {
    const keys: Record<string, string> = {
      cohortkey_e: 'person',
      pathwayid: 'referral',
      pseudo_unique_servicerequestid: 'referral',
      pseudo_unique_carecontactid: 'contact',
      pseudounique_careactivityid: 'activity',
    };
    for (const table of dataset.tables) {
      for (const column of table.columns) assert.equal(column.key, keys[column.name], `${table.name}.${column.name}`);
    }
  });

  it('lists the PHQ-9 and GAD-7 SNOMED CT codes as measures', () => {
    assert.equal(dataset.measures.get('720433000')?.range, '0–27');
    assert.equal(dataset.measures.get('445455005')?.range, '0–21');
    for (const m of dataset.measures.values()) assert.ok(m.provenance, `measure ${m.code} has provenance`);
  });

  it('has the raw CSVs unchanged (SHA256SUMS)', () => {
    const sums = fs.readFileSync(path.join(SOURCE, 'SHA256SUMS'), 'utf8').trim().split('\n');
    assert.equal(sums.length, 9);
    for (const line of sums) {
      const [sum, file] = line.split(/\s+/);
      const actual = createHash('sha256').update(fs.readFileSync(path.join(SOURCE, file))).digest('hex');
      assert.equal(actual, sum, file);
    }
  });

  it('is what the generator produces, byte for byte', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iapt-catalogue-'));
    try {
      const out = path.join(dir, 'iapt.catalogue.yaml');
      const run = spawnSync(process.execPath, [GENERATOR, out], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.ok(fs.readFileSync(out).equals(fs.readFileSync(CATALOGUE)), 'schemas/iapt/iapt.catalogue.yaml is out of date: run npm run catalogue:generate');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
