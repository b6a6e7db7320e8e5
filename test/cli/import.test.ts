import * as assert from 'assert';
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../../server/src/catalogue/load';
import { Delimiter, detectDelimiter, parseCsv } from '../../server/src/cli/csv';
import { importDictionary } from '../../server/src/cli/import';
import { MAX_CATALOGUE_BYTES } from '../../server/src/catalogue/store';
import { REPO } from '../iapt';

const SOURCE = path.join(REPO, 'schemas/iapt/source');
const CSVS = fs.readdirSync(SOURCE).filter((f) => /^IAPT_.*\.csv$/.test(f));

describe('import of CSV data dictionaries', () => {
  it('reads quoted fields, doubled quotes, line breaks in quotes and CRLF, with the start line of each record', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi"""\n\n"two\nlines",z\n');
    assert.deepStrictEqual(records, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 4, fields: ['two\nlines', 'z'] },
    ]);
  });

  it('finds the delimiter in the header line, outside quotes; comma when there is none or on a tie', () => {
    const cases: [string, Delimiter][] = [
      ['Variable,Description\n', ','],
      ['Variable;Description;Type\n1,5;2,5;3,5\n', ';'],
      ['Variable\tDescription\n', '\t'],
      // Quoted: the commas in the first, the semicolons in the second do not count.
      ['"Name, as given";"Label, short";Type\n', ';'],
      ['"a;b;c","d;e",f\n', ','],
      ['"two\nlines; here";x\n', ';'],
      ['\ufeff\r\n\r\nVariable;Label\r\n', ';'],
      ['Variable\n', ','],
      ['a,b;c\n', ','],
      ['', ','],
    ];
    for (const [text, delimiter] of cases) assert.strictEqual(detectDelimiter(text), delimiter, JSON.stringify(text));
    assert.deepStrictEqual(parseCsv('a;"b;c";d,e\r\n1,5;"say ""x"" now";\n', ';'), [
      { line: 1, fields: ['a', 'b;c', 'd,e'] },
      { line: 2, fields: ['1,5', 'say "x" now', ''] },
    ]);
  });

  it('turns each UK LLC explore-app CSV into a catalogue the loader accepts, with all 352 published names', () => {
    assert.strictEqual(CSVS.length, 9);
    let columns = 0;
    for (const file of CSVS) {
      const text = fs.readFileSync(path.join(SOURCE, file), 'utf8');
      const result = importDictionary(text, { fileName: file });
      assert.deepStrictEqual(result.problems, [], file);
      const loaded = loadCatalogue(result.yaml, file + '.catalogue.yaml');
      assert.deepStrictEqual(loaded.problems, [], file);
      const table = loaded.dataset?.tables[0];
      assert.strictEqual(table?.name, file.replace(/\.csv$/, ''));
      assert.strictEqual(loaded.dataset?.naming.source, 'nhsd', 'the Source column is the TRE schema');
      // Names only: the CSVs give no descriptions, types or codes, so none are written.
      for (const c of table?.columns ?? []) {
        assert.deepStrictEqual(c.provenance, { status: 'VERIFIED', source: file });
        assert.strictEqual(c.description ?? c.type ?? c.codes ?? c.key, undefined, c.name);
      }
      assert.strictEqual(table?.grain, undefined);
      columns += result.columns;
    }
    assert.strictEqual(columns, 352);
  });

  it('imports the example dictionary as the checked-in YAML, reporting the rows it could not use', () => {
    const csv = path.join(REPO, 'examples/dictionaries/wellbeing-survey.csv');
    const result = importDictionary(fs.readFileSync(csv, 'utf8'), { fileName: 'wellbeing-survey.csv', datasetId: 'wellbeing', title: 'Wellbeing survey (example dictionary)' });
    assert.strictEqual(result.yaml, fs.readFileSync(path.join(REPO, 'examples/dictionaries/wellbeing-survey.catalogue.yaml'), 'utf8'));
    assert.deepStrictEqual(
      result.problems.map((p) => p.line),
      [9, 10],
    );
    const { dataset, problems } = loadCatalogue(result.yaml, 'x.catalogue.yaml');
    assert.deepStrictEqual(problems, []);
    const employment = dataset?.tables[0].columns.find((c) => c.name === 'employment');
    assert.strictEqual(employment?.description, 'Employment status at the survey');
    const list = dataset?.codeLists.get(employment?.codes ?? '');
    assert.deepStrictEqual(list?.codes.map((c) => [c.code, c.meaning]), [['1', 'Employed full time'], ['2', 'Employed part time'], ['3', 'Not employed'], ['-9', 'Not answered']]);
    assert.strictEqual(list?.complete, false, 'completeness is never assumed');
  });

  it('reads generic headers (variable, label, type, value, value label) and code rows without a name', () => {
    const text = 'Variable,Label,Type,Code,Value label\nsex,Sex at birth,integer,1,Male\n,,,2,Female\nage,Age in years,integer,,\n9bad,x,,,\nsex,,,,\n';
    const result = importDictionary(text, { fileName: 'survey.csv' });
    const { dataset, problems } = loadCatalogue(result.yaml, 'survey.catalogue.yaml');
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(dataset?.id, 'survey');
    assert.strictEqual(dataset?.tables[0].name, 'survey', 'table named after the file when the CSV has no table column');
    const sex = dataset?.tables[0].columns[0];
    assert.deepStrictEqual([sex?.name, sex?.type, sex?.description], ['sex', 'integer', 'Sex at birth']);
    assert.deepStrictEqual(dataset?.codeLists.get(sex?.codes ?? '')?.codes.map((c) => c.meaning), ['Male', 'Female']);
    assert.deepStrictEqual(result.problems.map((p) => [p.line, p.message.slice(0, 12)]), [[5, "'9bad' is no"], [6, "'sex' is lis"]]);
  });

  it('keeps the first of a repeated code (exact, after trimming) and reports the repeat; other lists and cases are apart', () => {
    const text = [
      'Table,Variable,Value,Value label',
      'a,status,1,Yes',
      'a,,2,No',
      'a,, 1 ,Yes again',
      'a,,y,lower',
      'a,,Y,upper',
      'a,other,1,One',
      'b,status,1,Yes in b',
      'a,status,2,No again',
    ].join('\n');
    const result = importDictionary(text, { fileName: 'd.csv' });
    assert.deepStrictEqual(result.problems, [
      { line: 4, message: "code '1' of status is listed twice; the first row is used" },
      { line: 9, message: "code '2' of status is listed twice; the first row is used" },
    ]);
    assert.strictEqual(result.codes, 6);
    const { dataset, problems } = loadCatalogue(result.yaml, 'd.catalogue.yaml');
    assert.deepStrictEqual(problems, []);
    const codes = (id: string): string[][] | undefined => dataset?.codeLists.get(id)?.codes.map((c) => [c.code, c.meaning]);
    assert.deepStrictEqual(codes('a.status'), [['1', 'Yes'], ['2', 'No'], ['y', 'lower'], ['Y', 'upper']]);
    assert.deepStrictEqual(codes('a.other'), [['1', 'One']]);
    assert.deepStrictEqual(codes('b.status'), [['1', 'Yes in b']]);
  });

  it('imports a column with 100,000 codes, repeats among them, in time linear in the codes', function () {
    // The repeat check searched the list: 50,000 codes took 12 to 16 s, 100,000 about 46 s; now about 3 s.
    this.timeout(20000);
    const rows = ['Variable,Description,Value,Value label', 'big,A big coded column,0,code 0'];
    for (let i = 1; i < 100000; i++) rows.push(`,,${i},code ${i}`);
    // Repeats at the end (each row's line is its index + 1): the first meaning stays.
    rows.push(',,0,again', ',,99999,again', ',,100000,new');
    const result = importDictionary(rows.join('\n') + '\n', { fileName: 'big.csv' });
    assert.strictEqual(result.columns, 1);
    assert.strictEqual(result.codes, 100001);
    assert.deepStrictEqual(result.problems, [
      { line: 100002, message: "code '0' of big is listed twice; the first row is used" },
      { line: 100003, message: "code '99999' of big is listed twice; the first row is used" },
    ]);
    assert.match(result.yaml, /\{ code: "0", meaning: code 0 \}/);
    assert.doesNotMatch(result.yaml, /meaning: again/);
    assert.match(result.yaml, /\{ code: "100000", meaning: new \}/);
  });

  it('reads a semicolon dictionary with decimal commas and quoted semicolons', () => {
    const text = 'Variable;Description;Type;Value;Value label\r\nbmi;Body mass index, kg/m2;decimal;;\r\nweight;"Weight; self-reported";decimal;;\r\ndose;Dose in mg;decimal;0,5;Half\r\n;;;1,5;One and a half\r\n';
    const result = importDictionary(text, { fileName: 'trial.csv' });
    assert.strictEqual(result.delimiter, ';');
    assert.deepStrictEqual(result.problems, []);
    const { dataset, problems } = loadCatalogue(result.yaml, 'trial.catalogue.yaml');
    assert.deepStrictEqual(problems, []);
    const columns = dataset?.tables[0].columns;
    assert.deepStrictEqual(columns?.map((c) => [c.name, c.description, c.type]), [
      ['bmi', 'Body mass index, kg/m2', 'decimal'],
      ['weight', 'Weight; self-reported', 'decimal'],
      ['dose', 'Dose in mg', 'decimal'],
    ]);
    assert.deepStrictEqual(dataset?.codeLists.get(columns?.[2].codes ?? '')?.codes.map((c) => [c.code, c.meaning]), [['0,5', 'Half'], ['1,5', 'One and a half']]);
  });

  it('names the delimiter it read when no header names the columns', () => {
    const result = importDictionary('Variable|Description\nage|Age in years\n', { fileName: 'x.csv' });
    assert.strictEqual(result.columns, 0);
    assert.match(result.problems[0].message, /^no column-name header found \(read as comma-separated; looked for /);
  });

  it('says so when no header names the columns', () => {
    const result = importDictionary('foo,bar\n1,2\n', { fileName: 'x.csv' });
    assert.strictEqual(result.columns, 0);
    assert.match(result.problems[0].message, /no column-name header/);
  });
});

// The command line from its source (not dist/, which may be older than the code under test).
function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(REPO, 'server/src/cli/main.ts'), ...args], { encoding: 'utf8' });
}

describe('tre-catalogue import on the command line', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-import-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports the example dictionary saved with semicolons (as Excel does with a decimal comma) or tabs as the comma file', function () {
    this.timeout(60000);
    const example = path.join(REPO, 'examples/dictionaries/wellbeing-survey.csv');
    const expected = fs.readFileSync(path.join(REPO, 'examples/dictionaries/wellbeing-survey.catalogue.yaml'), 'utf8');
    const records = parseCsv(fs.readFileSync(example, 'utf8'));
    for (const [delimiter, name] of [[';', 'semicolon'], ['\t', 'tab']] as const) {
      // As Excel saves it: byte-order mark, CRLF, quotes only where a field needs them (commas are left bare).
      const quote = (f: string): string => (f.includes(delimiter) || /["\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
      const text = '\ufeff' + records.map((r) => r.fields.map(quote).join(delimiter)).join('\r\n') + '\r\n';
      assert.ok(text.includes('(14 items, 14-70)'), 'a comma in a description, unquoted');
      const sub = path.join(dir, name);
      fs.mkdirSync(sub);
      const csv = path.join(sub, 'wellbeing-survey.csv');
      fs.writeFileSync(csv, text);
      const run = cli('import', csv, '--dataset-id', 'wellbeing', '--title', 'Wellbeing survey (example dictionary)');
      assert.strictEqual(run.status, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`1 table, 4 columns, 4 codes; 2 rows skipped \\(read ${name}-separated, valueLabel ← "Value Description"`));
      assert.match(run.stderr, /wellbeing-survey\.csv:9: skipped: no variable name\n.*wellbeing-survey\.csv:10: skipped: 'comments \(free text\)'/);
      assert.strictEqual(fs.readFileSync(path.join(sub, 'wellbeing-survey.catalogue.yaml'), 'utf8'), expected, name);
    }
  });

  it('refuses to write a catalogue over the size the editor and check load, saying how big, the limit and what to do', function () {
    this.timeout(60000);
    // 25,000 columns in 10 tables: a 1.2 MB dictionary, a catalogue of over 5 MB.
    const rows = ['Table,Variable,Description,Type'];
    for (let i = 0; i < 25000; i++) rows.push(`t${i % 10},col_${i},Description of column ${i},integer`);
    const csv = path.join(dir, 'big.csv');
    fs.writeFileSync(csv, rows.join('\n') + '\n');
    // Even with --force, an existing file stays as it was.
    const out = path.join(dir, 'big.catalogue.yaml');
    fs.writeFileSync(out, '# my edits\n');
    const run = cli('import', csv, '--out', out, '--force');
    assert.strictEqual(run.status, 1, run.stdout + run.stderr);
    const limit = MAX_CATALOGUE_BYTES / 1048576;
    assert.match(run.stderr, new RegExp(`the catalogue would be (\\d+\\.\\d) MB .*over ${limit} MB are not loaded by the editor or check, so nothing written\\. Split the dictionary .*one per table`));
    const size = Number(/would be (\d+\.\d) MB/.exec(run.stderr)?.[1]);
    assert.ok(size > limit && size < 2 * limit, `${size} MB`);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.strictEqual(run.stdout, '');
    assert.strictEqual(fs.readFileSync(out, 'utf8'), '# my edits\n');
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['big.catalogue.yaml', 'big.csv']);
  });
});
