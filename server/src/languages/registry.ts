// Which analyser reads which document: by LSP language id, or by file name for the command line.

import { Analyser } from './model';
import { analyseSql, baseOfSql, reanalyseSql, sameAsSql } from './sql/analyse';
import { analyseStata, reanalyseStata } from './stata/analyse';
import { baseOfStata, sameAsStata } from './stata/same-as';
import { analyseR, reanalyseR } from './r/analyse';
import { baseOfR, sameAsR } from './r/same-as';
import { analyseLiterate } from './literate/analyse';

/** Scripts longer than this (characters) are not analysed: the server's treCatalogue.maxFileSize default, and check's limit. */
export const MAX_FILE_SIZE = 5_000_000;

const sql: Analyser = { analyse: analyseSql, reanalyse: reanalyseSql, sameAs: sameAsSql, baseOf: baseOfSql };
const stata: Analyser = { analyse: analyseStata, reanalyse: reanalyseStata, sameAs: sameAsStata, baseOf: baseOfStata };
const r: Analyser = { analyse: analyseR, reanalyse: reanalyseR, sameAs: sameAsR, baseOf: baseOfR };

// R Markdown and Quarto: `rmd` and `quarto` are the ids the R and Quarto extensions (and this one) give them.
const literate: Analyser = { analyse: analyseLiterate };

const byLanguageId: Record<string, Analyser> = { sql, stata, r, rmd: literate, rmarkdown: literate, quarto: literate };

// Extensions are compared in lower case: .R and .r are both R. Notebooks (.ipynb) are read cell by cell by the
// command line (languages/notebook/ipynb.ts); in the editor their cells arrive as documents of their own.
const byExtension: Record<string, string> = { '.sql': 'sql', '.do': 'stata', '.ado': 'stata', '.r': 'r', '.rmd': 'rmd', '.qmd': 'quarto', '.ipynb': 'ipynb' };

export function analyserFor(languageId: string): Analyser | undefined {
  return byLanguageId[languageId.toLowerCase()];
}

/** The language id for a file name, or undefined when no analyser reads such files. */
export function languageOfFile(fileName: string): string | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : byExtension[fileName.slice(dot).toLowerCase()];
}

/** Language ids that have an analyser. */
export const registeredLanguages = (): string[] => Object.keys(byLanguageId);

