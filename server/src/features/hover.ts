// Hover: documentation for the table, column, coded value or measure code under the caret.

import { Hover, MarkupKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalogue } from '../catalogue/index';
import { splitTreName } from '../catalogue/tre-names';
import { DocumentModel, Span } from '../languages/model';
import { codeOf, isBlank } from './codes';
import { codeDoc, columnDoc, measureDoc, tableDoc } from './docs';
import { joinAt, joinDoc } from './linkage';
import { relationLabel, resolverFor } from './resolve';

const inside = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

export function hover(doc: TextDocument, model: DocumentModel, catalogue: Catalogue, offset: number): Hover | undefined {
  const resolver = resolverFor(catalogue);
  const result = (value: string, span: Span): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: doc.positionAt(span.start), end: doc.positionAt(span.end) },
  });

  // On a join's ON keyword: whether it joins on the tables' keys. On its columns, this follows their docs.
  const join = joinAt(model, offset);
  const joinText = join && joinDoc(join.join, resolver);
  if (join?.onKeyword) return joinText ? result(joinText, join.join.on) : undefined;

  for (const ref of model.tableRefs) {
    if (!inside(ref.span, offset)) continue;
    const match = resolver.table(ref.parts);
    if (!match) return undefined;
    const split = splitTreName(ref.parts, match.dataset.naming);
    return result(tableDoc(match.dataset, match.table, split.version, catalogue.additionsTo(match)), ref.span);
  }

  for (const value of model.valueRefs) {
    if (!inside(value.span, offset)) continue;
    if (isBlank(value)) break;
    const res = resolver.resolve(value.column);
    if (res.kind === 'found' && res.column.catalogue) {
      const { dataset, column } = res.column.catalogue;
      const list = catalogue.codeList(dataset, column);
      if (list) {
        return result(codeDoc(list, value.value, codeOf(list, value)), value.span);
      }
    }
    break;
  }

  for (const lit of model.literals) {
    if (!inside(lit.span, offset)) continue;
    const m = catalogue.measure(lit.value.trim());
    if (m) return result(measureDoc(m.dataset, m.measure), lit.span);
    break;
  }

  for (const ref of model.columnRefs) {
    if (ref.qualifierSpan && inside(ref.qualifierSpan, offset)) {
      const binding = resolver.binding(ref.scope, ref.qualifier ?? '');
      if (binding?.relation.kind === 'catalogue') {
        const match = resolver.table(binding.relation.name.parts);
        if (match) return result(tableDoc(match.dataset, match.table, undefined, catalogue.additionsTo(match)), ref.qualifierSpan);
      }
      return undefined;
    }
    if (!inside(ref.span, offset)) continue;
    if (ref.pattern) {
      // A Stata wildcard: list what it expands to in the dataset at that point.
      const { columns, complete } = resolver.expand(ref);
      if (columns.length === 0) return undefined;
      const names = columns.map((c) => `\`${c.name}\``).join(' ');
      return result(`**${ref.name}** expands to ${columns.length} variable${columns.length === 1 ? '' : 's'}${complete ? '' : ' (at least)'}: ${names}`, ref.span);
    }
    const res = resolver.resolve(ref);
    if (res.kind !== 'found') return undefined;
    const { catalogue: cat, derived } = res.column;
    const parts: string[] = [];
    if (derived) parts.push(`**${res.column.name}** — defined in the script (${relationLabel(derived.relation)})`);
    if (cat) parts.push(columnDoc(cat.dataset, cat.table, cat.column, catalogue.codeList(cat.dataset, cat.column)));
    if (parts.length === 0) return undefined;
    if (joinText) parts.push(joinText);
    return result(parts.join('\n\n---\n\n'), ref.span);
  }
  return undefined;
}
