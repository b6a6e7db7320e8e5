// IPython magics that put another language into a notebook cell: a cell magic on the first line (%%sql, %%R,
// %%stata, as ipython-sql / jupysql, rpy2 and pystata write them) makes the whole cell that language; in a Python
// cell, %sql line magics (`%sql SELECT ...`, `df = %sql SELECT ...`) hold SQL to the end of their line.
// The text is blanked around what is read, never shortened, so lines and columns stay those of the cell.

const CELL_MAGICS: Record<string, string> = { sql: 'sql', r: 'r', stata: 'stata' };

const CELL_MAGIC = /^%%([A-Za-z]+)[^\r\n]*/;
const LINE_MAGIC = /^(?:[ \t]*[A-Za-z_][\w.]*[ \t]*=)?[ \t]*%sql(?=[ \t])/;

/** The language a cell is read in and its text as that language sees it. */
export function readCell(languageId: string, text: string): { languageId: string; text: string } {
  const magic = CELL_MAGIC.exec(text);
  const language = magic && CELL_MAGICS[magic[1].toLowerCase()];
  if (magic && language) return { languageId: language, text: blank(magic[0]) + text.slice(magic[0].length) };
  if (languageId.toLowerCase() === 'python' && text.includes('%sql')) {
    const sql = sqlOfLineMagics(text);
    if (sql !== undefined) return { languageId: 'sql', text: sql };
  }
  return { languageId, text };
}

/** The SQL of a Python cell's %sql line magics with the rest blanked, or undefined when it has none. */
function sqlOfLineMagics(text: string): string | undefined {
  let found = false;
  // Split keeping the line ends, so that \r\n and \r stay as they were.
  const lines = text.split(/(\r\n|\r|\n)/);
  for (let i = 0; i < lines.length; i += 2) {
    const m = LINE_MAGIC.exec(lines[i]);
    if (m) found = true;
    lines[i] = m ? blank(m[0]) + lines[i].slice(m[0].length) : blank(lines[i]);
  }
  return found ? lines.join('') : undefined;
}

/** Spaces in place of every character but tabs, which keep columns as editors count them. */
const blank = (s: string): string => s.replace(/[^\t]/g, ' ');
