// Jupyter .ipynb files for the command line: the code cells, each with its language. The notebook's language
// comes from its kernel (metadata.kernelspec.language, metadata.language_info.name); a cell can say otherwise
// with VS Code's metadata.vscode.languageId or with IPython magics (./magics.ts).

import { Cell } from './cells';
import { readCell } from './magics';

export interface IpynbCell extends Cell {
  /** 1-based position of the cell in the notebook, counting every cell (markdown too), as VS Code's "Cell 3 of 7". */
  number: number;
}

interface RawCell {
  cell_type?: unknown;
  source?: unknown;
  metadata?: { vscode?: { languageId?: unknown } };
}

interface RawNotebook {
  cells?: unknown;
  metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } };
}

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/** The code cells of a notebook; throws when the text is not a notebook. */
export function readIpynb(json: string): IpynbCell[] {
  const nb = JSON.parse(json) as RawNotebook;
  if (!nb || typeof nb !== 'object' || !Array.isArray(nb.cells)) throw new Error('not a Jupyter notebook (no cells)');
  const kernel = (str(nb.metadata?.kernelspec?.language) ?? str(nb.metadata?.language_info?.name) ?? '').toLowerCase();
  const out: IpynbCell[] = [];
  (nb.cells as RawCell[]).forEach((cell, i) => {
    if (!cell || cell.cell_type !== 'code') return;
    // nbformat stores source as one string or as a list of lines that keep their line breaks.
    const source = Array.isArray(cell.source) ? cell.source.filter((l): l is string => typeof l === 'string').join('') : str(cell.source) ?? '';
    const { languageId, text } = readCell((str(cell.metadata?.vscode?.languageId) ?? kernel).toLowerCase(), source);
    out.push({ uri: `cell ${i + 1}`, number: i + 1, languageId, text });
  });
  return out;
}
