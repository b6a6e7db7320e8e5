// `tre-catalogue check` for Jupyter notebooks: the code cells analysed in order, one script per language, and
// problems reported as `file:cell N:line:col: code: message`, with N the cell's position in the notebook
// (markdown cells counted, as VS Code's "Cell N of M") and line and column inside that cell.

import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalogue } from '../catalogue/index';
import { diagnostics } from '../features/diagnostics';
import { analyseCells } from '../languages/notebook/cells';
import { IpynbCell, readIpynb } from '../languages/notebook/ipynb';

/** Appends one line per problem to `lines` (or the reason to `errors`); returns the number of problems. */
export function checkNotebook(file: string, catalogue: Catalogue, errors: string[]): { cell: number; diagnostic: Diagnostic }[] {
  let cells: IpynbCell[];
  try {
    cells = readIpynb(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    errors.push(`${file}: ${(e as Error).message}`);
    return [];
  }
  const analysis = analyseCells(cells);
  const out: { cell: number; diagnostic: Diagnostic }[] = [];
  for (const cell of cells) {
    const model = analysis.cells.get(cell.uri);
    if (!model) continue;
    const doc = TextDocument.create(`file://${path.resolve(file)}#cell${cell.number}`, cell.languageId, 1, cell.text);
    for (const diagnostic of diagnostics(doc, model, catalogue)) out.push({ cell: cell.number, diagnostic });
  }
  return out;
}
