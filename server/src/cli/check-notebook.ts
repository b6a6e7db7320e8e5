// `tre-catalogue check` for Jupyter notebooks: the code cells analysed in order, one script per language, and
// problems reported as `file:cell N:line:col: code: message`, with N the cell's position in the notebook
// (markdown cells counted, as VS Code's "Cell N of M") and line and column inside that cell.

import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalogue } from '../catalogue/index';
import { diagnostics } from '../features/diagnostics';
import { analyseCells } from '../languages/notebook/cells';
import { IpynbCell, readIpynb } from '../languages/notebook/ipynb';

/** Appends one line per problem to `lines` (or the reason to `errors`); returns the number of problems. */
export function checkNotebook(file: string, catalogue: Catalogue, lines: string[], errors: string[]): number {
  let cells: IpynbCell[];
  try {
    cells = readIpynb(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    errors.push(`${file}: ${(e as Error).message}`);
    return 0;
  }
  const analysis = analyseCells(cells);
  let problems = 0;
  for (const cell of cells) {
    const model = analysis.cells.get(cell.uri);
    if (!model) continue;
    const doc = TextDocument.create(`file://${path.resolve(file)}#cell${cell.number}`, cell.languageId, 1, cell.text);
    for (const d of diagnostics(doc, model, catalogue)) {
      problems++;
      lines.push(`${file}:cell ${cell.number}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${d.message}`);
    }
  }
  return problems;
}
