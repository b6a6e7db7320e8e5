import * as assert from 'assert';
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../../server/src/catalogue/load';
import { decodeCsv, Delimiter, detectDelimiter, parseCsv } from '../../server/src/cli/csv';
import { importDictionary } from '../../server/src/cli/import';
import { MAX_CATALOGUE_BYTES } from '../../server/src/catalogue/store';
import { REPO } from '../iapt';

const SOURCE = path.join(REPO, 'schemas/iapt/source');
const CSVS = fs.readdirSync(SOURCE).filter((f) => /^IAPT_.*\.csv$/.test(f));

/** A dictionary of `columns` integer columns over 10 tables, written to `csv`. */
function columnsDictionary(csv: string, columns: number): string {
  const rows = ['Table,Variable,Description,Type'];
  for (let i = 0; i < columns; i++) rows.push(`t${i % 10},col_${i},Description of column ${i},integer`);
  fs.writeFileSync(csv, rows.join('\n') + '\n');
  return csv;
}

describe('import of CSV data dictionaries', () => {
  it('reads quoted fields, doubled quotes, line breaks in quotes and CRLF, with the start line of each record', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi"""\n\n"two\nlines",z\n');
    assert.deepStrictEqual(records, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 4, fields: ['two\nlines', 'z'] },
    ]);
  });

  it('counts a line break inside quotes as a line however it is written (LF, CRLF, CR alone)', () => {
    const records = parseCsv('a,b\n"one\rtwo",x\n"three\r\nfour",y\n"five\nsix",z\nend,w\n');
    assert.deepStrictEqual(
      records.map((r) => r.line),
      [1, 2, 4, 6, 8],
    );
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

  it('reads a semicolon header with more commas than semicolons by the delimiter that finds the names', () => {
    const text = 'Variable;Label (name, unit, range)\nbmi;Body mass index, kg/m2, 10 to 60\nage;Age, years, 16 to 100\n';
    const result = importDictionary(text, { fileName: 'x.csv' });
    assert.deepStrictEqual([result.delimiter, result.columns, result.problems], [';', 2, []]);
    assert.deepStrictEqual(loadCatalogue(result.yaml, 'x.catalogue.yaml').dataset?.tables[0].columns.map((c) => c.name), ['bmi', 'age']);
    // A comma header with a semicolon in a label still reads as comma-separated.
    assert.strictEqual(importDictionary('Variable,Label\nx,a;b\n', { fileName: 'y.csv' }).delimiter, ',');
  });

  it('names the delimiter it read when no header names the columns', () => {
    const result = importDictionary('Variable|Description\nage|Age in years\n', { fileName: 'x.csv' });
    assert.strictEqual(result.columns, 0);
    assert.match(result.problems[0].message, /^no column-name header found \(read as comma-separated; looked for /);
  });

  it('decodes UTF-8 (with or without a byte-order mark), UTF-16 (with or without one), and else Windows-1252', () => {
    const text = 'Variable,Description\nfee,Fee in £ – “paid” by the café €\n';
    assert.deepStrictEqual(decodeCsv(Buffer.from(text, 'utf8')), { text, encoding: 'UTF-8' });
    assert.deepStrictEqual(decodeCsv(Buffer.from('\ufeff' + text, 'utf8')), { text, encoding: 'UTF-8' });
    assert.deepStrictEqual(decodeCsv(Buffer.from('\ufeff' + text, 'utf16le')), { text, encoding: 'UTF-16LE' });
    const be = Buffer.from('\ufeff' + text, 'utf16le').swap16();
    assert.deepStrictEqual(decodeCsv(be), { text, encoding: 'UTF-16BE' });
    // Without a byte-order mark, by the zero bytes of its Latin letters.
    assert.deepStrictEqual(decodeCsv(Buffer.from(text, 'utf16le')), { text, encoding: 'UTF-16LE' });
    assert.deepStrictEqual(decodeCsv(Buffer.from(text, 'utf16le').swap16()), { text, encoding: 'UTF-16BE' });
    // £ 0xA3, – 0x96, “ ” 0x93 0x94, é 0xE9, € 0x80 in Windows-1252.
    const cp1252 = Buffer.concat([Buffer.from('Variable,Description\nfee,Fee in '), Buffer.from([0xa3, 0x20, 0x96, 0x20, 0x93]), Buffer.from('paid'), Buffer.from([0x94]), Buffer.from(' by the caf'), Buffer.from([0xe9, 0x20, 0x80, 0x0a])]);
    assert.deepStrictEqual(decodeCsv(cp1252), { text, encoding: 'Windows-1252' });
    // Every byte, as the WHATWG Encoding Standard maps it: Latin-1 but from 0x80 to 0x9F. (Not compared with
    // TextDecoder('windows-1252'): since Node 20.18.3 that reads 0x80 to 0x9F as Latin-1, nodejs/node#60888.)
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const latin1 = (from: number, to: number): string => String.fromCharCode(...Array.from({ length: to - from }, (_, i) => from + i));
    const c1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
    assert.deepStrictEqual(decodeCsv(all), { text: latin1(0, 0x80) + c1 + latin1(0xa0, 0x100), encoding: 'Windows-1252' });
  });

  it("takes the delimiter from Excel's sep= first line, skipped, keeping the file's line numbers", () => {
    const rows = 'Variable;Description, long, as given, in full;Value;Value label\r\nbmi;Body mass index, kg/m2;;\r\n9bad;x;;\r\ndose;Dose;0,5;Half\r\n';
    // Padded with empty fields to the table's width, as a spreadsheet saving the file again may write it.
    for (const sep of ['sep=;', 'SEP=;', '"sep=;"', '\ufeffsep=;', 'Sep=; ', 'sep=;;;;', '"sep=;";;;']) {
      const result = importDictionary(sep + '\r\n' + rows, { fileName: 'trial.csv' });
      assert.strictEqual(result.delimiter, ';', sep);
      assert.strictEqual(result.stated, true, sep);
      assert.deepStrictEqual(result.problems, [{ line: 4, message: "'9bad' is not a column name a catalogue can hold (letters, digits and _, not starting with a digit)" }], sep);
      assert.strictEqual(result.columns, 2, sep);
      assert.deepStrictEqual(loadCatalogue(result.yaml, 'trial.catalogue.yaml').problems, [], sep);
    }
    // Without the line, the header has as many commas as semicolons; read with commas it names no column of
    // names ("Variable;Description" is one cell), so it is read with semicolons.
    assert.strictEqual(importDictionary(rows, { fileName: 'trial.csv' }).delimiter, ';');
    // A tab, as the character or spelled \t; a comma; a line ending in \n only; a file of that line alone.
    assert.strictEqual(importDictionary('sep=\t\nVariable\tLabel\nage\tAge, years\n', { fileName: 'x.csv' }).delimiter, '\t');
    assert.strictEqual(importDictionary('sep=\\t\nVariable\tLabel\nage\tAge, years\n', { fileName: 'x.csv' }).delimiter, '\t');
    const comma = importDictionary('"sep=,"\nVariable,Label;x;y\nage,Age; in years\n', { fileName: 'x.csv' });
    assert.deepStrictEqual([comma.delimiter, comma.columns, comma.problems], [',', 1, []]);
    assert.deepStrictEqual(importDictionary('sep=;', { fileName: 'x.csv' }).problems, [{ line: 2, message: 'no column-name header found (read as semicolon-separated, as its sep= line says; looked for ' + 'variablename, varname, variable, columnname, column, fieldname, field, name, dataitem)' }]);
    // A delimiter it does not read is said, not guessed around.
    const pipe = importDictionary('sep=|\nVariable|Label\nage|Age\n', { fileName: 'x.csv' });
    assert.strictEqual(pipe.columns, 0);
    assert.deepStrictEqual(pipe.problems, [{ line: 1, message: 'the first line, sep=|, states a delimiter this import does not read (it reads comma, semicolon or tab)' }]);
    // Only a whole first line of that form: not a header that starts so, nor a later line.
    assert.strictEqual(importDictionary('sep=;x,Variable\n', { fileName: 'x.csv' }).stated, false);
    assert.strictEqual(importDictionary('sep=;;,Variable\n', { fileName: 'x.csv' }).stated, false);
    assert.strictEqual(importDictionary('Variable,Label\nsep=;\n', { fileName: 'x.csv' }).stated, false);
  });

  it('stops reading only once the catalogue is certain to be over maxBytes: its running size never exceeds the YAML', function () {
    this.timeout(30000);
    // Each input imported in full, then again with the limit at its YAML's exact size: had the lower bound counted
    // one byte too many, reading would have stopped.
    const inputs: [string, string][] = CSVS.map((f) => [f, fs.readFileSync(path.join(SOURCE, f), 'utf8')]);
    inputs.push(['wellbeing-survey.csv', fs.readFileSync(path.join(REPO, 'examples/dictionaries/wellbeing-survey.csv'), 'utf8')]);
    // Strings the YAML quotes or escapes: numbers, empty meanings, line breaks, U+2028 (written as two bytes, \L).
    inputs.push(['odd name.csv', 'Table,Variable,Type,Description,Value,Value label\nt,a,1,"two\nlines",1,\nt,,,,2,"x\u2028y"\nt,b,,"# not a comment: yes",true,"\u{1F600}"\nu,c,"null",\u2028,,\n']);
    const codes = ['Variable,Value,Value label', 'v,0,zero'];
    for (let i = 1; i < 5000; i++) codes.push(`,${i},${i}`);
    inputs.push(['codes.csv', codes.join('\n')]);
    for (const [fileName, text] of inputs) {
      const full = importDictionary(text, { fileName });
      assert.ok(full.columns > 0, fileName);
      const bytes = Buffer.byteLength(full.yaml, 'utf8');
      const limited = importDictionary(text, { fileName, maxBytes: bytes });
      assert.strictEqual(limited.stopped, undefined, fileName);
      assert.strictEqual(limited.yaml, full.yaml, fileName);
    }
    // And when it stops, the whole import is over the limit indeed.
    const rows = ['Variable,Description'];
    for (let i = 0; i < 2000; i++) rows.push(`c${i},Column ${i}`);
    const stopped = importDictionary(rows.join('\n'), { fileName: 'd.csv', maxBytes: 100000 });
    assert.strictEqual(stopped.yaml, '');
    assert.ok(stopped.stopped && stopped.stopped.line < 2001, JSON.stringify(stopped.stopped));
    const upTo = rows.slice(0, stopped.stopped.line).join('\n');
    assert.ok(Buffer.byteLength(importDictionary(upTo, { fileName: 'd.csv' }).yaml) > 100000);
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

  it("imports a dictionary saved by Excel on Windows in Windows-1252, or as Unicode text (UTF-16LE), with its £, é, – and curly quotes", function () {
    this.timeout(60000);
    // Real Windows-1252 bytes: £ 0xA3, é 0xE9, – 0x96, ‘ ’ 0x91 0x92, “ ” 0x93 0x94, CRLF as Excel writes it.
    const b = (s: string): Buffer => Buffer.from(s, 'latin1');
    const bytes = Buffer.concat([
      b('Variable,Description,Value,Value label\r\n'),
      b('income,Gross income in '), Buffer.from([0xa3]), b(' a year,,\r\n'),
      b('ethnicity,Ethnicity '), Buffer.from([0x96]), b(' self-reported,1,White '), Buffer.from([0x96]), b(' British\r\n'),
      b(',,2,'), Buffer.from([0x93]), b('Prefer not to say'), Buffer.from([0x94]), b('\r\n'),
      b('cafe_visits,Visits to the caf'), Buffer.from([0xe9]), b(' ('), Buffer.from([0x91]), b('last month'), Buffer.from([0x92]), b('),,\r\n'),
    ]);
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'not UTF-8');
    const csv = path.join(dir, 'survey.csv');
    fs.writeFileSync(csv, bytes);
    const run = cli('import', csv);
    assert.strictEqual(run.status, 0, run.stderr);
    const yaml = fs.readFileSync(path.join(dir, 'survey.catalogue.yaml'), 'utf8');
    assert.doesNotMatch(yaml, /\ufffd/);
    const { dataset, problems } = loadCatalogue(yaml, 'survey.catalogue.yaml');
    assert.deepStrictEqual(problems, []);
    const columns = dataset?.tables[0].columns;
    assert.deepStrictEqual(columns?.map((c) => c.description), ['Gross income in £ a year', 'Ethnicity – self-reported', 'Visits to the café (‘last month’)']);
    assert.deepStrictEqual(dataset?.codeLists.get(columns?.[1].codes ?? '')?.codes.map((c) => c.meaning), ['White – British', '“Prefer not to say”']);
    // Said so, in the summary line.
    const summary = '1 table, 3 columns, 2 codes; 0 rows skipped (read as Windows-1252, valueLabel ← "Value label", value ← "Value", name ← "Variable", description ← "Description")';
    assert.strictEqual(run.stdout, `${path.join(dir, 'survey.catalogue.yaml')}: ${summary}\n`);

    // Excel's "Unicode text": UTF-16LE with a byte-order mark, tab-separated. The same catalogue, and said so.
    const text = [
      'Variable\tDescription\tValue\tValue label',
      'income\tGross income in £ a year\t\t',
      'ethnicity\tEthnicity – self-reported\t1\tWhite – British',
      '\t\t2\t“Prefer not to say”',
      'cafe_visits\tVisits to the café (‘last month’)\t\t',
    ].join('\r\n') + '\r\n';
    const unicode = path.join(dir, 'unicode', 'survey.csv');
    fs.mkdirSync(path.dirname(unicode));
    fs.writeFileSync(unicode, Buffer.from('\ufeff' + text, 'utf16le'));
    const run16 = cli('import', unicode);
    assert.strictEqual(run16.status, 0, run16.stderr);
    assert.match(run16.stdout, /: 1 table, 3 columns, 2 codes; 0 rows skipped \(read as UTF-16LE, tab-separated, valueLabel ← "Value label", value ← "Value", name ← "Variable", description ← "Description"\)\n$/);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'unicode', 'survey.catalogue.yaml'), 'utf8'), yaml);
  });

  it("reads Excel's sep= first line, reporting rows by their line in the file", function () {
    this.timeout(60000);
    const csv = path.join(dir, 'trial.csv');
    fs.writeFileSync(csv, '\ufeffsep=;\r\nVariable;Description;Value;Value label\r\nbmi;Body mass index, kg/m2;;\r\n2nd_dose;x;;\r\ndose;Dose in mg;0,5;Half\r\n;;1,5;One and a half\r\n');
    const run = cli('import', csv);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stderr, `${csv}:4: skipped: '2nd_dose' is not a column name a catalogue can hold (letters, digits and _, not starting with a digit)\n`);
    assert.match(run.stdout, /: 1 table, 2 columns, 2 codes; 1 row skipped \(read semicolon-separated as its sep= line says, valueLabel ← "Value label", value ← "Value", name ← "Variable", description ← "Description"\)\n$/);
    const { dataset, problems } = loadCatalogue(fs.readFileSync(path.join(dir, 'trial.catalogue.yaml'), 'utf8'), 'trial.catalogue.yaml');
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(dataset?.codeLists.get('trial.dose')?.codes.map((c) => c.code), ['0,5', '1,5']);
  });

  it('imports a DESCS export of an IAPT table with a v0003 column: given to check, the column is no longer flagged', function () {
    this.timeout(60000);
    const csv = path.join(dir, 'descs.csv');
    fs.writeFileSync(csv, ',Source,Block Name,Variable Name,Variable Description,Value,Value Description\n1,nhsd,IAPT_care_activities,pathwayid,,,\n2,nhsd,IAPT_care_activities,brandnewcolumn,A v0003 column,,\n');
    assert.strictEqual(cli('import', csv).status, 0);
    const script = path.join(dir, 'uses-v0003.sql');
    fs.writeFileSync(script, 'SELECT a.brandnewcolumn, a.brandnewcolumx FROM nhsd.IAPT_care_activities_v0003 a;\n');
    const before = cli('check', script);
    assert.match(before.stdout, /1:10: unknown-column: Column 'brandnewcolumn'/);
    const after = cli('check', '--catalogue', path.join(dir, 'descs.catalogue.yaml'), script);
    assert.strictEqual(after.stdout, `${script}:1:28: unknown-column: Column 'brandnewcolumx' is not in IAPT_care_activities (iapt and descs catalogues). Did you mean 'brandnewcolumn'?\n1 problem in 1 file checked\n`);
  });

  it('keeps table names as the TRE writes them, which reach the IAPT tables; a project schema is not the source', function () {
    this.timeout(60000);
    const csv = path.join(dir, 'project-view.csv');
    fs.writeFileSync(csv, 'TABLE_SCHEMA,table_name,column_name\nLLC_1234,nhsd_IAPT_care_activities_v0003_20240426,brandnewcolumn\nLLC_1234,nhsd_MHSDS_other_v0001,othercolumn\n');
    const run = cli('import', csv);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stdout, /2 tables, 2 columns, 0 codes; 0 rows skipped \(read name ← "column_name", table ← "table_name", schema ← "TABLE_SCHEMA"\)/);
    const { dataset, problems } = loadCatalogue(fs.readFileSync(path.join(dir, 'project-view.catalogue.yaml'), 'utf8'), 'project-view.catalogue.yaml');
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(dataset?.naming.source, undefined);
    assert.deepStrictEqual(dataset?.tables.map((t) => t.name), ['nhsd_IAPT_care_activities_v0003_20240426', 'nhsd_MHSDS_other_v0001']);
    // Read in the IAPT catalogue's naming, the first is IAPT_care_activities: its columns add to it. The second is
    // reached by its own name, with or without the date.
    const script = path.join(dir, 'project-view.sql');
    fs.writeFileSync(script, 'SELECT a.brandnewcolumn FROM [LLC_1234].[nhsd_IAPT_care_activities_v0003] a;\nSELECT o.othercolumn, o.othercolumx FROM LLC_1234.nhsd_MHSDS_other_v0001 o;\n');
    assert.strictEqual(cli('check', script).status, 1);
    const after = cli('check', '--catalogue', path.join(dir, 'project-view.catalogue.yaml'), script);
    assert.strictEqual(after.stdout, `${script}:2:25: unknown-column: Column 'othercolumx' is not in nhsd_MHSDS_other_v0001 (project_view catalogue). Did you mean 'othercolumn'?\n1 problem in 1 file checked\n`);
  });

  it('refuses a dictionary whose catalogue is sure to be over the limit as soon as it is sure, reading no further', function () {
    this.timeout(60000);
    // 130,000 columns, a 6.3 MB CSV: the catalogue would be about 28 MB. Built in full, that took 20 s and 600 MB.
    const csv = columnsDictionary(path.join(dir, 'huge.csv'), 130000);
    assert.ok(fs.statSync(csv).size > MAX_CATALOGUE_BYTES);
    const run = cli('import', csv);
    assert.strictEqual(run.status, 1, run.stdout + run.stderr);
    const limit = MAX_CATALOGUE_BYTES / 1048576;
    assert.match(
      run.stderr,
      new RegExp(
        `^${csv.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&').replace(/huge\\\.csv$/, 'huge\\.catalogue\\.yaml')}: the catalogue would be over ${limit} MB \\(reading stopped after line (\\d+) of the dictionary: ` +
          `the 10 tables, (\\d+) columns, 0 codes up to there already make more than that\\); catalogue files over ${limit} MB are not loaded by the editor or check, so nothing written\\. Split the dictionary .*one per table.*\n$`,
      ),
    );
    const [, line, columns] = /after line (\d+) .* (\d+) columns/.exec(run.stderr) ?? [];
    assert.strictEqual(Number(columns), Number(line) - 1, 'one column a line after the header');
    assert.ok(Number(line) < 40000, `stopped after line ${line}, well before the end (130,001)`);
    assert.strictEqual(run.stdout, '');
    assert.deepStrictEqual(fs.readdirSync(dir), ['huge.csv']);
  });

  it('imports a dictionary larger than the limit whose catalogue is not: the CSV size is no bound (columns it does not read)', function () {
    this.timeout(60000);
    // 600 rows of 10 KB notes: a 6 MB CSV, a catalogue of some 100 KB.
    const note = 'n'.repeat(10000);
    const rows = ['Variable,Description,Notes'];
    for (let i = 0; i < 600; i++) rows.push(`col_${i},Column ${i},${note}`);
    const csv = path.join(dir, 'wide.csv');
    fs.writeFileSync(csv, rows.join('\n') + '\n');
    assert.ok(fs.statSync(csv).size > MAX_CATALOGUE_BYTES);
    const run = cli('import', csv);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stdout, /1 table, 600 columns, 0 codes; 0 rows skipped/);
    assert.ok(fs.statSync(path.join(dir, 'wide.catalogue.yaml')).size < 200000);
  });

  it('refuses to write a catalogue over the size the editor and check load, saying how big, the limit and what to do', function () {
    this.timeout(60000);
    // 25,000 columns in 10 tables: a 1.2 MB dictionary, a catalogue of over 5 MB.
    const csv = columnsDictionary(path.join(dir, 'big.csv'), 25000);
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
