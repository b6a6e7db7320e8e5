// Shared helpers for the Stata tests: diagnostics as (text, message) pairs, and the load line most do-files start with.

import { TextDocument } from 'vscode-languageserver-textdocument';
import { findings } from '../../../server/src/features/diagnostics';
import { analyseStata } from '../../../server/src/languages/stata/analyse';
import { iaptCatalogue } from '../../iapt';

export const DEMOGRAPHICS = '[LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]';

/** `odbc load` of some demographics columns. */
export const LOAD = `odbc load, exec("SELECT pathwayid, endcode, phq9_firstscore, phq9_lastscore, gad_firstscore, gad_lastscore FROM ${DEMOGRAPHICS}") dsn(LLC_DB) clear\n`;

/** The flagged text of every finding. */
export function flagged(text: string): string[] {
  return findings(analyseStata(text), iaptCatalogue()).map((f) => text.slice(f.span.start, f.span.end));
}

export function messages(text: string): string[] {
  return findings(analyseStata(text), iaptCatalogue()).map((f) => f.message);
}

export function stataDoc(text: string): TextDocument {
  return TextDocument.create('file:///test.do', 'stata', 1, text);
}
