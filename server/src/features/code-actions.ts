// Quick fixes: replace a name or code the diagnostics flagged with one of their suggestions.

import { CodeAction, CodeActionKind, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalogue } from '../catalogue/index';
import { DocumentModel } from '../languages/model';
import { DiagnosticSettings, diagnostics } from './diagnostics';

/**
 * The fixes are recomputed from the model rather than read from the request's diagnostics, so they
 * work in clients that do not send diagnostic `data` back.
 */
export function codeActions(doc: TextDocument, model: DocumentModel, catalogue: Catalogue, range: Range, settings: DiagnosticSettings): CodeAction[] {
  const start = doc.offsetAt(range.start);
  const end = doc.offsetAt(range.end);
  const actions: CodeAction[] = [];
  // Only the findings near the range: editors ask for code actions at every caret move.
  for (const d of diagnostics(doc, model, catalogue, { ...settings, enable: true }, { start, end })) {
    const dStart = doc.offsetAt(d.range.start);
    const dEnd = doc.offsetAt(d.range.end);
    if (dEnd < start || dStart > end) continue;
    const suggestions = (d.data as { suggestions: string[] }).suggestions;
    suggestions.forEach((s) => {
      actions.push({
        title: `Change to '${s}'`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        // Preferred (applied by "auto fix") only when it is the one fix: of several, none is certain.
        isPreferred: suggestions.length === 1,
        edit: { changes: { [doc.uri]: [{ range: d.range, newText: s }] } },
      });
    });
  }
  return actions;
}
