import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { check } from '../../server/src/cli/check';
import { RULES, toJson, toSarif } from '../../server/src/cli/report';
import { iaptCatalogue, REPO } from '../iapt';

const MISTAKES = path.join(REPO, 'examples/sql/mistakes.sql');

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
    }[];
  }[];
}

describe('check --format json and sarif', () => {
  const result = check([MISTAKES], iaptCatalogue());
  const summary = { files: result.files, findings: result.findings, errors: result.errors };

  it('JSON: one result per problem, 1-based positions, paths relative to the folder it ran in', () => {
    const json = JSON.parse(toJson(summary, REPO)) as { files: number; problems: number; results: { file: string; line: number; column: number; code: string }[] };
    assert.strictEqual(json.problems, 4);
    assert.strictEqual(json.files, 1);
    assert.deepStrictEqual(new Set(json.results.map((r) => r.file)), new Set(['examples/sql/mistakes.sql']));
    // The same positions as the text output.
    assert.deepStrictEqual(json.results.map((r) => `${r.file}:${r.line}:${r.column}: ${r.code}`), result.lines.map((l) => path.relative(REPO, l).replace(/: ([a-z-]+): .*$/, ': $1')));
  });

  it('SARIF 2.1.0: driver tre-catalogue with a rule per code, results with ruleId, level and a 1-based region', () => {
    const log = JSON.parse(toSarif(summary, REPO)) as SarifLog;
    assert.strictEqual(log.version, '2.1.0');
    const run = log.runs[0];
    assert.strictEqual(run.tool.driver.name, 'tre-catalogue');
    assert.deepStrictEqual(run.tool.driver.rules.map((r) => r.id), RULES.map((r) => r.id));
    assert.strictEqual(run.results.length, 4);
    const text = fs.readFileSync(MISTAKES, 'utf8').split('\n');
    for (const r of run.results) {
      assert.strictEqual(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.strictEqual(r.level, 'warning');
      const loc = r.locations[0].physicalLocation;
      assert.strictEqual(loc.artifactLocation.uri, 'examples/sql/mistakes.sql');
      const { startLine, startColumn, endLine, endColumn } = loc.region;
      assert.strictEqual(startLine, endLine);
      // The region (end exclusive) is the flagged name, which the message quotes.
      const flagged = text[startLine - 1].slice(startColumn - 1, endColumn - 1);
      assert.ok(flagged.length > 0 && r.message.text.includes(flagged), `${flagged} in ${r.message.text}`);
    }
  });

  it('SARIF: URIs percent-encoded, for folders and files with #, ?, % and spaces in their names', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tre a#b?c%d-'));
    const file = path.join(root, 'x y%20#z.sql');
    fs.copyFileSync(MISTAKES, file);
    const found = check([file], iaptCatalogue());
    const log = JSON.parse(toSarif({ files: found.files, findings: found.findings, errors: found.errors }, root)) as SarifLog & { runs: { originalUriBaseIds: { SRCROOT: { uri: string } } }[] };
    const base = log.runs[0].originalUriBaseIds.SRCROOT.uri;
    const uri = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
    assert.strictEqual(fileURLToPath(new URL(uri, base)), file);
  });

  it('the command line prints them and keeps its exit codes (needs npm run build)', () => {
    const cli = path.join(REPO, 'dist', 'cli.js');
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    const sarif = spawnSync(process.execPath, [cli, 'check', '--format', 'sarif', 'examples/sql/mistakes.sql'], { cwd: REPO, encoding: 'utf8' });
    assert.strictEqual(sarif.status, 1);
    assert.strictEqual((JSON.parse(sarif.stdout) as SarifLog).runs[0].results.length, 4);
    const clean = spawnSync(process.execPath, [cli, 'check', '--format', 'json', 'examples/sql/recovery-rates.sql'], { cwd: REPO, encoding: 'utf8' });
    assert.strictEqual(clean.status, 0, clean.stderr);
    assert.strictEqual((JSON.parse(clean.stdout) as { problems: number }).problems, 0);
    assert.strictEqual(spawnSync(process.execPath, [cli, 'check', '--format', 'xml', 'examples'], { cwd: REPO }).status, 2);
  });

  it('--catalogue takes a folder of catalogues; an empty one is an error, in every format (needs npm run build)', () => {
    const cli = path.join(REPO, 'dist', 'cli.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-clifolder-'));
    const script = path.join(dir, 'uses-mine.sql');
    fs.writeFileSync(script, 'SELECT o.recovery, o.recoveryx FROM MYP_outcomes o;\n');
    const run = spawnSync(process.execPath, [cli, 'check', '--catalogue', path.join(REPO, 'examples/catalogues'), script], { encoding: 'utf8' });
    assert.strictEqual(run.stdout, `${script}:1:22: unknown-column: Column 'recoveryx' is not in MYP_outcomes (myproject catalogue). Did you mean 'recovery'?\n1 problem in 1 file checked\n`);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-cliempty-'));
    const clean = path.join(REPO, 'examples/sql/recovery-rates.sql');
    const none = spawnSync(process.execPath, [cli, 'check', '--catalogue', empty, clean], { encoding: 'utf8' });
    assert.strictEqual(none.status, 1);
    assert.strictEqual(none.stderr, `${empty}: catalogue: catalogue folder holds no *.catalogue.yaml file\n`);
    const json = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--catalogue', empty, clean], { encoding: 'utf8' });
    assert.strictEqual(json.status, 1);
    assert.ok(json.stdout.includes('catalogue folder holds no *.catalogue.yaml file'), json.stdout);
  });

  it('tre-catalogue import writes a catalogue that check then loads (needs npm run build)', () => {
    const cli = path.join(REPO, 'dist', 'cli.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-import-'));
    const out = path.join(dir, 'care_cluster.catalogue.yaml');
    const run = spawnSync(process.execPath, [cli, 'import', path.join(REPO, 'schemas/iapt/source/IAPT_care_cluster.csv'), '--out', out, '--dataset-id', 'cc'], { encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stdout, /1 table, 12 columns, 0 codes; 0 rows skipped/);
    const script = path.join(dir, 'q.sql');
    fs.writeFileSync(script, 'SELECT cohortkey_e FROM nhsd.IAPT_care_cluster_v0003;\n');
    execFileSync(process.execPath, [cli, 'check', '--catalogue', out, script]);
    // Once written, the file may hold the researcher's edits: replaced only with --force.
    fs.appendFileSync(out, '# my note\n');
    const again = spawnSync(process.execPath, [cli, 'import', path.join(REPO, 'schemas/iapt/source/IAPT_care_cluster.csv'), '--out', out, '--dataset-id', 'cc'], { encoding: 'utf8' });
    assert.strictEqual(again.status, 1);
    assert.match(again.stderr, /exists .*nothing written\. --force replaces it/);
    assert.match(fs.readFileSync(out, 'utf8'), /# my note\n$/);
    const forced = spawnSync(process.execPath, [cli, 'import', path.join(REPO, 'schemas/iapt/source/IAPT_care_cluster.csv'), '--out', out, '--dataset-id', 'cc', '--force'], { encoding: 'utf8' });
    assert.strictEqual(forced.status, 0, forced.stderr);
    assert.doesNotMatch(fs.readFileSync(out, 'utf8'), /# my note/);
    // A folder that does not exist, a folder as the file, the dictionary itself: a message, no stack trace.
    const csv = path.join(dir, 'd.csv');
    fs.copyFileSync(path.join(REPO, 'schemas/iapt/source/IAPT_care_cluster.csv'), csv);
    for (const [target, message] of [[path.join(dir, 'no', 'x.catalogue.yaml'), /its folder does not exist; nothing written/], [dir, /is a folder; nothing written/], [csv, /is the dictionary itself/]] as const) {
      const bad = spawnSync(process.execPath, [cli, 'import', csv, '--out', target, '--dataset-id', 'cc', '--force'], { encoding: 'utf8' });
      assert.strictEqual(bad.status, 1, bad.stderr);
      assert.match(bad.stderr, message);
      assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.strictEqual(fs.readFileSync(csv, 'utf8'), fs.readFileSync(path.join(REPO, 'schemas/iapt/source/IAPT_care_cluster.csv'), 'utf8'));
    fs.rmSync(dir, { recursive: true });
  });
});

describe('check --format json: notebooks', () => {
  it('reports notebook problems with their cell, like the text output', () => {
    const file = path.join(REPO, 'examples/notebooks/mistakes.ipynb');
    const result = check([file], iaptCatalogue());
    assert.ok(result.findings.length > 0, 'the deliberate mistake is found');
    assert.strictEqual(result.findings.length, result.lines.length);
    for (const f of result.findings) assert.ok(typeof f.cell === 'number' && f.cell >= 1);
    assert.match(result.lines[0], /mistakes\.ipynb:cell \d+:\d+:\d+: unknown-column/);
  });
});
