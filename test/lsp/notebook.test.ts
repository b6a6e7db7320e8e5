// Jupyter notebooks (LSP 3.17 notebook sync) and Quarto documents through the bundled server, as VS Code sends them.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CodeAction, CompletionItem, CompletionList, Hover, Location, NotebookCellKind } from 'vscode-languageserver-protocol';
import { REPO } from '../iapt';
import { Client, labels } from './client';

const NOTEBOOK = 'file:///tmp/lsp-test/waiting-times.ipynb';
const cell = (n: number): string => `vscode-notebook-cell:/tmp/lsp-test/waiting-times.ipynb#W${n}sZmlsZQ%3D%3D`;

/** The example notebook's code cells, as the client sends them. */
function exampleCells(): string[] {
  const nb = JSON.parse(fs.readFileSync(path.join(REPO, 'examples', 'notebooks', 'waiting-times.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string[] }[] };
  return nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
}

describe('LSP over stdio: notebooks and Quarto', function () {
  this.timeout(30000);
  let client: Client;
  before(async () => {
    client = new Client();
    const init = (await client.init) as { capabilities: { notebookDocumentSync?: { notebookSelector: unknown[] } } };
    assert.ok(init.capabilities.notebookDocumentSync?.notebookSelector.length, 'the server declares notebook sync');
  });
  after(async () => client.stop());

  it('analyses the cells of a notebook in order: diagnostics, completion, hover, quick fix and definition per cell', async () => {
    const texts = exampleCells();
    texts[1] = texts[1].replace('ref$referralrequestreceiveddate', 'ref$referralrequestreceiveddat');
    const diags = texts.map((_, i) => client.nextDiagnostics(cell(i)));
    await client.conn.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: NOTEBOOK, notebookType: 'jupyter-notebook', version: 1, cells: texts.map((_, i) => ({ kind: NotebookCellKind.Code, document: cell(i) })) },
      cellTextDocuments: texts.map((text, i) => ({ uri: cell(i), languageId: 'r', version: 1, text })),
    });
    const [first, second, third] = await Promise.all(diags);
    assert.deepStrictEqual(first.diagnostics, []);
    assert.deepStrictEqual(third.diagnostics, []);
    const line0 = texts[1].split('\n')[0];
    assert.deepStrictEqual(second.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]), [
      ['unknown-column', 0, line0.indexOf('referralrequestreceiveddat'), line0.indexOf('referralrequestreceiveddat') + 'referralrequestreceiveddat'.length],
    ]);

    // Column completion in the second cell, from the data frame the first cell loaded.
    const line1 = texts[1].split('\n')[1];
    const at = { line: 1, character: line1.indexOf('ref$treatment') + 'ref$'.length };
    const completion = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: cell(1) }, position: at });
    assert.ok(labels(completion).includes('phq9_firstscore'), labels(completion).join());

    const hover = await client.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: cell(2) }, position: { line: 0, character: texts[2].indexOf('phq9_firstscore') + 2 } });
    assert.match(JSON.stringify(hover.contents), /PHQ-9/);

    const actions = await client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cell(1) }, range: second.diagnostics[0].range, context: { diagnostics: second.diagnostics } });
    assert.ok(actions.some((a) => a.title.includes("'referralrequestreceiveddate'")), actions.map((a) => a.title).join());

    // Editing the first cell changes what the later cells know.
    const next = client.nextDiagnostics(cell(2));
    const from = texts[0].indexOf('phq9_firstscore');
    await client.conn.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: NOTEBOOK, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cell(0), version: 2 }, changes: [{ range: rangeOf(texts[0], from, from + 'phq9_firstscore'.length), text: 'phq9_lastscore AS p' }] }] } },
    });
    const after = await next;
    assert.deepStrictEqual(after.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['unknown-column', 0, texts[2].indexOf('phq9_firstscore')]]);

    const closed = client.nextDiagnostics(cell(1));
    await client.conn.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: NOTEBOOK }, cellTextDocuments: texts.map((_, i) => ({ uri: cell(i) })) });
    assert.deepStrictEqual((await closed).diagnostics, []);
  });

  it('reads the SQL of a Python notebook\'s %%sql and %sql magics (ipython-sql, jupysql), and nothing else of its cells', async () => {
    const nb = 'file:///tmp/lsp-test/python.ipynb';
    const c = (n: number): string => `vscode-notebook-cell:/tmp/lsp-test/python.ipynb#Y${n}`;
    const texts = [
      'import pandas as pd\nr = pd.DataFrame({"endcod": [1]})',
      '%%sql\nSELECT r.endcod FROM nhsd.IAPT_demographics_and_referral_v0003 r WHERE r.endcode = :code',
      'x = 1\nrefs = %sql SELECT a.apptyp FROM nhsd.IAPT_care_activities_v0003 a\nprint(refs)',
    ];
    const diags = [client.nextDiagnostics(c(1)), client.nextDiagnostics(c(2))];
    await client.conn.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: nb, notebookType: 'jupyter-notebook', version: 1, cells: texts.map((_, i) => ({ kind: NotebookCellKind.Code, document: c(i) })) },
      cellTextDocuments: texts.map((text, i) => ({ uri: c(i), languageId: 'python', version: 1, text })),
    });
    const [magic, line] = await Promise.all(diags);
    assert.deepStrictEqual(magic.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['unknown-column', 1, 'SELECT r.'.length]]);
    assert.deepStrictEqual(line.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['unknown-column', 1, 'refs = %sql SELECT a.'.length]]);
    const completion = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: c(1) }, position: { line: 1, character: 'SELECT r.'.length } });
    assert.ok(labels(completion).includes('endcode'), labels(completion).join());
    // The Python itself is no one's business: no completion from the catalogue there.
    const python = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: c(0) }, position: { line: 1, character: 'r = pd.'.length } });
    assert.deepStrictEqual(labels(python), []);
    await client.conn.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: nb }, cellTextDocuments: texts.map((_, i) => ({ uri: c(i) })) });
  });

  it('clears the diagnostics of a cell removed from the notebook', async () => {
    const nb = 'file:///tmp/lsp-test/removed.ipynb';
    const c = (n: number): string => `vscode-notebook-cell:/tmp/lsp-test/removed.ipynb#R${n}`;
    const texts = ['SELECT 1', 'SELECT r.x FROM nhsd.IAPT_nonsense_v0003 r', 'SELECT 2'];
    const opened = client.nextDiagnostics(c(1));
    await client.conn.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: nb, notebookType: 'jupyter-notebook', version: 1, cells: texts.map((_, i) => ({ kind: NotebookCellKind.Code, document: c(i) })) },
      cellTextDocuments: texts.map((text, i) => ({ uri: c(i), languageId: 'sql', version: 1, text })),
    });
    assert.strictEqual((await opened).diagnostics.length, 1);
    const cleared = client.nextDiagnostics(c(1));
    await client.conn.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nb, version: 2 },
      change: { cells: { structure: { array: { start: 1, deleteCount: 1, cells: [] }, didClose: [{ uri: c(1) }] } } },
    });
    assert.deepStrictEqual((await cleared).diagnostics, []);
    await client.conn.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: nb }, cellTextDocuments: [{ uri: c(0) }, { uri: c(2) }] });
  });

  it('keeps the text of a cell whole after a change whose range lies past its last line', async () => {
    const nb = 'file:///tmp/lsp-test/past-end.ipynb';
    const c0 = 'vscode-notebook-cell:/tmp/lsp-test/past-end.ipynb#P0';
    const opened = client.nextDiagnostics(c0);
    await client.conn.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: nb, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: NotebookCellKind.Code, document: c0 }] },
      cellTextDocuments: [{ uri: c0, languageId: 'sql', version: 1, text: 'SELECT 1' }],
    });
    await opened;
    const edits = [
      { range: { start: { line: 2, character: 0 }, end: { line: 1, character: 0 } }, text: '\nSELECT r.x FROM nhsd.IAPT_nonsense_v0003 r' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '-- x\n' },
    ];
    let published;
    for (const [i, change] of edits.entries()) {
      const next = client.nextDiagnostics(c0);
      await client.conn.sendNotification('notebookDocument/didChange', {
        notebookDocument: { uri: nb, version: 2 + i },
        change: { cells: { textContent: [{ document: { uri: c0, version: 2 + i }, changes: [change] }] } },
      });
      published = await next;
    }
    // The cell now reads 'SELECT 1', '-- x', 'SELECT r.x FROM nhsd.IAPT_nonsense_v0003 r'.
    const at = 'SELECT r.x FROM nhsd.'.length;
    assert.deepStrictEqual(published?.diagnostics.map((d) => [d.code, d.range]), [['unknown-table', { start: { line: 2, character: at }, end: { line: 2, character: at + 'IAPT_nonsense_v0003'.length } }]]);
    await client.conn.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: nb }, cellTextDocuments: [{ uri: c0 }] });
  });

  it('goes to a definition in an earlier cell', async () => {
    const nb = 'file:///tmp/lsp-test/defs.ipynb';
    const c = (n: number): string => `vscode-notebook-cell:/tmp/lsp-test/defs.ipynb#X${n}`;
    const texts = ['x <- sqlQuery(conn, "SELECT phq9_firstscore AS first FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]")', 'mean(x$first)'];
    const opened = client.nextDiagnostics(c(1));
    await client.conn.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: nb, notebookType: 'jupyter-notebook', version: 1, cells: texts.map((_, i) => ({ kind: NotebookCellKind.Code, document: c(i) })) },
      cellTextDocuments: texts.map((text, i) => ({ uri: c(i), languageId: 'r', version: 1, text })),
    });
    await opened;
    const loc = await client.conn.sendRequest<Location>('textDocument/definition', { textDocument: { uri: c(1) }, position: { line: 0, character: 'mean(x$fi'.length } });
    assert.strictEqual(loc.uri, c(0));
    assert.deepStrictEqual(loc.range, { start: { line: 0, character: texts[0].indexOf('first FROM') }, end: { line: 0, character: texts[0].indexOf('first FROM') + 5 } });
  });

  it('analyses a Quarto document opened as `quarto`: SQL chunk into R data frame, exact positions', async () => {
    const uri = 'file:///tmp/lsp-test/recovery-report.qmd';
    const text = fs.readFileSync(path.join(REPO, 'examples', 'notebooks', 'recovery-report.qmd'), 'utf8').replace('filter(phq9_firstscore', 'filter(phq9_firstscor');
    const diags = await client.open(uri, text, 'quarto');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('filter(phq9_firstscor'));
    assert.deepStrictEqual(diags.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['unknown-column', line, lines[line].indexOf('phq9_firstscor')]]);
    const mean = lines.findIndex((l) => l.startsWith('mean(finished$'));
    const completion = await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: mean, character: 'mean(finished$'.length } });
    assert.ok(labels(completion).includes('recovered') && labels(completion).includes('gad_lastscore'), labels(completion).join());
  });
});

function rangeOf(text: string, start: number, end: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const pos = (o: number): { line: number; character: number } => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { start: pos(start), end: pos(end) };
}
