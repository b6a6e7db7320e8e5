import * as assert from 'assert';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { check } from '../../../server/src/cli/check';
import { complete } from '../../../server/src/features/completion';
import { diagnostics } from '../../../server/src/features/diagnostics';
import { definition } from '../../../server/src/features/definition';
import { Span } from '../../../server/src/languages/model';
import { analyseCells, Cell } from '../../../server/src/languages/notebook/cells';
import { readIpynb } from '../../../server/src/languages/notebook/ipynb';
import { iaptCatalogue, REPO } from '../../iapt';

const DEMOG = '[LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]';
const catalogue = iaptCatalogue();
const cellUri = (n: number): string => `vscode-notebook-cell:/work/analysis.ipynb#W${n}sZmlsZQ%3D%3D`;
const r = (n: number, text: string): Cell => ({ uri: cellUri(n), languageId: 'r', text });

function flaggedPerCell(cells: Cell[]): string[][] {
  const analysis = analyseCells(cells);
  return cells.map((c) => {
    const model = analysis.cells.get(c.uri);
    const doc = TextDocument.create(c.uri, c.languageId, 1, c.text);
    return model ? diagnostics(doc, model, catalogue).map((d) => `${d.code} ${doc.getText(d.range)}`) : [];
  });
}

describe('Notebooks: cells in order', () => {
  const load = r(0, `library(RODBC)\nref <- sqlQuery(conn, "SELECT pathwayid, phq9_firstscore, phq9_lastscore FROM ${DEMOG}")`);

  it('knows a data frame from an earlier cell in later cells, with diagnostics in each cell at cell positions', () => {
    const cells = [load, { uri: cellUri(1), languageId: 'markdown', text: '# Notes' }, r(2, 'x <- 1\nmean(ref$phq9_lastscor)')];
    assert.deepStrictEqual(flaggedPerCell(cells), [[], [], ['unknown-column phq9_lastscor']]);
  });

  it('completes columns of an earlier cell\'s data frame in the second cell, replacing in the cell', () => {
    const text = 'summary(ref$phq)';
    const analysis = analyseCells([load, r(1, text)]);
    const doc = TextDocument.create(cellUri(1), 'r', 1, text);
    const items = complete(doc, analysis.cells.get(cellUri(1))!, catalogue, text.length - 1);
    const item = items.find((i) => i.label === 'phq9_firstscore');
    assert.ok(item, items.map((i) => i.label).join());
    assert.deepStrictEqual(item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined, { start: { line: 0, character: 12 }, end: { line: 0, character: 15 } });
  });

  it('follows cell order, not cell text: a frame made in a later cell is unknown earlier', () => {
    assert.deepStrictEqual(flaggedPerCell([r(0, 'mean(ref$phq9_lastscor)'), load]), [[], []]);
  });

  it('keeps languages apart and SQL cells as separate batches', () => {
    const cells: Cell[] = [
      { uri: cellUri(0), languageId: 'sql', text: `SELECT pathwayid FROM ${DEMOG}` },
      load,
      { uri: cellUri(2), languageId: 'sql', text: `SELECT endcod FROM ${DEMOG}` },
      { uri: cellUri(3), languageId: 'stata', text: `odbc load, exec("SELECT pathwayid, gad_firstscore FROM ${DEMOG}") dsn(LLC_DB) clear` },
      { uri: cellUri(4), languageId: 'stata', text: 'summarize gad_first_score' },
    ];
    assert.deepStrictEqual(flaggedPerCell(cells), [[], [], ['unknown-column endcod'], [], ['unknown-column gad_first_score']]);
  });

  it('reports every span inside its own cell', () => {
    const cells = [load, r(1, 'ref$change <- ref$phq9_lastscore - ref$phq9_firstscore\nsummary(ref$change)'), r(2, 'table(ref$endcode == "46")')];
    const analysis = analyseCells(cells);
    for (const c of cells) {
      const m = analysis.cells.get(c.uri)!;
      const all: Span[] = [...m.tableRefs.map((t) => t.span), ...m.columnRefs.flatMap((x) => [x.span, ...(x.qualifierSpan ? [x.qualifierSpan] : [])]), ...m.valueRefs.map((v) => v.span), ...m.literals.map((l) => l.span)];
      assert.ok(all.length > 0);
      for (const s of all) assert.ok(s.start >= 0 && s.end <= c.text.length, `${c.uri}: ${JSON.stringify(s)}`);
    }
  });

  it('locates a definition in an earlier cell', () => {
    const cells = [r(0, `x <- sqlQuery(conn, "SELECT phq9_firstscore AS first FROM ${DEMOG}")`), r(1, 'mean(x$first)')];
    const analysis = analyseCells(cells);
    const target = definition(analysis.cells.get(cellUri(1))!, catalogue, 'mean(x$fi'.length);
    assert.ok(target && target.kind === 'document');
    const where = analysis.locate(cellUri(1), target.span);
    assert.ok(where);
    assert.strictEqual(where.uri, cellUri(0));
    assert.strictEqual(cells[0].text.slice(where.span.start, where.span.end), 'first');
  });
});

describe('Notebooks: .ipynb files', () => {
  it('reads code cells, source as a string or lines, language from the kernel, VS Code metadata or a cell magic', () => {
    const nb = {
      metadata: { kernelspec: { language: 'python' } },
      cells: [
        { cell_type: 'markdown', source: '# Title' },
        { cell_type: 'code', source: ['%%sql\n', 'SELECT 1\n'] },
        { cell_type: 'code', source: 'x = 1' },
        { cell_type: 'code', metadata: { vscode: { languageId: 'r' } }, source: 'y <- 2' },
        { cell_type: 'code', source: '%%stata\nsummarize x' },
      ],
    };
    const cells = readIpynb(JSON.stringify(nb));
    assert.deepStrictEqual(cells.map((c) => [c.number, c.languageId, c.text]), [
      [2, 'sql', '     \nSELECT 1\n'],
      [3, 'python', 'x = 1'],
      [4, 'r', 'y <- 2'],
      [5, 'stata', '       \nsummarize x'],
    ]);
    assert.throws(() => readIpynb('{"not": "a notebook"}'), /not a Jupyter notebook/);
  });

  it('the command line checks the example notebooks, reporting file:cell N:line:col', () => {
    const folder = path.join('examples', 'notebooks');
    const cwd = process.cwd();
    process.chdir(REPO);
    try {
      const result = check([folder], catalogue);
      assert.deepStrictEqual(result.errors, []);
      assert.ok(result.files >= 4, `${result.files} files`);
      assert.deepStrictEqual(result.lines.map((l) => l.replace(/: Column.*/, '')), [`${path.join(folder, 'mistakes.ipynb')}:cell 3:1:34: unknown-column`]);
    } finally {
      process.chdir(cwd);
    }
  });
});
