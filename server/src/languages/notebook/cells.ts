// Notebook cells (Jupyter) analysed in order as one script per language, so that a data frame or Stata dataset
// made in one cell is known in the cells after it. Each cell gets its own view of the script's model, with
// spans in the cell's own offsets; references outside the cell are left out of its view.

import { analyserFor } from '../registry';
import { ColumnRef, CompletionContext, DocumentModel, NameRef, Span } from '../model';

export interface Cell {
  /** Any key that names the cell: its document URI in the editor, `cell N` on the command line. */
  uri: string;
  languageId: string;
  text: string;
}

export interface NotebookAnalysis {
  /** The model of each analysed cell, keyed by cell URI; cells in languages without an analyser have none. */
  cells: Map<string, DocumentModel>;
  /**
   * The cell and in-cell span of a span of the combined script, as the features report it for things defined
   * elsewhere (go to definition of a derived column). `from` is the cell whose view produced the span.
   */
  locate(from: string, span: Span): { uri: string; span: Span } | undefined;
}

// Cells are separate runs: a SQL statement never continues into the next cell.
const separator = (languageId: string): string => (languageId === 'sql' ? '\n;\n' : '\n');

export function analyseCells(cells: Cell[]): NotebookAnalysis {
  const models = new Map<string, DocumentModel>();
  const placesByLanguage = new Map<string, { uri: string; start: number; length: number }[]>();
  const languageOf = new Map<string, string>();
  for (const language of new Set(cells.map((c) => c.languageId.toLowerCase()))) {
    const analyser = analyserFor(language);
    if (!analyser) continue;
    let text = '';
    const places: { uri: string; start: number; length: number }[] = [];
    for (const cell of cells) {
      if (cell.languageId.toLowerCase() !== language) continue;
      if (places.length) text += separator(language);
      places.push({ uri: cell.uri, start: text.length, length: cell.text.length });
      languageOf.set(cell.uri, language);
      text += cell.text;
    }
    const inner = analyser.analyse(text);
    for (const p of places) models.set(p.uri, cellView(inner, p.start, p.length));
    placesByLanguage.set(language, places);
  }
  return {
    cells: models,
    locate: (from, span) => {
      const places = placesByLanguage.get(languageOf.get(from) ?? '') ?? [];
      const p = places.find((x) => span.start >= x.start && span.end <= x.start + x.length);
      return p && { uri: p.uri, span: { start: span.start - p.start, end: span.end - p.start } };
    },
  };
}

/** The part of a combined model that lies in the cell at [start, start + length), in the cell's offsets. */
export function cellView(inner: DocumentModel, start: number, length: number): DocumentModel {
  const inside = (s: Span): boolean => s.start >= start && s.end <= start + length;
  const shift = (s: Span): Span => ({ start: s.start - start, end: s.end - start });
  const nameInside = (n: NameRef): boolean => inside(n.span) && n.partSpans.every(inside);
  const shiftName = (n: NameRef): NameRef => ({ parts: n.parts, partSpans: n.partSpans.map(shift), span: shift(n.span) });
  const columnInside = (c: ColumnRef): boolean => inside(c.span) && (!c.qualifierSpan || inside(c.qualifierSpan));
  const shiftColumn = (c: ColumnRef): ColumnRef => ({ ...c, span: shift(c.span), qualifierSpan: c.qualifierSpan && shift(c.qualifierSpan) });
  return {
    tableRefs: inner.tableRefs.filter(nameInside).map(shiftName),
    columnRefs: inner.columnRefs.filter(columnInside).map(shiftColumn),
    valueRefs: inner.valueRefs.filter((v) => inside(v.span) && columnInside(v.column)).map((v) => ({ ...v, span: shift(v.span), column: shiftColumn(v.column) })),
    literals: inner.literals.filter((l) => inside(l.span)).map((l) => ({ ...l, span: shift(l.span) })),
    completionContext: (offset): CompletionContext => {
      if (offset < 0 || offset > length) return { kind: 'none' };
      const ctx = inner.completionContext(start + offset);
      if (ctx.kind === 'none') return ctx;
      if (!inside(ctx.replace)) return { kind: 'none' };
      switch (ctx.kind) {
        case 'table':
          return { ...ctx, replace: shift(ctx.replace), typed: ctx.typed && nameInside(ctx.typed) ? shiftName(ctx.typed) : undefined };
        case 'column':
          return { ...ctx, replace: shift(ctx.replace) };
        case 'value':
          return columnInside(ctx.column) ? { ...ctx, replace: shift(ctx.replace), column: shiftColumn(ctx.column) } : { kind: 'none' };
      }
    },
  };
}
