// The language-neutral document model every analyser produces and every feature consumes.
// Offsets are 0-based character offsets into the analysed text; `end` is exclusive.

export interface Span {
  start: number;
  end: number;
}

/** A multi-part table name as written, e.g. [LLC_1234].[nhsd_IAPT_care_activities_v0003]. */
export interface NameRef {
  /** Parts without quotes, in order. */
  parts: string[];
  /** Span of each part's text without its quotes. */
  partSpans: Span[];
  /** Whole name, quotes included. */
  span: Span;
}

/**
 * A copy of a name reference whose strings share no memory with the text they were read from. V8 keeps a long
 * string sliced from a text as a view of the whole text, so a reference carried from one version's model to the
 * next (`DocumentModel.laterTableRefs`) would keep its version's text alive: one text per keystroke while typing
 * goes on without a pause.
 */
function detachedRef(ref: NameRef): NameRef {
  // Short strings are copies already (V8 slices only from 13 characters on).
  const detach = (part: string): string => (part.length < 13 ? part : Buffer.from(part, 'utf16le').toString('utf16le'));
  return { parts: ref.parts.map(detach), partSpans: ref.partSpans, span: ref.span };
}

/**
 * The table names a partial model carries past where its analysis stopped (`DocumentModel.laterTableRefs`):
 * `fresh`, read from the previous version, then `carried`, what that version carried. Completion reads only their
 * spelling (the first name of each dataset sets the style), so one ref per spelling is kept, in order: otherwise the
 * list grows at every keystroke by the names each re-check reads again. The fresh ones are detached (see above).
 */
export function laterNames(fresh: readonly NameRef[], carried: readonly NameRef[] | undefined): NameRef[] {
  const seen = new Set<string>();
  const out: NameRef[] = [];
  const add = (ref: NameRef, fromText: boolean): void => {
    // Whether the first part is quoted ([nhsd].x) is part of the style.
    const key = (ref.span.start < (ref.partSpans[0]?.start ?? ref.span.start) ? '[' : '.') + ref.parts.join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(fromText ? detachedRef(ref) : ref);
  };
  for (const ref of fresh) add(ref, true);
  for (const ref of carried ?? []) add(ref, false);
  return out;
}

/** A set of rows with columns: a catalogue table, something the script defines, or something unknowable. */
export type Relation =
  | { kind: 'catalogue'; name: NameRef }
  | {
      kind: 'derived';
      label: string;
      columns: DerivedColumn[];
      definedAt?: Span;
      filter?: VarlistFilter;
      /**
       * Stata: the columns are not listed in the dataset's order (rename keeps a variable's place, order and
       * generate's before() move them), so a range `a-b` cannot be read from them. Nothing else reads it.
       */
      unordered?: boolean;
    }
  | { kind: 'unknown'; label: string };

/**
 * Stata's `keep varlist` / `drop varlist`: which of the columns listed above survive. The entries are written
 * as in the script (names, unique-prefix abbreviations, wildcards such as `phq9_*`), so only the features,
 * which know the columns, can apply them. The relation is complete exactly when its columns are.
 * Also R's columns removed by name (renamed away, deselected, set to NULL): then `exact` is set.
 */
export interface VarlistFilter {
  mode: 'keep' | 'drop';
  names: string[];
  /** Whether unique-prefix abbreviations apply (Stata's `set varabbrev`). */
  abbreviations: boolean;
  /**
   * R: the entries are names, never patterns or abbreviations, and each names every column it spells (a column
   * made anew and the one it hides: `mutate(endcode = ...) %>% select(-endcode)` leaves neither).
   */
  exact?: boolean;
}

/** A column of a derived relation: a named column, or all the columns of another relation (SELECT *, t.*). */
export type DerivedColumn = NamedColumn | { star: Relation };

export interface NamedColumn {
  name: string;
  /** Where the script names it (alias, CTE column list, CREATE TABLE). */
  span?: Span;
  origin?: ColumnOrigin;
}

/** Where a derived column's values come from, when it passes a column through unchanged (for hover). */
export interface ColumnOrigin {
  name: string;
  scope: Scope;
  qualifier?: string;
}

/** A relation visible under a name (alias, table name) in a scope. */
export interface Binding {
  /** Qualifier it is visible under; undefined for bindings usable only unqualified (SELECT-list aliases). */
  name?: string;
  /** Other names that also qualify it (the table name and its last part). */
  altNames?: string[];
  relation: Relation;
}

export interface Scope {
  bindings: Binding[];
  /** Enclosing query for correlated subqueries. */
  parent?: Scope;
  span: Span;
  /** SQL names are case-insensitive; R and Stata names are not. Embedded SQL keeps its own rule. */
  caseSensitive: boolean;
  /** Stata: an unambiguous prefix of a variable name names that variable (unless `set varabbrev off`). */
  abbreviations?: boolean;
}

export interface ColumnRef {
  name: string;
  span: Span;
  qualifier?: string;
  qualifierSpan?: Span;
  scope: Scope;
  /** A Stata varlist wildcard (`phq9_*`, `*_firstscore`, `phq?_*`, `~`): names every column it matches. */
  pattern?: boolean;
}

export interface ValueRef {
  value: string;
  /** The literal's content (inside quotes). */
  span: Span;
  column: ColumnRef;
  /**
   * Set by SQL, which compares as SQL Server does: a number with a code as numbers ('01' = 1), and a string under
   * its default collation, ignoring case and trailing spaces. R and Stata compare strings exactly.
   */
  sql?: 'string' | 'number';
  /**
   * Set by R when the column may come from RODBC's type.convert (sqlQuery, sqlFetch without as.is = TRUE), which
   * turns a column whose values all look like numbers into numbers ('01' into 1), or not, as the data happens to
   * be. R compares a number with a string as it prints the number, so the code '01' may also be written '1'.
   */
  converted?: boolean;
}

export interface LiteralRef {
  value: string;
  span: Span;
}

/**
 * Why no code may start at the caret, where no name is expected either (snippets are not offered there): inside a
 * comment, a string or a number, or where a name is given or read that is no table or column of the catalogue
 * (an alias after SQL's AS, a name after R's `$` or `::`, a SQL @variable, a Stata macro), or outside the code
 * chunks of R Markdown / Quarto (`text`: prose, the YAML header, a chunk of another language).
 */
export type NoCodeReason = 'comment' | 'string' | 'number' | 'name' | 'text';

export type CompletionContext = (
  | { kind: 'table'; prefix: string; replace: Span; typed: NameRef | undefined; quoted: boolean }
  | { kind: 'column'; prefix: string; replace: Span; scope: Scope; qualifier?: string; quoted: boolean }
  | { kind: 'value'; prefix: string; replace: Span; column: ColumnRef; quote: string; closed: boolean }
  /** `reason`: set where no code may start; left out where code may (a statement's start, between statements). */
  | { kind: 'none'; reason?: NoCodeReason }
) & {
  /**
   * The caret is in SQL that a string of the document's own language holds (R's dbGetQuery("..."), Stata's
   * exec("...")): the context is that SQL's, and no code of the document's language may start there.
   */
  embedded?: 'sql';
  /** R Markdown / Quarto: the language of the code chunk at the caret (the document's own is `rmd` or `quarto`). */
  language?: 'r' | 'sql' | 'stata';
};

/** `a.x = b.y` in a JOIN's ON condition: the two column references compared. */
export interface JoinEquality {
  left: ColumnRef;
  right: ColumnRef;
}

export interface JoinCondition {
  /** The ON keyword. */
  on: Span;
  /** Column-to-column equalities of the condition (other comparisons are left out). */
  equalities: JoinEquality[];
}

/** An aggregate call such as SUM(r.x): its result changes when a join repeats rows. */
export interface AggregateCall {
  /** Function name, upper case (COUNT, SUM, AVG, ...). */
  name: string;
  /** The function name. */
  span: Span;
  /** From the name to the closing bracket: the column references inside are its arguments. */
  call: Span;
  distinct: boolean;
}

/** What one SELECT joins and aggregates, for linkage hover and the grain-mismatch check. */
export interface QueryShape {
  /** The SELECT's scope: its bindings are the joined relations. */
  scope: Scope;
  joins: JoinCondition[];
  /** Aggregate calls of the SELECT itself (not of its subqueries), windowed ones (OVER) left out. */
  aggregates: AggregateCall[];
  groupBy: boolean;
}

export interface DocumentModel {
  /** Names in table position that are not defined by the script (CTE, temp table, variable). */
  tableRefs: NameRef[];
  columnRefs: ColumnRef[];
  valueRefs: ValueRef[];
  /** Every literal (string or number), for hover on measure codes. */
  literals: LiteralRef[];
  /**
   * SELECTs with joins or aggregates, also of the SQL in R and Stata strings (in the script's offsets). Optional:
   * features treat a missing list as "no linkage information".
   */
  queries?: QueryShape[];
  completionContext(offset: number): CompletionContext;
  /**
   * Set on a partial model (see `Analyser.reanalyse`): it describes the text only up to this offset, so it
   * answers completion and hover at offsets up to here and is never used for diagnostics.
   */
  validUntil?: number;
  /**
   * On a partial model: the table names after `validUntil`, from an earlier version. Their spans are stale;
   * completion reads only their spelling, to write new names in the style the script already uses.
   */
  laterTableRefs?: NameRef[];
}

/** One analyser per language, all behind this interface. */
export interface Analyser {
  analyse(text: string): DocumentModel;
  /**
   * Optional incremental analysis. `previous` is a model this analyser made (by `analyse` or `reanalyse`) of an
   * earlier text that is identical to `text` before the offset `unchangedBefore`. Without `until` the result
   * must equal `analyse(text)`; with `until` the analyser may stop once everything up to that offset is read,
   * and sets `validUntil` (>= until): completion and hover at offsets <= validUntil must then answer as
   * `analyse(text)` would. `test/languages/incremental.test.ts` checks both on random edits.
   */
  reanalyse?(previous: DocumentModel, text: string, unchangedBefore: number, until?: number): DocumentModel;
  /**
   * Optional, so that diagnostics need not wait for a re-check to reach the end. `base` is a full model this
   * analyser made of an earlier text, identical to `model`'s before `unchangedBefore`; `model` (partial or not)
   * is of the current text. Once `model` has been read past a statement from which the text, and everything
   * the analysis carries into it, are as in `base`, returns where: every finding of `model`'s full analysis
   * before `from` is base's, from `to` on it is base's moved by `delta` (the texts' difference in length), and
   * between the two they are those of the references `between`. Undefined until then, or when there is no such statement.
   */
  sameAs?(model: DocumentModel, base: SameAsBase, unchangedBefore: number): SameAs | undefined;
  /**
   * With `sameAs`: what it will need of a full model as its `base`, for the server to keep in the model's place,
   * so that the model and all it holds can go. Without it, the model itself is the base.
   */
  baseOf?(model: DocumentModel): SameAsBase;
}

/** What the server keeps of its last full check for `Analyser.sameAs`: each analyser knows what it made. */
export type SameAsBase = object;

/** The references a model lists (what diagnostics check). */
export type References = Pick<DocumentModel, 'tableRefs' | 'columnRefs' | 'valueRefs'>;

/** See `Analyser.sameAs`. */
export interface SameAs {
  from: number;
  to: number;
  delta: number;
  /** The model's references between `from` and `to`. */
  between: References;
}
