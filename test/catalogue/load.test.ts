import { strict as assert } from 'node:assert';
import { loadCatalogue } from '../../server/src/catalogue/load';
import * as fs from 'node:fs';
import { IAPT_FILE } from '../iapt';
import { CatalogueProblem } from '../../server/src/catalogue/model';

const FILE = 'schemas/x.catalogue.yaml';

/** Joins lines so that test snippets can be written indented; line numbers in asserts are 0-based. */
function yaml(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

const GOOD = yaml(
  '# yaml-language-server: $schema=../catalogue.schema.json', // line 0
  'format: 1',
  'dataset:',
  '  id: demo',
  '  title: Demo dataset',
  '  description: A small example.', // 5
  'naming:',
  '  source: nhsd',
  '  tablePrefix: DEMO_',
  '  versions: [v0001, v0002]',
  'sources:', // 10
  '  S1: "Somewhere, a real citation"',
  'codeLists:',
  '  yesno:',
  '    title: Yes or no',
  '    complete: true', // 15
  '    provenance: { status: VERIFIED, source: S1 }',
  '    codes:',
  '      - { code: "Y", meaning: "Yes" }',
  '      - { code: "N", meaning: "No", provenance: { status: INFERRED, source: "guess" } }',
  '  partial:', // 20
  '    title: Partial list',
  '    codes:',
  '      - { code: "01", meaning: "One" }',
  'measures:',
  '  - { code: "720433000", name: "PHQ-9 total score", range: "0–27", provenance: { status: VERIFIED, source: S1 } }', // 25
  'tables:',
  '  - name: DEMO_people',
  '    title: People',
  '    grain: person',
  '    sourceTables: [X1]', // 30
  '    provenance: { status: VERIFIED, source: S1 }',
  '    columns:',
  '      - name: person_id',
  '        key: person',
  '        provenance: { status: VERIFIED, source: S1 }', // 35
  '      - name: smoker',
  '        type: code',
  '        codes: yesno',
  '        provenance: { status: VERIFIED, source: S1 }',
  '        descriptionProvenance: { status: INFERRED, source: "reading of the name" }', // 40
  '      - name: predicted_col',
  '        unconfirmed: true',
  '        provenance: { status: INFERRED, source: guess }',
  '  - name: DEMO_events',
  '    columns:', // 45
  '      - name: person_id',
  '        key: person',
);

function messages(problems: CatalogueProblem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column} ${p.message}`);
}

describe('loadCatalogue', () => {
  it('loads a good file without problems', () => {
    const { dataset, problems } = loadCatalogue(GOOD, FILE);
    assert.deepEqual(messages(problems), []);
    assert.ok(dataset);
    assert.equal(dataset.id, 'demo');
    assert.equal(dataset.title, 'Demo dataset');
    assert.equal(dataset.description, 'A small example.');
    assert.equal(dataset.file, FILE);
    assert.deepEqual(dataset.naming, { source: 'nhsd', tablePrefix: 'DEMO_', versions: ['v0001', 'v0002'] });
    assert.deepEqual(dataset.sources, { S1: 'Somewhere, a real citation' });

    const yesno = dataset.codeLists.get('yesno');
    assert.ok(yesno);
    assert.equal(yesno.complete, true);
    assert.deepEqual(yesno.provenance, { status: 'VERIFIED', source: 'S1' });
    assert.deepEqual(yesno.codes, [
      { code: 'Y', meaning: 'Yes' },
      { code: 'N', meaning: 'No', provenance: { status: 'INFERRED', source: 'guess' } },
    ]);
    // `complete` defaults to false: an unlisted value is not an error for a partial list.
    assert.equal(dataset.codeLists.get('partial')?.complete, false);
    assert.equal(dataset.codeLists.get('partial')?.codes[0].code, '01');

    assert.deepEqual(dataset.measures.get('720433000'), {
      code: '720433000',
      name: 'PHQ-9 total score',
      range: '0–27',
      provenance: { status: 'VERIFIED', source: 'S1' },
    });

    assert.deepEqual(
      dataset.tables.map((t) => t.name),
      ['DEMO_people', 'DEMO_events'],
    );
    const people = dataset.tables[0];
    assert.equal(people.title, 'People');
    assert.equal(people.grain, 'person');
    assert.deepEqual(people.sourceTables, ['X1']);
    // A table without a title is shown by its name.
    assert.equal(dataset.tables[1].title, 'DEMO_events');

    const [id, smoker, predicted] = people.columns;
    assert.equal(id.key, 'person');
    assert.equal(smoker.codes, 'yesno');
    assert.equal(smoker.type, 'code');
    assert.deepEqual(smoker.descriptionProvenance, { status: 'INFERRED', source: 'reading of the name' });
    assert.equal(predicted.unconfirmed, true);
    assert.equal(id.unconfirmed, undefined);
  });

  it('gives tables and columns the offset of their name value', () => {
    const { dataset } = loadCatalogue(GOOD, FILE);
    assert.ok(dataset);
    const people = dataset.tables[0];
    assert.equal(GOOD.slice(people.offset, (people.offset ?? 0) + 'DEMO_people'.length), 'DEMO_people');
    for (const column of people.columns) {
      assert.equal(GOOD.slice(column.offset, (column.offset ?? 0) + column.name.length), column.name);
    }
  });

  it('reports a YAML syntax error at its line', () => {
    const text = yaml('format: 1', 'dataset:', '  id: demo', '  title: "unterminated', 'tables: []');
    const { problems } = loadCatalogue(text, FILE);
    assert.ok(problems.length > 0);
    assert.match(problems[0].message, /^YAML syntax error: /);
    assert.equal(problems[0].file, FILE);
    assert.ok(problems[0].line >= 3, `expected the error at line 3 or later, got ${problems[0].line}`);
  });

  it('reports a YAML syntax error in a flow list on the right line', () => {
    const text = yaml('format: 1', 'dataset: { id: demo, title: Demo }', 'naming:', '  versions: [v1, v2', 'tables: []');
    const { problems } = loadCatalogue(text, FILE);
    assert.ok(problems.length > 0);
    assert.ok(problems.every((p) => p.message.startsWith('YAML syntax error')));
    assert.ok([3, 4].includes(problems[0].line), messages(problems).join('\n'));
  });

  it('reports duplicate keys as a YAML error', () => {
    const text = yaml('format: 1', 'dataset: { id: demo, title: Demo }', 'tables: []', 'tables: []');
    const { problems } = loadCatalogue(text, FILE);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 3);
    assert.match(problems[0].message, /unique/i);
  });

  it('reports a schema violation at the offending line and still loads the rest', () => {
    const text = GOOD.replace('        key: person\n        provenance: { status: VERIFIED, source: S1 }', '        key: human\n        provenance: { status: VERIFIED, source: S1 }');
    const { dataset, problems } = loadCatalogue(text, FILE);
    assert.deepEqual(messages(problems), ["34:13 field 'key' of column 'person_id' of table 'DEMO_people' must be one of person, referral, contact, activity, assessment, other (found 'human')"]);
    assert.ok(dataset);
    // The bad field is dropped, the column kept.
    assert.equal(dataset.tables[0].columns[0].name, 'person_id');
    assert.equal(dataset.tables[0].columns[0].key, undefined);
  });

  it('places an unknown field at its key and suggests the right spelling', () => {
    const text = GOOD.replace('    grain: person', '    grian: person');
    const { dataset, problems } = loadCatalogue(text, FILE);
    assert.deepEqual(messages(problems), ["29:4 table 'DEMO_people' has an unknown field 'grian' (did you mean 'grain'?)"]);
    assert.ok(dataset);
  });

  it('explains unquoted codes that YAML reads as numbers', () => {
    const text = GOOD.replace('- { code: "01", meaning: "One" }', '- { code: 01, meaning: "One" }');
    const { dataset, problems } = loadCatalogue(text, FILE);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 23);
    assert.match(problems[0].message, /code 1 of code list 'partial' must be a string; put codes in quotes/);
    // Only the broken code is skipped.
    assert.ok(dataset);
    assert.deepEqual(dataset.codeLists.get('partial')?.codes, []);
    assert.equal(dataset.codeLists.get('yesno')?.codes.length, 2);
  });

  it('reports a missing required field on the entry', () => {
    const text = GOOD.replace('      - name: predicted_col\n', '      - nam: predicted_col\n');
    const { dataset, problems } = loadCatalogue(text, FILE);
    const m = messages(problems);
    assert.ok(m.includes("41:8 column 3 of table 'DEMO_people' has no 'name'"), m.join('\n'));
    assert.ok(m.some((x) => x.startsWith("41:8 column 3 of table 'DEMO_people' has an unknown field 'nam'")), m.join('\n'));
    assert.ok(dataset);
    assert.deepEqual(
      dataset.tables[0].columns.map((c) => c.name),
      ['person_id', 'smoker'],
    );
  });

  it('reports duplicate table names, case-insensitively, and keeps the first', () => {
    const text = GOOD + yaml('  - name: demo_PEOPLE', '    columns: []');
    const { dataset, problems } = loadCatalogue(text, FILE);
    assert.deepEqual(messages(problems), ["48:10 table 'demo_PEOPLE' is listed twice (first at line 28); the first one is used"]);
    assert.ok(dataset);
    assert.equal(dataset.tables.length, 2);
    assert.equal(dataset.tables[0].columns.length, 3);
  });

  it('reports duplicate column names within a table, case-insensitively', () => {
    const text = GOOD + yaml('      - name: PERSON_ID');
    const { dataset, problems } = loadCatalogue(text, FILE);
    assert.deepEqual(messages(problems), ["48:14 column 'PERSON_ID' of table 'DEMO_events' is listed twice (first at line 47); the first one is used"]);
    assert.ok(dataset);
    assert.equal(dataset.tables[1].columns.length, 1);
  });

  it('allows the same column name in different tables', () => {
    const { problems } = loadCatalogue(GOOD, FILE);
    assert.equal(problems.length, 0);
  });

  it('reports a column that refers to a missing code list', () => {
    const text = GOOD.replace('        codes: yesno', '        codes: YesNo');
    const { dataset, problems } = loadCatalogue(text, FILE);
    assert.deepEqual(messages(problems), [
      "38:15 column 'smoker' of table 'DEMO_people' refers to code list 'YesNo', which is not defined under codeLists (did you mean 'yesno'?)",
    ]);
    assert.ok(dataset);
    assert.equal(dataset.tables[0].columns[1].codes, undefined);
  });

  it('reports duplicate codes within a code list', () => {
    const text = GOOD.replace('      - { code: "01", meaning: "One" }', '      - { code: "01", meaning: "One" }\n      - { code: "01", meaning: "Uno" }');
    const { dataset, problems } = loadCatalogue(text, FILE);
    assert.deepEqual(messages(problems), ["24:16 code '01' is listed twice in code list 'partial' (first at line 24)"]);
    assert.equal(dataset?.codeLists.get('partial')?.codes.length, 1);
  });

  it('returns no dataset when the top level is unusable', () => {
    const noDataset = loadCatalogue(yaml('format: 1', 'tables: []'), FILE);
    assert.equal(noDataset.dataset, undefined);
    assert.deepEqual(messages(noDataset.problems), ["0:0 the catalogue has no 'dataset'"]);

    const wrongFormat = loadCatalogue(yaml('format: 2', 'dataset: { id: d, title: D }', 'tables: []'), FILE);
    assert.equal(wrongFormat.dataset, undefined);
    assert.deepEqual(messages(wrongFormat.problems), ["0:8 'format' must be 1 (found 2)"]);

    const tablesNotList = loadCatalogue(yaml('format: 1', 'dataset: { id: d, title: D }', 'tables: nope'), FILE);
    assert.equal(tablesNotList.dataset, undefined);
    assert.deepEqual(messages(tablesNotList.problems), ["2:8 'tables' must be a list (found 'nope')"]);
  });

  it('loads a minimal catalogue and asks for format when it is missing', () => {
    const { dataset, problems } = loadCatalogue(yaml('dataset: { id: d, title: D }', 'tables: []'), FILE);
    assert.ok(dataset);
    assert.deepEqual(dataset.tables, []);
    assert.equal(dataset.codeLists.size, 0);
    assert.equal(dataset.measures.size, 0);
    assert.deepEqual(messages(problems), ["0:0 the catalogue has no 'format' (add format: 1)"]);
  });

  it('never throws, whatever the input', () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1');
    const inputs = [
      '',
      '   \n\n',
      'hello',
      '42',
      '- a\n- b',
      'null',
      '~',
      '---\na: 1\n---\nb: 2\n',
      '\u0000\u0001\u0002',
      '\uFEFFformat: 1',
      junk,
      'a: &x [*x]',
      'a: !!binary aGVsbG8=',
      '? [a, b]\n: c',
      'format: 1\ndataset: [1, 2]\ntables: {}',
      'format: 1\ndataset: { id: d, title: D }\ntables: [1, "x", null, [], { name: 5, columns: {} }, { name: t, columns: [1, null, { name: [] }] }]',
      'format: 1\ndataset: { id: d, title: D }\ncodeLists: { "bad id": { title: 1, codes: 3 }, x: null }\nmeasures: { a: 1 }\ntables: []',
      'x: ' + '['.repeat(5000),
      'a: &a [' + '*a,'.repeat(10) + ']\n',
    ];
    for (const input of inputs) {
      const result = loadCatalogue(input, FILE);
      assert.ok(Array.isArray(result.problems), JSON.stringify(input.slice(0, 40)));
      for (const p of result.problems) {
        assert.equal(p.file, FILE);
        assert.ok(Number.isInteger(p.line) && p.line >= 0);
        assert.ok(Number.isInteger(p.column) && p.column >= 0);
        assert.equal(typeof p.message, 'string');
      }
    }
  });

  it('reports an empty file and a scalar clearly', () => {
    assert.deepEqual(messages(loadCatalogue('', FILE).problems), ['0:0 the catalogue file is empty; it needs format: 1, a dataset and tables']);
    assert.deepEqual(messages(loadCatalogue('hello\n', FILE).problems), ['0:0 the catalogue is a single value; it must be a mapping with format: 1, a dataset and tables']);
  });

  it('survives a 10 MB file of junk and caps the number of problems', () => {
    const junk = Buffer.from(Array.from({ length: 10 * 1024 * 1024 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const { dataset, problems } = loadCatalogue(junk, FILE);
    assert.equal(dataset, undefined);
    assert.ok(problems.length >= 1 && problems.length <= 201);
  });

  it('caps the number of problems for a large file with many broken entries', () => {
    const columns = Array.from({ length: 1000 }, (_, i) => `      - name: c${i}\n        key: nope`).join('\n');
    const text = yaml('format: 1', 'dataset: { id: d, title: D }', 'tables:', '  - name: t', '    columns:') + columns + '\n';
    const { dataset, problems } = loadCatalogue(text, FILE);
    assert.ok(dataset);
    assert.equal(dataset.tables[0].columns.length, 1000);
    assert.equal(problems.length, 201);
    assert.match(problems[200].message, /^800 more problems not shown/);
  });

  it('places every problem inside its line, even after a rejected token that spans lines', () => {
    for (const text of ['}  - a: b\n    c: d\n    e: f\n', 'format: 1\ndataset: { id: d, title: "x\n  y: [\n', 'a: "b\nc\n  - d: ]\n']) {
      const lines = text.split('\n');
      const { problems } = loadCatalogue(text, FILE);
      assert.ok(problems.length > 0, JSON.stringify(text));
      for (const p of problems) assert.ok(p.line < lines.length && p.column <= lines[p.line].length, `${JSON.stringify(text)}: ${p.line}:${p.column} ${p.message}`);
    }
  });

  it('reads a file whose lines end in CR alone as the same file with LF', () => {
    const lf = fs.readFileSync(IAPT_FILE, 'utf8');
    const cr = loadCatalogue(lf.replace(/\n/g, '\r'), FILE);
    assert.deepStrictEqual(cr.problems, []);
    assert.deepStrictEqual(cr.dataset?.tables.map((t) => t.columns.length), loadCatalogue(lf, FILE).dataset?.tables.map((t) => t.columns.length));
  });

  it('says the nesting is too deep, once and the same every time, instead of a syntax error', () => {
    const text = 'tables: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    const first = loadCatalogue(text, FILE).problems;
    assert.deepStrictEqual(first.map((p) => p.message), ['the catalogue could not be read: the YAML is nested too deeply to read']);
    for (let i = 0; i < 3; i++) assert.deepStrictEqual(loadCatalogue(text, FILE).problems, first);
  });

  it('works out "did you mean" only for the problems it shows (2,000 columns naming missing code lists)', () => {
    const lists = Array.from({ length: 2000 }, (_, i) => `  list_${i}: { title: x, codes: [] }`).join('\n');
    const columns = Array.from({ length: 2000 }, (_, i) => `      - name: c${i}\n        codes: missing_${i}`).join('\n');
    const text = yaml('format: 1', 'dataset: { id: d, title: D }', 'codeLists:') + lists + '\n' + yaml('tables:', '  - name: t', '    columns:') + columns + '\n';
    // (Each suggestion compares the name with all 2,000 lists: for all 2,000 columns that took 9 s. Speed is the
    // bench's to measure, not a test's: this checks what is shown.)
    const { dataset, problems } = loadCatalogue(text, FILE);
    assert.equal(dataset?.tables[0].columns.length, 2000);
    assert.equal(problems.length, 201);
    assert.match(problems[0].message, /refers to code list 'missing_0', which is not defined under codeLists/);
    assert.match(problems[200].message, /^1800 more problems not shown/);
  });
});
