// Completion: table names, column names and coded values, from the document model and the catalogue.

import { CompletionItem, CompletionItemKind, CompletionList, MarkupContent, MarkupKind, Range, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalogue, TableMatch } from '../catalogue/index';
import { Column, Dataset, Table } from '../catalogue/model';
import { splitTreName } from '../catalogue/tre-names';
import { Binding, CompletionContext, DocumentModel, Scope, Span } from '../languages/model';
import { codeListDoc, columnDoc, tableDoc } from './docs';
import { KnownColumn, offered, Resolver, resolverFor } from './resolve';

/**
 * `ctx`: the model's completion context at `offset`, when the caller has it already (it costs a re-lex in SQL).
 * `lazyDetail`: the client resolves `detail` (completionItem/resolve; VS Code shows it for the focused item only),
 * so catalogue columns go without it.
 */
export function complete(doc: TextDocument, model: DocumentModel, catalogue: Catalogue, offset: number, ctx = model.completionContext(offset), lazyDetail = false): CompletionItem[] {
  const resolver = resolverFor(catalogue);
  switch (ctx.kind) {
    case 'table':
      return tableItems(doc, model, resolver, ctx);
    case 'column':
      return columnItems(doc, resolver, ctx, lazyDetail);
    case 'value':
      return valueItems(doc, resolver, ctx);
    default:
      return [];
  }
}

function range(doc: TextDocument, span: Span): TextEdit['range'] {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

/**
 * Table names in the form that fits what is typed: after `nhsd.` the bare versioned name, after a
 * project schema (`LLC_1234.`) the project-view name `nhsd_IAPT_..`, and with nothing typed the
 * form the rest of the script already uses (or the Guidebook's `nhsd.IAPT_.._v0003`).
 */
function tableItems(doc: TextDocument, model: DocumentModel, resolver: Resolver, ctx: Extract<CompletionContext, { kind: 'table' }>): CompletionItem[] {
  const style = scriptStyle(model, resolver);
  const items: CompletionItem[] = [];
  for (const match of resolver.catalogue.tables()) {
    const { dataset, table } = match;
    const naming = dataset.naming;
    const version = style.get(dataset.id)?.version ?? naming.versions?.[naming.versions.length - 1];
    const versioned = table.name + (version ? '_' + version : '');
    const source = naming.source;
    let insert: string;
    const typedSchema = ctx.typed?.parts[ctx.typed.parts.length - 1];
    if (typedSchema !== undefined) {
      insert = source && typedSchema.toLowerCase() === source.toLowerCase() ? versioned : (source ? source + '_' : '') + versioned;
    } else if (source && ctx.prefix.toLowerCase().startsWith(source.toLowerCase() + '_')) {
      insert = source + '_' + versioned;
    } else if (ctx.quoted) {
      insert = versioned;
    } else {
      const schema = style.get(dataset.id)?.schema;
      if (schema) insert = schema.bracketed ? `[${schema.name}].[${source ? source + '_' : ''}${versioned}]` : `${schema.name}.${source ? source + '_' : ''}${versioned}`;
      else insert = source ? `${source}.${versioned}` : versioned;
    }
    items.push({
      label: insert,
      kind: CompletionItemKind.Class,
      detail: `${table.title} · ${dataset.title}`,
      data: { doc: 'table', dataset: dataset.id, table: table.name, version } satisfies DocRef,
      filterText: insert,
      textEdit: { range: range(doc, ctx.replace), newText: insert },
      sortText: '0' + table.name.toLowerCase(),
    });
  }
  return items;
}

/** The project schema and version the script already uses for each dataset, learnt from its resolved names. */
function scriptStyle(model: DocumentModel, resolver: Resolver): Map<string, { schema?: { name: string; bracketed: boolean }; version?: string }> {
  const out = new Map<string, { schema?: { name: string; bracketed: boolean }; version?: string }>();
  for (const ref of model.laterTableRefs ? model.tableRefs.concat(model.laterTableRefs) : model.tableRefs) {
    const match: TableMatch | undefined = resolver.table(ref.parts);
    if (!match || out.has(match.dataset.id)) continue;
    const split = splitTreName(ref.parts, match.dataset.naming);
    const entry: { schema?: { name: string; bracketed: boolean }; version?: string } = { version: split.version };
    if (split.schema && split.sourcePrefix) {
      entry.schema = { name: split.schema, bracketed: ref.span.start < ref.partSpans[0].start };
    }
    out.set(match.dataset.id, entry);
  }
  return out;
}

function columnItems(doc: TextDocument, resolver: Resolver, ctx: Extract<CompletionContext, { kind: 'column' }>, lazyDetail: boolean): CompletionItem[] {
  let groups: { binding?: Binding; columns: KnownColumn[] }[];
  if (ctx.qualifier !== undefined) {
    const binding = resolver.binding(ctx.scope, ctx.qualifier);
    if (!binding) return [];
    groups = [{ columns: resolver.columnsOf(binding.relation).columns }];
  } else {
    groups = resolver.visibleColumns(ctx.scope);
  }
  const items = new Map<string, CompletionItem>();
  const replace = range(doc, ctx.replace);
  const ambiguous = ctx.qualifier === undefined ? ambiguousNames(ctx.scope, resolver) : undefined;
  let rank = 0;
  for (const group of groups) {
    for (const column of group.columns) {
      if (!offered(column)) continue;
      const key = ctx.scope.caseSensitive ? column.name : column.name.toLowerCase();
      const qualifier = ambiguous?.has(key) ? group.binding?.name : undefined;
      if (qualifier) {
        // SQL Server rejects the bare name ("Ambiguous column name"): one item per table, qualified.
        const item = columnItem(column, replace, rank++, lazyDetail, qualifier);
        if (!items.has(item.label)) items.set(item.label, item);
        continue;
      }
      if (items.has(key)) continue;
      items.set(key, columnItem(column, replace, rank++, lazyDetail));
    }
  }
  return [...items.values()];
}

/**
 * SQL: the names that two or more tables of the query have (lower case), unless a SELECT-list name of ORDER BY
 * (a binding without a qualifier) settles which is meant. Completed bare, they would not run.
 */
function ambiguousNames(scope: Scope, resolver: Resolver): Set<string> | undefined {
  if (scope.caseSensitive) return undefined;
  // Per scope, as the resolver caches relations' columns: a scope of an unchanged statement is kept across versions,
  // and completion runs at every keystroke.
  const cached = ambiguousCache.get(scope);
  if (cached && cached.resolver === resolver) return cached.names;
  const names = sharedNames(scope, resolver);
  ambiguousCache.set(scope, { resolver, names });
  return names;
}

const ambiguousCache = new WeakMap<Scope, { resolver: Resolver; names: Set<string> | undefined }>();

function sharedNames(scope: Scope, resolver: Resolver): Set<string> | undefined {
  const named = scope.bindings.filter((b) => b.name !== undefined);
  if (named.length < 2) return undefined;
  const seen = new Map<string, number>();
  for (const b of named) {
    for (const key of new Set(resolver.columnsOf(b.relation).columns.map((c) => c.name.toLowerCase()))) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  for (const b of scope.bindings) {
    if (b.name === undefined) for (const c of resolver.columnsOf(b.relation).columns) seen.delete(c.name.toLowerCase());
  }
  const out = new Set<string>();
  for (const [key, n] of seen) if (n > 1) out.add(key);
  return out;
}

function columnItem(column: KnownColumn, replace: TextEdit['range'], rank: number, lazyDetail: boolean, qualifier?: string): CompletionItem {
  const cat = column.catalogue;
  const text = qualifier ? `${qualifier}.${column.name}` : column.name;
  const item: CompletionItem = {
    label: text,
    kind: CompletionItemKind.Field,
    textEdit: { range: replace, newText: text },
    // Typing the column's name finds the qualified item too.
    ...(qualifier ? { filterText: column.name } : {}),
    // Keep the order of the tables in the query, and of the columns in each table.
    sortText: sortText(rank),
  };
  if (cat) {
    if (!lazyDetail) item.detail = columnDetail(cat.dataset, cat.table, cat.column);
    item.data = { doc: 'column', dataset: cat.dataset.id, table: cat.table.name, column: cat.column.name } satisfies DocRef;
  } else if (column.derived) {
    item.detail = `column · ${column.derived.relation.kind === 'derived' ? column.derived.relation.label : 'script'}`;
  }
  return item;
}

/** Sort texts by rank, made once: a column list has hundreds of items and comes at every keystroke. */
const SORT_TEXTS: string[] = [];
function sortText(rank: number): string {
  return rank < 4096 ? (SORT_TEXTS[rank] ??= String(rank).padStart(5, '0')) : String(rank).padStart(5, '0');
}

function valueItems(doc: TextDocument, resolver: Resolver, ctx: Extract<CompletionContext, { kind: 'value' }>): CompletionItem[] {
  const res = resolver.resolve(ctx.column);
  if (res.kind !== 'found' || !res.column.catalogue) return [];
  const { dataset, column } = res.column.catalogue;
  const list = resolver.catalogue.codeList(dataset, column);
  if (!list) return [];
  return list.codes.map((code, i) => ({
    label: code.code,
    kind: CompletionItemKind.EnumMember,
    detail: code.meaning,
    labelDetails: { description: code.meaning },
    data: { doc: 'codes', dataset: dataset.id, list: list.id } satisfies DocRef,
    // Close the quote when the user has not typed it yet.
    textEdit: { range: range(doc, ctx.replace), newText: code.code + (ctx.closed ? '' : ctx.quote) },
    filterText: code.code,
    sortText: sortText(i),
  }));
}

/** The catalogue's id tells apart names that several catalogues share (pathwayid in IAPT and a project's tables). */
function columnDetail(dataset: Dataset, table: Table, column: Column): string {
  return `${column.type ?? 'column'} · ${table.name} · ${dataset.id}`;
}

/**
 * Documentation is filled in by completionItem/resolve, for the one item the editor shows: a column list
 * of 193 items with their Markdown would otherwise be a large answer to every keystroke.
 */
export type DocRef =
  | { doc: 'table'; dataset: string; table: string; version?: string }
  /** `column` is left out when it is the item's label (with a list's default data, see `completionList`). */
  | { doc: 'column'; dataset: string; table: string; column?: string }
  | { doc: 'codes'; dataset: string; list: string };

export function resolveCompletionItem(item: CompletionItem, catalogue: Catalogue): CompletionItem {
  const ref = item.data as DocRef | undefined;
  if (!ref) return item;
  // Two catalogue files may give the same dataset id: the first that has the entry documents it.
  for (const dataset of catalogue.datasets) {
    const resolved = dataset.id === ref.dataset ? documented(item, ref, dataset, catalogue) : undefined;
    if (resolved) return resolved;
  }
  return item;
}

function documented(item: CompletionItem, ref: DocRef, dataset: Dataset, catalogue: Catalogue): CompletionItem | undefined {
  const markdown = (value: string): MarkupContent => ({ kind: MarkupKind.Markdown, value });
  if (ref.doc === 'codes') {
    const list = dataset.codeLists.get(ref.list);
    return list && { ...item, documentation: markdown(codeListDoc(list)) };
  }
  const table = dataset.tables.find((t) => t.name === ref.table);
  if (!table) return undefined;
  if (ref.doc === 'table') return { ...item, documentation: markdown(tableDoc(dataset, table, ref.version, catalogue.additionsTo({ dataset, table }))) };
  const name = ref.column ?? item.label;
  // As the table's columns are resolved: a column another catalogue confirms is documented as confirmed.
  const column = catalogue.columnsOf({ dataset, table }).find((c) => c.dataset === dataset && c.column.name === name)?.column;
  if (!column) return undefined;
  const documentation = markdown(columnDoc(dataset, table, column, catalogue.codeList(dataset, column)));
  return item.detail === undefined ? { ...item, detail: columnDetail(dataset, table, column), documentation } : { ...item, documentation };
}

/**
 * The items as a list whose shared parts are said once (LSP 3.17 `itemDefaults`, for clients that support them,
 * as VS Code does): the edit range, and the data naming the table most columns come from. A column list is a
 * third of the size, and so about three times faster to send and read on every keystroke.
 */
export function completionList(items: CompletionItem[], supported: readonly string[]): CompletionList {
  const list: CompletionList = { isIncomplete: false, items };
  // Fields are set to undefined, not deleted (JSON leaves them out either way, and V8 keeps the objects fast).
  if (supported.includes('editRange')) {
    const rangeOf = (i: CompletionItem): Range | undefined => (i.textEdit && 'range' in i.textEdit ? i.textEdit.range : undefined);
    const range = mostCommon(items, rangeOf, sameRange);
    if (range) {
      list.itemDefaults = { editRange: range };
      for (const item of items) {
        const edit = item.textEdit;
        if (!edit || !('range' in edit) || !sameRange(edit.range, range)) continue;
        item.textEdit = undefined;
        if (edit.newText !== item.label) item.textEditText = edit.newText;
      }
    }
  }
  if (supported.includes('data')) {
    // Only data that names the item's own column can become the default (resolve then reads the label).
    const tableOf = (i: CompletionItem): DocRef | undefined => {
      const ref = i.data as DocRef | undefined;
      return ref?.doc === 'column' && ref.column === i.label ? ref : undefined;
    };
    const sameTable = (a: DocRef, b: DocRef): boolean => a.dataset === b.dataset && (a as { table?: string }).table === (b as { table?: string }).table;
    const common = mostCommon(items, tableOf, sameTable);
    if (common?.doc === 'column') {
      list.itemDefaults = { ...list.itemDefaults, data: { doc: 'column', dataset: common.dataset, table: common.table } satisfies DocRef };
      for (const item of items) {
        const ref = tableOf(item);
        if (ref && sameTable(ref, common)) item.data = undefined;
      }
    }
  }
  return list;
}

const sameRange = (a: Range, b: Range): boolean =>
  a === b || (a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character);

/** The value most items have (ties: the first seen). A list has a handful of distinct values, so a linear search. */
function mostCommon<T>(items: CompletionItem[], value: (i: CompletionItem) => T | undefined, same: (a: T, b: T) => boolean): T | undefined {
  const seen: { value: T; n: number }[] = [];
  let best: { value: T; n: number } | undefined;
  let last: { value: T; n: number } | undefined;
  for (const item of items) {
    const v = value(item);
    if (v === undefined) continue;
    let entry = last && same(last.value, v) ? last : seen.find((e) => same(e.value, v));
    if (!entry) seen.push((entry = { value: v, n: 0 }));
    entry.n++;
    last = entry;
    if (!best || entry.n > best.n) best = entry;
  }
  return best?.value;
}
