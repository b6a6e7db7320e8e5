// A catalogue with a YAML syntax error keeps everything but the entry the error is in, and nothing kept is wrong.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { loadCatalogue } from '../../server/src/catalogue/load';
import { Column, Dataset } from '../../server/src/catalogue/model';
import { IAPT_FILE } from '../iapt';

const IAPT = fs.readFileSync(IAPT_FILE, 'utf8');
const LINES = IAPT.split('\n');
const ORIGINAL = loadCatalogue(IAPT, IAPT_FILE).dataset as Dataset;

/** 0-based line of an offset in the IAPT text. */
function lineOf(offset: number): number {
  return IAPT.slice(0, offset).split('\n').length - 1;
}

/** Each column of the original with the lines it spans (to the line before the next column or table). */
function columnSpans(): { table: string; column: Column; first: number; last: number }[] {
  const out: { table: string; column: Column; first: number; last: number }[] = [];
  ORIGINAL.tables.forEach((t, i) => {
    const tableEnd = i + 1 < ORIGINAL.tables.length ? lineOf(ORIGINAL.tables[i + 1].offset ?? 0) - 1 : LINES.length - 1;
    t.columns.forEach((c, j) => {
      const next = t.columns[j + 1];
      out.push({ table: t.name, column: c, first: lineOf(c.offset ?? 0), last: next ? lineOf(next.offset ?? 0) - 1 : tableEnd });
    });
  });
  return out;
}
const SPANS = columnSpans();

/** Every field of `kept` is as in `original` (a field may be missing: its line was left out). */
function assertPartOf(kept: object, original: object, what: string): void {
  for (const [k, v] of Object.entries(kept)) {
    // A column without a provenance line is INFERRED, as the loader reads any column that states none.
    if (k === 'provenance' && !('columns' in original) && JSON.stringify(v) === '{"status":"INFERRED"}') continue;
    // A table whose title line was left out is titled by its name, as the loader titles any table that has none.
    if (k === 'title' && 'columns' in original && v === (kept as { name?: string }).name) continue;
    assert.deepEqual(v, (original as Record<string, unknown>)[k], `${what}: field ${k} changed`);
  }
}

/** Where line `n` starts in the IAPT text. */
function startOf(n: number): number {
  return LINES.slice(0, n).reduce((a, l) => a + l.length + 1, 0);
}

/** `entry` as it reads once the indentation of line `n` is one tab: what comes after moves back. */
function moved<T extends { offset?: number }>(entry: T, n: number): T {
  const shift = (/^ */.exec(LINES[n])?.[0].length ?? 1) - 1;
  return entry.offset !== undefined && entry.offset > startOf(n) ? { ...entry, offset: entry.offset - shift } : entry;
}

/** The IAPT catalogue with the indentation of line `n` typed as a tab, loaded. */
function withTab(n: number): { dataset: Dataset; first: number; last: number; problems: string[] } {
  const lines = LINES.slice();
  lines[n] = lines[n].replace(/^ +/, '\t');
  const { dataset, problems } = loadCatalogue(lines.join('\n'), IAPT_FILE);
  const texts = problems.map((p) => `${p.line}:${p.column} ${p.message}`);
  assert.ok(dataset, texts.join('\n'));
  assert.equal(problems[0].line, n, texts.join('\n'));
  const m = /^YAML syntax error: Tabs are not allowed as indentation; lines? (\d+)(?:-(\d+))? (?:is|are) left out until it is fixed$/.exec(problems[0].message);
  assert.ok(m, texts.join('\n'));
  const first = Number(m[1]) - 1;
  return { dataset, first, last: m[2] ? Number(m[2]) - 1 : first, problems: texts };
}

/** Indented lines of the IAPT catalogue that hold something (a tab can only replace indentation), after the
 * dataset's id and title: without those there is no dataset to keep. */
const INDENTED = LINES.map((l, i) => (/^ +[^\s#]/.test(l) && i > LINES.indexOf('naming:') ? i : -1)).filter((i) => i >= 0);

describe('salvage: a catalogue with YAML syntax errors', function () {
  this.timeout(120000);

  it('keeps all nine tables when a line of the first table is indented with a tab', () => {
    // yaml's own recovery kept only the first table: everything after the tab was lost.
    const n = lineOf(ORIGINAL.tables[0].columns[0].offset ?? 0) + 1;
    const { dataset } = withTab(n);
    assert.equal(dataset.tables.length, ORIGINAL.tables.length);
  });

  it('leaves out only the lines a tab-indented line holds, and keeps every other entry as it was', () => {
    const line = fc.constantFrom(...INDENTED);
    fc.assert(
      fc.property(line, (n) => {
        const { dataset, first, last } = withTab(n);
        const inside = (l: number): boolean => l >= first && l <= last;
        assert.ok(inside(n));
        // Tables: one is lost only when its name or its "columns:" line was left out.
        for (const t of ORIGINAL.tables) {
          const kept = dataset.tables.find((k) => k.name === t.name);
          if (!kept) {
            const columnsLine = LINES.findIndex((l, i) => i > lineOf(t.offset ?? 0) && /^ {4}columns:/.test(l));
            assert.ok(inside(lineOf(t.offset ?? 0)) || inside(columnsLine), `table ${t.name} lost (left out ${first}-${last})`);
            continue;
          }
          assertPartOf(kept, moved({ ...t, columns: kept.columns }, n), `table ${t.name}`);
        }
        // Columns: one whose lines are all kept is there, unchanged; one partly kept has only its own fields.
        for (const s of SPANS) {
          const table = dataset.tables.find((k) => k.name === s.table);
          if (!table) continue;
          const kept = table.columns.find((c) => c.name === s.column.name);
          const untouched = s.last < first || s.first > last;
          // A code list left out is no longer named by the columns that used it (the loader reports each).
          const expected = { ...moved(s.column, n) };
          if (expected.codes !== undefined && !dataset.codeLists.has(expected.codes)) delete expected.codes;
          if (untouched) assert.deepEqual(kept, expected, `column ${s.table}.${s.column.name} (left out ${first}-${last})`);
          else if (kept) assertPartOf(kept, moved(s.column, n), `column ${s.table}.${s.column.name}`);
        }
        for (const t of dataset.tables) assert.ok(t.columns.every((c) => SPANS.some((s) => s.table === t.name && s.column.name === c.name)));
        // Code lists and codes: nothing new, nothing changed, and no more codes lost than lines left out.
        for (const [id, list] of dataset.codeLists) {
          const original = ORIGINAL.codeLists.get(id);
          assert.ok(original, id);
          for (const c of list.codes) assert.deepEqual(c, original.codes.find((o) => o.code === c.code), `code ${c.code} of ${id}`);
          assert.ok(original.codes.length - list.codes.length <= last - first + 1, id);
        }
        // Measures: nothing new, and a kept one has only its own fields (one whose note line was left out has none).
        for (const [code, m] of dataset.measures) {
          const original = ORIGINAL.measures.get(code);
          assert.ok(original, code);
          assertPartOf(m, original, `measure ${code}`);
        }
      }),
      { numRuns: 30, seed: 2026 },
    );
  });

  it('leaves out the same lines of a file with CRLF line ends (as saved on Windows)', () => {
    const names = (d: Dataset | undefined): string[] => (d?.tables ?? []).flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`));
    for (const n of INDENTED.filter((_, i) => i % 400 === 7)) {
      const lines = LINES.slice();
      lines[n] = lines[n].replace(/^ +/, '\t');
      const lf = loadCatalogue(lines.join('\n'), IAPT_FILE);
      const crlf = loadCatalogue(lines.join('\r\n'), IAPT_FILE);
      assert.deepEqual(names(crlf.dataset), names(lf.dataset), `tab at line ${n + 1}`);
      assert.deepEqual(
        crlf.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
        lf.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      );
      assert.match(crlf.problems[0].message, /left out until it is fixed$/);
    }
  });

  it('drops one column with a tab before its name, not the column above it', () => {
    const s = SPANS.find((x) => x.table === 'IAPT_care_activities' && x.column.name !== ORIGINAL.tables[3].columns[0].name) ?? SPANS[5];
    const { dataset, first, last } = withTab(s.first);
    assert.equal(first, s.first);
    assert.ok(last <= s.last);
    const table = dataset.tables.find((t) => t.name === s.table);
    assert.deepEqual(
      table?.columns.map((c) => c.name),
      ORIGINAL.tables.find((t) => t.name === s.table)?.columns.map((c) => c.name).filter((c) => c !== s.column.name),
    );
  });

  it('keeps a column whose description has no closing quote, without the description', () => {
    const s = SPANS.find((x) => x.column.description !== undefined && LINES.slice(x.first, x.last + 1).some((l) => /^ {8}description: [^"']/.test(l)));
    assert.ok(s);
    const n = LINES.findIndex((l, i) => i > s.first && /^ {8}description: /.test(l));
    const lines = LINES.slice();
    lines[n] = lines[n].replace('description: ', 'description: "');
    const { dataset, problems } = loadCatalogue(lines.join('\n'), IAPT_FILE);
    assert.ok(dataset);
    assert.equal(problems.length, 1, problems.map((p) => p.message).join('\n'));
    assert.equal(problems[0].line, n);
    assert.match(problems[0].message, new RegExp(`^YAML syntax error: .*; line ${n + 1} is left out until it is fixed$`));
    const kept = dataset.tables.find((t) => t.name === s.table)?.columns.find((c) => c.name === s.column.name);
    assert.deepEqual(kept, Object.fromEntries(Object.entries(s.column).filter(([k]) => k !== 'description')));
    assert.equal(dataset.tables.reduce((a, t) => a + t.columns.length, 0), SPANS.length);
  });

  it('keeps the first of a key given twice in one column', () => {
    const s = SPANS.find((x) => x.column.type !== undefined) as (typeof SPANS)[number];
    const typeLine = LINES.findIndex((l, i) => i > s.first && /^ {8}type: /.test(l));
    const lines = LINES.slice();
    lines.splice(typeLine + 1, 0, '        type: not the first');
    const { dataset, problems } = loadCatalogue(lines.join('\n'), IAPT_FILE);
    assert.equal(problems.length, 1, problems.map((p) => p.message).join('\n'));
    assert.equal(problems[0].line, typeLine + 1);
    assert.match(problems[0].message, /keys must be unique: 'type' is given twice; the first is used/);
    const kept = dataset?.tables.find((t) => t.name === s.table)?.columns.find((c) => c.name === s.column.name);
    assert.equal(kept?.type, s.column.type);
  });

  it('loses only the code whose flow mapping is not closed', () => {
    const n = LINES.findIndex((l) => /^ {6}- \{ code: .*\}$/.test(l));
    const lines = LINES.slice();
    lines[n] = lines[n].replace(/\}$/, '');
    const { dataset, problems } = loadCatalogue(lines.join('\n'), IAPT_FILE);
    assert.ok(dataset);
    assert.equal(problems[0].line, n, problems.map((p) => `${p.line} ${p.message}`).join('\n'));
    const total = (d: Dataset): number => [...d.codeLists.values()].reduce((a, l) => a + l.codes.length, 0);
    assert.equal(total(dataset), total(ORIGINAL) - 1);
    assert.equal(dataset.tables.length, ORIGINAL.tables.length);
  });
});

describe('salvage: what a broken line holds goes with it (review cases)', () => {
  const HEAD = 'format: 1\ndataset:\n  id: t\n  title: T\n';
  const load = (text: string): Dataset => {
    const { dataset, problems } = loadCatalogue(text, 'review.catalogue.yaml');
    assert.ok(dataset, problems.map((p) => p.message).join('\n'));
    return dataset;
  };
  const columns = (d: Dataset): object[] => d.tables.flatMap((t) => t.columns.map(({ offset: _, ...c }) => ({ table: t.name, ...c })));

  it('a list item indented one space too far takes its fields with it, not to the item above', () => {
    const d = load(HEAD + 'codeLists:\n  yn:\n    title: Yes/No\n    codes: [ { code: "1", meaning: "Yes" } ]\ntables:\n  - name: A\n    columns:\n      - name: x\n        key: referral\n       - name: y\n        type: integer\n        codes: yn\n');
    assert.deepEqual(columns(d), [{ table: 'A', name: 'x', key: 'referral', provenance: { status: 'INFERRED' } }]);
  });

  it('a tab-indented key takes the lines its value goes on over (plain, or a block scalar)', () => {
    const plain = load(HEAD + 'tables:\n  - name: A\n    columns:\n      - name: x\n        type: string\n\tdescription: The date the referral was\n          received by the service.\n        source: IDS101\n');
    assert.deepEqual(columns(plain), [{ table: 'A', name: 'x', type: 'string', source: 'IDS101', provenance: { status: 'INFERRED' } }]);
    const folded = load(HEAD + 'tables:\n  - name: A\n    title: Referrals\n\tdescription: >\n      One row per referral.\n    columns:\n      - name: x\n');
    assert.equal(folded.tables[0].title, 'Referrals');
    assert.equal(folded.tables[0].description, undefined);
  });

  it('a value written below its key is left out whole, not line by line', () => {
    const d = load(HEAD + 'tables:\n  - name: A\n    description:\n      "One row per referral,\n      de-duplicated\n    columns:\n      - name: x\n');
    assert.equal(d.tables[0].description, undefined);
    assert.deepEqual(columns(d), [{ table: 'A', name: 'x', provenance: { status: 'INFERRED' } }]);
  });

  it('a key given twice, with its list at the key\'s own depth, is left out with its list', () => {
    const d = load(HEAD + 'codeLists:\n  yn:\n    title: Yes/No\n    codes:\n    - { code: "1", meaning: "Yes" }\n    codes:\n    - { code: "9", meaning: "Unknown" }\ntables:\n- name: A\n  columns:\n  - name: x\n  columns:\n  - name: y\n');
    assert.deepEqual(d.codeLists.get('yn')?.codes, [{ code: '1', meaning: 'Yes' }]);
    assert.deepEqual(columns(d), [{ table: 'A', name: 'x', provenance: { status: 'INFERRED' } }]);
  });

  it('falls back to the parser\'s own reading when a left-out line held an anchor used below', () => {
    const d = load(HEAD + 'tables:\n  - name: A\n    columns:\n      - name: x\n\tprovenance: &v { status: VERIFIED, source: S8 }\n      - name: y\n        provenance: *v\n  - name: B\n    columns:\n      - name: z\n');
    assert.ok(d.tables.some((t) => t.name === 'A'));
  });

  it('reads a file with a byte-order mark whose first line is a key like one without', () => {
    const text = 'tables:\n  - name: A\n    columns:\n      - name: x\n        type: "int\n      - name: y\n' + HEAD;
    const plain = loadCatalogue(text, 'x.yaml');
    const bom = loadCatalogue('\ufeff' + text, 'x.yaml');
    assert.deepEqual(bom.problems.map((p) => [p.line, p.message]), plain.problems.map((p) => [p.line, p.message]));
    assert.match(bom.problems[0].message, /; line 5 is left out until it is fixed$/);
    assert.deepEqual(columns(bom.dataset as Dataset), columns(plain.dataset as Dataset));
  });
});
