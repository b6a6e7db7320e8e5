// R test helpers: features run through the real catalogue on an R document with a | caret.

import { CompletionItem } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../../../server/src/features/completion';
import { findings } from '../../../server/src/features/diagnostics';
import { hover } from '../../../server/src/features/hover';
import { analyseR } from '../../../server/src/languages/r/analyse';
import { caret } from '../../helpers';
import { iaptCatalogue } from '../../iapt';

export const rDoc = (text: string): TextDocument => TextDocument.create('file:///test.R', 'r', 1, text);

/** Completion labels at the caret. */
export function completeR(fixture: string): CompletionItem[] {
  const { text, offset } = caret(fixture);
  return complete(rDoc(text), analyseR(text), iaptCatalogue(), offset);
}

export const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);

export const edit = (item: CompletionItem | undefined): { newText: string; start: number; end: number } | undefined => {
  if (!item?.textEdit || !('range' in item.textEdit)) return undefined;
  return { newText: item.textEdit.newText, start: item.textEdit.range.start.character, end: item.textEdit.range.end.character };
};

/** Each finding as `code text` (the flagged text). */
export function flagged(text: string): string[] {
  return findings(analyseR(text), iaptCatalogue()).map((f) => `${f.code} ${text.slice(f.span.start, f.span.end)}`);
}

export function hoverR(fixture: string): string | undefined {
  const { text, offset } = caret(fixture);
  const h = hover(rDoc(text), analyseR(text), iaptCatalogue(), offset);
  return h ? (h.contents as { value: string }).value : undefined;
}

export const REF = 'ref <- sqlQuery(conn, "SELECT * FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]")\n';
