// Jupyter .ipynb files for the command line: the code cells, each with its language. The notebook's language
// comes from its kernel (metadata.kernelspec.language, metadata.language_info.name); a cell can say otherwise
// with VS Code's metadata.vscode.languageId or a cell magic on its first line (%%sql, %%R, %%stata, as ipython-sql,
// rpy2 and pystata write them). A magic line is blanked, so line and column numbers stay those of the cell.

import { Cell } from './cells';

export interface IpynbCell extends Cell {
  /** 1-based position of the cell in the notebook, counting every cell (markdown too), as VS Code's "Cell 3 of 7". */
  number: number;
}

const MAGICS: Record<string, string> = { sql: 'sql', r: 'r', stata: 'stata' };

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
    let text = Array.isArray(cell.source) ? cell.source.filter((l): l is string => typeof l === 'string').join('') : str(cell.source) ?? '';
    let languageId = (str(cell.metadata?.vscode?.languageId) ?? kernel).toLowerCase();
    const magic = /^%%([A-Za-z]+)[^\r\n]*/.exec(text);
    if (magic && MAGICS[magic[1].toLowerCase()]) {
      languageId = MAGICS[magic[1].toLowerCase()];
      text = ' '.repeat(magic[0].length) + text.slice(magic[0].length);
    }
    out.push({ uri: `cell ${i + 1}`, number: i + 1, languageId, text });
  });
  return out;
}
