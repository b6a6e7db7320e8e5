// An error-tolerant T-SQL analyser: from tokens to scopes, table references, column references and
// coded-value comparisons. It is a recursive-descent reader that skips what it does not understand,
// so half-typed scripts still give a useful model, and it always terminates: every loop consumes a token.

import { Binding, ColumnRef, DerivedColumn, DocumentModel, JoinEquality, laterNames, LiteralRef, NamedColumn, NameRef, QueryShape, Relation, SameAs, SameAsBase, Scope, Span, ValueRef } from '../model';
import { CLAUSE_WORDS, DATEPART_FUNCTIONS, EXPRESSION_KEYWORDS, JOIN_START, NOT_ALIAS, STATEMENT_WORDS, TABLE_HINTS, TYPE_FIRST_FUNCTIONS } from './keywords';
import { isNameToken, SqlLexer, SqlToken } from './lexer';
import { sqlCompletionContext } from './context';
import { lastBefore } from '../scan';
import { Chunked } from '../chunked';
import { commonSuffix } from '../suffix';
import { DefinedNames, Definitions, sameDefinitions, sameNames } from '../definitions';

/** What the parser leaves behind for completion: where table names are expected, and every scope. */
export interface SqlParseResult {
  text: string;
  /** Start offsets of the tokens after which a table name is expected: FROM, JOIN, commas of FROM lists... */
  tableSlots: Chunked<number>;
  scopes: Chunked<Scope>;
  valueRefs: Chunked<ValueRef>;
  /** One per top-level statement, in order: where it starts and how much of each list came before it. */
  checkpoints: Checkpoint[];
}

/**
 * The parser's state where a top-level statement starts. Parsing can resume here on a text that is unchanged
 * up to `seenEnd`: the statements before it read no token beyond that offset.
 */
export interface Checkpoint {
  offset: number;
  seenEnd: number;
  tableRefs: number;
  columnRefs: number;
  valueRefs: number;
  literals: number;
  scopes: number;
  queries: number;
  results: number;
  tableSlots: number;
  /** What the statements before it defined. */
  defined: Definitions | undefined;
}

/** Everything a parse leaves, kept with its model so that the next version can resume from it. */
interface SqlState extends SqlParseResult {
  tableRefs: NameRef[];
  columnRefs: Chunked<ColumnRef>;
  literals: Chunked<LiteralRef>;
  queries: QueryShape[];
  results: DerivedColumn[][];
  /** Set when parsing stopped early: the statement starting at this offset and those after it were not read. */
  stoppedAt?: number;
  /** Table names after `stoppedAt`, from the previous version: they only tell completion the script's naming style. */
  laterTableRefs?: NameRef[];
  /** A later parse took over this parse's lists: it can be no base for another. */
  consumed: boolean;
}

const states = new WeakMap<DocumentModel, SqlState>();

/** What `sameAsSql` needs of a full analysis, kept by the server in its place: the text and the checkpoints. */
export class SqlBase {
  constructor(
    readonly text: string,
    readonly checkpoints: readonly Checkpoint[],
  ) {}
}

export function baseOfSql(model: DocumentModel): SameAsBase {
  const st = states.get(model);
  return st && st.stoppedAt === undefined ? new SqlBase(st.text, st.checkpoints) : model;
}

export function analyseSql(text: string): DocumentModel {
  return analyseSqlQuery(text).model;
}

/** The model, every scope, and the columns of the query's result set (the first top-level query's). */
export function analyseSqlQuery(text: string): { model: DocumentModel; scopes: Scope[]; resultColumns?: DerivedColumn[] } {
  const result = new SqlParser(text).parse();
  // SELECT ... INTO returns no rows, so it is not a result set; `results` holds only plain queries.
  return { model: modelOf(result), scopes: result.scopes.toArray(), resultColumns: result.results[0] };
}

/**
 * Re-analyses a new version of a text: the statements before the edit are kept from `previous`, and parsing
 * resumes at the last statement the edit cannot have changed. With `until`, it stops after the statement that
 * holds that offset (completion and hover while typing need no more).
 */
export function reanalyseSql(previous: DocumentModel, text: string, unchangedBefore: number, until?: number): DocumentModel {
  const old = states.get(previous);
  if (!old || old.consumed) return analyseSql(text);
  let j = old.checkpoints.length - 1;
  while (j >= 0 && old.checkpoints[j].seenEnd >= unchangedBefore) j--;
  const parser = j > 0 ? new SqlParser(text, old, old.checkpoints[j]) : new SqlParser(text);
  parser.parse(until);
  if (parser.stoppedAt !== undefined) {
    // A parse that took over the old lists has cut them at its start: the old later names are what is left.
    const later = parser.tookOver ? old.laterTableRefs : laterTableRefs(old, text, parser);
    if (later) parser.laterTableRefs = later;
    else parser.parse();
  }
  return modelOf(parser);
}

/**
 * The table names of `text` after `stoppedAt`, taken from the previous version: completion needs them for the
 * script's naming style. Undefined unless the previous version has the same text from a statement that starts
 * where this one stopped, with the same tables defined (as after any single edit before that point). When the
 * previous version itself stopped before that point (a partial model, as while typing or in a step of
 * diagnostics), its own later names do, if the text from where it stopped is the same and so are the tables
 * defined there: a ref they hold before `stoppedAt` is also in this parse's list, which completion reads first.
 */
function laterTableRefs(old: SqlState, text: string, parser: SqlParser): NameRef[] | undefined {
  const stoppedAt = parser.stoppedAt as number;
  const delta = text.length - old.text.length;
  const sameDefined = (a: Checkpoint, b: Checkpoint): boolean => sameNames(a.defined, b.defined);
  const at = stoppedAt - delta;
  const cp = checkpointAt(old.checkpoints, at);
  const mine = parser.checkpoints[parser.checkpoints.length - 1];
  if (cp && sameDefined(cp, mine) && old.text.slice(at) === text.slice(stoppedAt)) {
    return laterNames(old.tableRefs.slice(cp.tableRefs), old.laterTableRefs);
  }
  if (old.stoppedAt === undefined || !old.laterTableRefs || stoppedAt < old.stoppedAt + delta) return undefined;
  const theirs = old.checkpoints[old.checkpoints.length - 1];
  const here = checkpointAt(parser.checkpoints, old.stoppedAt + delta);
  if (!here || theirs.offset !== old.stoppedAt || !sameDefined(theirs, here)) return undefined;
  return old.text.slice(old.stoppedAt) === text.slice(old.stoppedAt + delta) ? old.laterTableRefs : undefined;
}

/**
 * Where a re-check of `model` has become the same as the full analysis `base` (see `Analyser.sameAs`). A
 * statement's analysis depends on its text and on what the statements before it defined (temp tables, table
 * variables, SELECT ... INTO outputs), which each checkpoint holds: where the text from a statement on is base's,
 * and its checkpoint holds the same definitions as base's there (the very links, or, for those read again after
 * the edit, relations that resolve every column alike), nothing re-read before can have changed it.
 */
export function sameAsSql(model: DocumentModel, base: SameAsBase, unchangedBefore: number): SameAs | undefined {
  const mine = states.get(model);
  const theirs = base instanceof SqlBase ? base : undefined;
  if (!mine || !theirs) return undefined;
  const delta = mine.text.length - theirs.text.length;
  // The statements before `from` read only text before the edit: they are as in base.
  const j = lastBefore(theirs.checkpoints, unchangedBefore, (c) => c.seenEnd);
  const from = j >= 0 ? theirs.checkpoints[j].offset : 0;
  const sameFrom = mine.text.length - commonSuffix(theirs, mine.text);
  const cps = mine.checkpoints;
  const first = lastCheckpointBefore(cps, Math.max(sameFrom, from)) + 1;
  // Once what is defined differs it stays different (later definitions only add to it), so a few tries suffice.
  for (let i = first; i < cps.length && i < first + 4; i++) {
    const cp = cps[i];
    if (mine.stoppedAt !== undefined && cp.offset > mine.stoppedAt) return undefined;
    // GO separates batches only alone on its line (isGo looks back to the line start): the line, from the line
    // break before it, must be as before too.
    if (mine.text.lastIndexOf('\n', cp.offset - 1) < sameFrom) continue;
    const there = checkpointAt(theirs.checkpoints, cp.offset - delta);
    if (!there || !sameDefinitions(there.defined, cp.defined)) continue;
    const start = from === 0 ? undefined : checkpointAt(cps, from);
    if (from > 0 && !start) return undefined;
    const between = {
      tableRefs: mine.tableRefs.slice(start?.tableRefs ?? 0, cp.tableRefs),
      columnRefs: mine.columnRefs.slice(start?.columnRefs ?? 0, cp.columnRefs),
      valueRefs: mine.valueRefs.slice(start?.valueRefs ?? 0, cp.valueRefs),
    };
    return { from, to: cp.offset, delta, between };
  }
  return undefined;
}

/** The checkpoint at exactly that offset (checkpoints are in offset order). */
function checkpointAt(checkpoints: readonly Checkpoint[], offset: number): Checkpoint | undefined {
  const i = lastCheckpointBefore(checkpoints, offset + 1);
  return i >= 0 && checkpoints[i].offset === offset ? checkpoints[i] : undefined;
}

/** The index of the last checkpoint starting before `offset`, or -1. */
export function lastCheckpointBefore(checkpoints: readonly Checkpoint[], offset: number): number {
  return lastBefore(checkpoints, offset, (c) => c.offset);
}

function modelOf(result: SqlParser): DocumentModel {
  result.release();
  // The lists as arrays only when a feature reads them: completion while typing reads none of them.
  let columnRefs: ColumnRef[] | undefined;
  let valueRefs: ValueRef[] | undefined;
  let literals: LiteralRef[] | undefined;
  const model: DocumentModel = {
    tableRefs: result.tableRefs,
    get columnRefs() {
      return (columnRefs ??= result.columnRefs.toArray());
    },
    get valueRefs() {
      return (valueRefs ??= result.valueRefs.toArray());
    },
    get literals() {
      return (literals ??= result.literals.toArray());
    },
    queries: result.queries,
    completionContext: (offset) => sqlCompletionContext(result, offset),
  };
  if (result.stoppedAt !== undefined) {
    model.validUntil = result.stoppedAt - 1;
    if (result.laterTableRefs) model.laterTableRefs = result.laterTableRefs;
  }
  states.set(model, result);
  return model;
}

interface SelectItem {
  /** Token range of the expression (without alias). */
  from: number;
  to: number;
  alias?: { name: string; span: Span };
}

/** Tokens already read are let go once this many have piled up behind the current statement. */
const KEEP_TOKENS = 512;

class SqlParser implements SqlState {
  private readonly lexer: SqlLexer;
  /** Tokens without comments (what the grammar reads), from token number `base` on. */
  private buf: SqlToken[] = [];
  private base = 0;
  private lexed = false;
  /** The furthest token number read so far. */
  private seen = -1;
  private p = 0;
  /** Depth of nested queries and FROM lists: deep nesting is read up to a limit, not recursed into. */
  private nesting = 0;
  // Chunked, so that the next version (a keystroke, a step of a re-check) keeps a prefix without copying it.
  readonly tableSlots: Chunked<number>;
  readonly scopes: Chunked<Scope>;
  readonly tableRefs: NameRef[];
  readonly columnRefs: Chunked<ColumnRef>;
  readonly valueRefs: Chunked<ValueRef>;
  readonly literals: Chunked<LiteralRef>;
  /** Joins and aggregates per SELECT scope, created when the first one is seen. */
  readonly queries: QueryShape[];
  private shapes = new Map<Scope, QueryShape>();
  /** Output columns of each top-level query, in order: what a client receives as result sets. */
  readonly results: DerivedColumn[][];
  readonly checkpoints: Checkpoint[];
  stoppedAt?: number;
  laterTableRefs?: NameRef[];
  consumed = false;
  /** Whether this parse took over the lists of the one it resumes (see the constructor). */
  readonly tookOver: boolean = false;
  /** Temp tables, table variables and tables the script creates, by lower-case name. */
  private defined: DefinedNames;
  /** The statement's SELECT ... INTO outputs: that returns no rows to the client, so it is not a result set. */
  private readonly intoOutputs = new Set<DerivedColumn[]>();
  /** CTEs of the current statement, by lower-case name. */
  private ctes = new Map<string, Relation>();

  /** A new parse of `text`, or one that resumes at checkpoint `from` of `previous` (a parse of an older text). */
  constructor(
    readonly text: string,
    previous?: SqlState,
    from?: Checkpoint,
  ) {
    this.lexer = new SqlLexer(text, from?.offset ?? 0);
    if (previous && from) {
      // The next step into the same text (diagnostics analyse in steps) takes over the lists of the step that
      // stopped at `from` instead of copying them, so a step costs its own statements, not the whole script.
      // That model still answers where it is valid: it reads its lists only up to where it stopped.
      this.tookOver = previous.text === text && !previous.consumed && previous.stoppedAt !== undefined && from === previous.checkpoints[previous.checkpoints.length - 1];
      if (this.tookOver) previous.consumed = true;
      const keep = <T>(list: T[], n: number): T[] => {
        if (!this.tookOver) return list.slice(0, n);
        list.length = n;
        return list;
      };
      const keepChunked = <T>(list: Chunked<T>, n: number): Chunked<T> => {
        if (!this.tookOver) return list.prefix(n);
        list.truncate(n);
        return list;
      };
      this.tableSlots = keepChunked(previous.tableSlots, from.tableSlots);
      this.scopes = keepChunked(previous.scopes, from.scopes);
      this.tableRefs = keep(previous.tableRefs, from.tableRefs);
      this.columnRefs = keepChunked(previous.columnRefs, from.columnRefs);
      this.valueRefs = keepChunked(previous.valueRefs, from.valueRefs);
      this.literals = keepChunked(previous.literals, from.literals);
      this.queries = keep(previous.queries, from.queries);
      this.results = keep(previous.results, from.results);
      this.checkpoints = keep(previous.checkpoints, previous.checkpoints.indexOf(from));
      this.defined = new DefinedNames(from.defined);
    } else {
      this.tableSlots = new Chunked();
      this.scopes = new Chunked();
      this.tableRefs = [];
      this.columnRefs = new Chunked();
      this.valueRefs = new Chunked();
      this.literals = new Chunked();
      this.queries = [];
      this.results = [];
      this.checkpoints = [];
      this.defined = new DefinedNames();
    }
  }

  /** Reads statements to the end, or with `until` up to the first statement that starts after it. */
  parse(until?: number): this {
    this.stoppedAt = undefined;
    while (this.more()) {
      const start = this.at(this.p).start;
      if (until !== undefined && start > until) {
        // A checkpoint for the statement not read, so that the next version can resume right here.
        this.checkpoint(start);
        this.stoppedAt = start;
        break;
      }
      this.checkpoint(start);
      const before = this.p;
      this.statement();
      if (this.p === before) this.p++;
    }
    return this;
  }

  /**
   * Lets go of what only the parse itself needs (the last statements' tokens, per-statement maps) once its model
   * is made: a script with a thousand embedded queries keeps a thousand parses.
   */
  release(): void {
    this.base += this.buf.length;
    this.buf = [];
    this.shapes = new Map();
    this.ctes = new Map();
  }

  private checkpoint(offset: number): void {
    // Let go of the tokens of earlier statements (a statement only looks one token back).
    if (this.p - this.base > KEEP_TOKENS) {
      this.buf = this.buf.slice(this.p - 1 - this.base);
      this.base = this.p - 1;
    }
    // Lookahead may have lexed literals of this statement already: they belong after the checkpoint.
    let literals = this.literals.length;
    while (literals > 0 && this.literals.get(literals - 1).span.start >= offset) literals--;
    // A parse that stopped early and goes on records this statement's checkpoint again.
    if (this.checkpoints[this.checkpoints.length - 1]?.offset === offset) this.checkpoints.pop();
    this.checkpoints.push({
      offset,
      seenEnd: this.at(this.seen).end,
      tableRefs: this.tableRefs.length,
      columnRefs: this.columnRefs.length,
      valueRefs: this.valueRefs.length,
      literals,
      scopes: this.scopes.length,
      queries: this.queries.length,
      results: this.results.length,
      tableSlots: this.tableSlots.length,
      defined: this.defined.chain,
    });
  }

  private result(columns: DerivedColumn[]): void {
    if (!this.intoOutputs.has(columns)) this.results.push(columns);
  }

  // ---- token helpers -------------------------------------------------------------------------

  /**
   * Token number i, lexed on demand. Past the end of the text it is undefined, as an array index would be:
   * callers check `more()` or test the result.
   */
  private at(i: number): SqlToken {
    const k = i - this.base;
    while (k >= this.buf.length && !this.lexed) this.lexOne();
    if (i > this.seen && k < this.buf.length) this.seen = i;
    return this.buf[k];
  }

  private lexOne(): void {
    for (;;) {
      const tok = this.lexer.next();
      if (!tok) {
        this.lexed = true;
        return;
      }
      if (tok.kind === 'comment') continue;
      if (tok.kind === 'string' || tok.kind === 'number') this.literals.push({ value: tok.value, span: contentSpan(tok) });
      this.buf.push(tok);
      return;
    }
  }

  /** Whether there is a token number i (the current one by default). */
  private more(i = this.p): boolean {
    return this.at(i) !== undefined;
  }

  private tok(k = 0): SqlToken | undefined {
    return this.at(this.p + k);
  }

  /** Upper-case word at p+k, or '' when it is not a bare word. */
  private word(k = 0): string {
    const tok = this.at(this.p + k);
    return tok && tok.kind === 'word' ? (tok.upper as string) : '';
  }

  private isPunct(value: string, k = 0): boolean {
    const tok = this.at(this.p + k);
    return !!tok && tok.kind === 'punct' && tok.value === value;
  }

  private isOperator(value: string, k = 0): boolean {
    const tok = this.at(this.p + k);
    return !!tok && tok.kind === 'operator' && tok.value === value;
  }

  private markTableSlot(): void {
    // The token just consumed (p-1) is followed by a table name.
    if (this.p > 0) this.tableSlots.push(this.at(this.p - 1).start);
  }

  /** GO alone on its line separates batches. */
  private isGo(k = 0): boolean {
    if (this.word(k) !== 'GO') return false;
    const tok = this.at(this.p + k);
    const lineStart = this.text.lastIndexOf('\n', tok.start - 1) + 1;
    return this.text.slice(lineStart, tok.start).trim() === '';
  }

  private atStatementEnd(): boolean {
    const tok = this.tok();
    return !tok || this.isPunct(';') || this.isGo();
  }

  /** Beyond MAX_NESTING levels, skips to the ')' that closes the current level (not consumed). */
  private skipToClose(): void {
    let depth = 0;
    while (this.more()) {
      if (this.isPunct('(')) depth++;
      else if (this.isPunct(')')) {
        if (depth === 0) return;
        depth--;
      }
      this.p++;
    }
  }

  /** At '(' before SELECT or WITH: reads the subquery and its closing bracket. False (nothing read) elsewhere. */
  private bracketedQuery(scope: Scope | undefined): boolean {
    if (!this.isPunct('(') || (this.word(1) !== 'SELECT' && this.word(1) !== 'WITH')) return false;
    this.p++;
    if (this.word() === 'WITH') {
      this.p++;
      this.withClause();
    }
    this.query(scope, this.p);
    if (this.isPunct(')')) this.p++;
    return true;
  }

  /** Skips a balanced (...) group starting at p (which must be '('), reading the subqueries in it. */
  private skipParens(scope?: Scope): void {
    // (SELECT ...) itself: IF EXISTS (SELECT ...), SET @n = (SELECT ...), MERGE ... USING (SELECT ...).
    if (this.bracketedQuery(scope)) return;
    this.p++;
    let depth = 1;
    while (this.more() && depth > 0) {
      if (this.isPunct('(')) {
        if (this.bracketedQuery(scope)) continue;
        depth++;
      } else if (this.isPunct(')')) depth--;
      else if (this.isPunct(';')) return;
      this.p++;
    }
  }

  // ---- statements ----------------------------------------------------------------------------

  private statement(): void {
    this.ctes = new Map();
    this.intoOutputs.clear();
    const w = this.word();
    if (this.isPunct(';') || this.isGo()) {
      this.p++;
      return;
    }
    if (w === 'WITH' && (isNameToken(this.tok(1)) && this.word(1) !== 'XMLNAMESPACES')) {
      this.p++;
      this.withClause();
      this.statementBody();
      return;
    }
    this.statementBody();
  }

  private statementBody(): void {
    const w = this.word();
    switch (w) {
      case 'SELECT':
        this.result(this.query(undefined, this.p));
        return;
      case 'INSERT':
        this.insert();
        return;
      case 'UPDATE':
        this.update();
        return;
      case 'DELETE':
        this.del();
        return;
      case 'CREATE':
      case 'ALTER':
        this.create();
        return;
      case 'DECLARE':
        this.declare();
        return;
      default:
        if (this.isPunct('(') && (this.word(1) === 'SELECT' || this.word(1) === 'WITH')) {
          this.result(this.query(undefined, this.p));
          return;
        }
        this.skipStatement();
    }
  }

  /** Skips an unsupported statement, still reading any subquery in it. */
  private skipStatement(): void {
    this.p++;
    while (this.more() && !this.atStatementEnd()) {
      if (this.isPunct('(')) {
        this.skipParens();
        continue;
      }
      const w = this.word();
      if (STATEMENT_WORDS.has(w) && w !== 'SET' && w !== 'ELSE' && w !== 'END' && w !== 'BEGIN') return;
      this.p++;
    }
  }

  private withClause(): void {
    // name [(cols)] AS ( query ) [, ...]
    while (this.more()) {
      const nameTok = this.tok();
      if (!isNameToken(nameTok) || !nameTok) return;
      this.p++;
      const relation: Relation & { kind: 'derived' } = { kind: 'derived', label: `CTE ${nameTok.value}`, columns: [], definedAt: span(nameTok) };
      this.ctes.set(nameTok.value.toLowerCase(), relation);
      let explicit: DerivedColumn[] | undefined;
      if (this.isPunct('(')) explicit = this.nameList();
      if (this.word() === 'AS') this.p++;
      if (this.isPunct('(')) {
        this.p++;
        const out = this.query(undefined, this.p);
        relation.columns.push(...(explicit ?? out));
        if (this.isPunct(')')) this.p++;
      } else if (explicit) relation.columns.push(...explicit);
      if (this.isPunct(',')) {
        this.p++;
        continue;
      }
      return;
    }
  }

  /** Reads `(a, b, c)` as column names. */
  private nameList(): DerivedColumn[] {
    const out: DerivedColumn[] = [];
    this.p++;
    while (this.more() && !this.isPunct(')') && !this.atStatementEnd()) {
      const tok = this.tok();
      if (tok && isNameToken(tok)) out.push({ name: tok.value, span: contentSpan(tok) });
      this.p++;
    }
    if (this.isPunct(')')) this.p++;
    return out;
  }

  private insert(): void {
    this.p++;
    if (this.word() === 'INTO') this.p++;
    this.markTableSlot();
    const target = this.tableName();
    const scope = this.newScope(target ? target.start : this.p);
    if (target) scope.bindings.push(this.bindTable(target.name, target.relation, undefined));
    if (this.isPunct('(') && this.word(1) !== 'SELECT') {
      // Column list of the target.
      this.p++;
      while (this.more() && !this.isPunct(')') && !this.atStatementEnd()) {
        const tok = this.tok();
        if (tok && isNameToken(tok)) this.columnRefs.push({ name: tok.value, span: contentSpan(tok), scope });
        this.p++;
      }
      if (this.isPunct(')')) this.p++;
    }
    scope.span.end = this.endOffset();
    if (this.word() === 'SELECT' || this.word() === 'WITH' || this.isPunct('(')) {
      if (this.word() === 'WITH') {
        this.p++;
        this.withClause();
      }
      this.query(undefined, this.p);
    } else if (this.word() === 'VALUES') {
      this.p++;
      while (this.isPunct('(')) {
        this.skipParens();
        if (this.isPunct(',')) this.p++;
      }
    } else if (this.word() === 'EXEC' || this.word() === 'EXECUTE') {
      this.skipStatement();
    }
  }

  private update(): void {
    const start = this.p;
    this.p++;
    if (this.word() === 'TOP') this.top();
    this.markTableSlot();
    const target = this.tableName();
    const scope = this.newScope(start);
    const setItems: number[] = [];
    if (this.word() === 'SET') {
      this.p++;
      // col = expr, ...; the expressions are scanned once the FROM clause is known.
      while (this.more()) {
        setItems.push(this.p);
        this.skipExpression();
        if (this.isPunct(',')) {
          this.p++;
          continue;
        }
        break;
      }
    }
    if (this.word() === 'FROM') {
      this.p++;
      this.fromList(scope);
    }
    // UPDATE alias SET ... FROM table alias: the target is one of the FROM sources.
    if (target) {
      const targetName = target.name.parts[target.name.parts.length - 1]?.toLowerCase();
      const viaFrom = scope.bindings.some((b) => b.name?.toLowerCase() === targetName);
      if (!viaFrom) scope.bindings.push(this.bindTable(target.name, target.relation, undefined));
    }
    const afterFrom = this.p;
    for (const at of setItems) {
      this.p = at;
      this.expression(scope);
    }
    this.p = afterFrom;
    if (this.word() === 'WHERE') {
      this.p++;
      this.expression(scope);
    }
    scope.span.end = this.endOffset();
  }

  private del(): void {
    const start = this.p;
    this.p++;
    if (this.word() === 'TOP') this.top();
    if (this.word() === 'FROM') this.p++;
    this.markTableSlot();
    const target = this.tableName();
    const scope = this.newScope(start);
    if (this.word() === 'FROM') {
      this.p++;
      this.fromList(scope);
    }
    if (target) {
      const targetName = target.name.parts[target.name.parts.length - 1]?.toLowerCase();
      if (!scope.bindings.some((b) => b.name?.toLowerCase() === targetName)) {
        scope.bindings.push(this.bindTable(target.name, target.relation, undefined));
      }
    }
    if (this.word() === 'WHERE') {
      this.p++;
      this.expression(scope);
    }
    scope.span.end = this.endOffset();
  }

  private create(): void {
    const alter = this.word() === 'ALTER';
    this.p++;
    if (this.word() === 'OR' && this.word(1) === 'ALTER') this.p += 2;
    const kind = this.word();
    if (kind === 'TABLE' && alter) return this.alterTable();
    if (kind === 'VIEW') return this.view();
    if (kind === 'TABLE') {
      this.p++;
      const nameTok = this.tok();
      const parts = this.nameChain();
      if (parts.length === 0 || !nameTok) return this.skipStatement();
      const columns: DerivedColumn[] = [];
      const relation: Relation = { kind: 'derived', label: `table ${parts.map((x) => x.value).join('.')}`, columns, definedAt: span(nameTok) };
      this.defined.set(parts[parts.length - 1].value.toLowerCase(), relation);
      if (this.isPunct('(')) columns.push(...this.columnDefinitions());
      else if (this.word() === 'AS') this.skipStatement();
      return;
    }
    if (kind === 'PROCEDURE' || kind === 'PROC' || kind === 'FUNCTION') {
      // Skip the header up to AS, then read the body as statements.
      this.p++;
      while (this.more() && this.word() !== 'AS' && !this.atStatementEnd()) {
        if (this.isPunct('(')) this.skipParens();
        else this.p++;
      }
      if (this.word() === 'AS') this.p++;
      if (this.word() === 'BEGIN') this.p++;
      return;
    }
    this.skipStatement();
  }

  /**
   * ALTER TABLE t ADD col type, ...: a table the script defines gets the added columns besides its own. A new
   * relation, as relations are never changed once made (the resolver caches their columns across versions).
   * Other changes (ALTER COLUMN, DROP COLUMN, constraints) leave the known columns as they were: a dropped
   * column is then not reported, which is only a missed mistake.
   */
  private alterTable(): void {
    this.p++;
    const nameTok = this.tok();
    const parts = this.nameChain();
    if (parts.length === 0 || !nameTok) return this.skipStatement();
    const key = parts[parts.length - 1].value.toLowerCase();
    const table = key.startsWith('@') ? undefined : this.defined.get(key);
    if (!table || this.word() !== 'ADD') return this.skipStatement();
    this.p++;
    const added = this.columnItems(() => this.atStatementEnd() || STATEMENT_WORDS.has(this.word()));
    const relation: Relation = { kind: 'derived', label: `table ${parts.map((x) => x.value).join('.')}`, columns: [{ star: table }, ...added], definedAt: span(nameTok) };
    this.defined.set(key, relation);
  }

  /** CREATE [OR ALTER] VIEW name [(columns)] AS query: the script defines the view, with the query's columns. */
  private view(): void {
    this.p++;
    const nameTok = this.tok();
    const parts = this.nameChain();
    if (parts.length === 0 || !nameTok) return this.skipStatement();
    const explicit = this.isPunct('(') ? this.nameList() : undefined;
    while (this.more() && this.word() !== 'AS' && !this.atStatementEnd()) this.p++; // WITH SCHEMABINDING ...
    if (this.word() !== 'AS') return;
    this.p++;
    if (this.word() === 'WITH') {
      this.p++;
      this.withClause();
    }
    const columns = this.word() === 'SELECT' || this.isPunct('(') ? this.query(undefined, this.p) : [];
    const relation: Relation = { kind: 'derived', label: `view ${parts.map((x) => x.value).join('.')}`, columns: explicit ?? columns, definedAt: span(nameTok) };
    this.defined.set(parts[parts.length - 1].value.toLowerCase(), relation);
  }

  private declare(): void {
    this.p++;
    const v = this.tok();
    if (v && v.kind === 'variable' && this.word(1) === 'TABLE') {
      this.p += 2;
      const columns: DerivedColumn[] = [];
      this.defined.set(v.value.toLowerCase(), { kind: 'derived', label: `table variable ${v.value}`, columns, definedAt: span(v) });
      if (this.isPunct('(')) columns.push(...this.columnDefinitions());
      return;
    }
    this.skipStatement();
  }

  /** `(name type ..., name type ..., CONSTRAINT ...)` -> the column names. */
  private columnDefinitions(): DerivedColumn[] {
    this.p++;
    const out = this.columnItems(() => this.isPunct(')') || this.isPunct(';'));
    if (this.isPunct(')')) this.p++;
    return out;
  }

  /** Column definitions separated by commas, up to where `atEnd` holds outside brackets (not consumed). */
  private columnItems(atEnd: () => boolean): DerivedColumn[] {
    const out: DerivedColumn[] = [];
    let itemStart = true;
    let depth = 0;
    while (this.more() && !this.isPunct(';') && (depth > 0 || !atEnd())) {
      const tok = this.at(this.p);
      if (this.isPunct('(')) depth++;
      else if (this.isPunct(')')) depth--;
      else if (depth === 0 && this.isPunct(',')) {
        itemStart = true;
        this.p++;
        continue;
      } else if (itemStart && depth === 0 && isNameToken(tok)) {
        const w = tok.kind === 'word' ? (tok.upper as string) : '';
        if (!['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'INDEX', 'FOREIGN', 'CHECK', 'PERIOD'].includes(w)) {
          out.push({ name: tok.value, span: contentSpan(tok) });
        }
      }
      itemStart = false;
      this.p++;
    }
    return out;
  }

  private top(): void {
    this.p++;
    if (this.isPunct('(')) this.skipParens();
    else if (this.tok()?.kind === 'number' || this.tok()?.kind === 'variable') this.p++;
    if (this.word() === 'PERCENT') this.p++;
    if (this.word() === 'WITH' && this.word(1) === 'TIES') this.p += 2;
  }

  // ---- queries -------------------------------------------------------------------------------

  private newScope(startToken: number, parent?: Scope): Scope {
    const start = this.at(startToken)?.start ?? this.text.length;
    const scope: Scope = { bindings: [], parent, span: { start, end: start }, caseSensitive: false };
    this.scopes.push(scope);
    return scope;
  }

  private endOffset(): number {
    // A scope reaches up to the start of the next token it did not consume, so a caret in the
    // white space after the last token still belongs to it.
    const next = this.at(this.p);
    return next ? next.start : this.text.length;
  }

  /**
   * query := select_core ((UNION [ALL] | EXCEPT | INTERSECT) select_core)* [ORDER BY ...]
   * Returns the output columns (of the first select_core, as SQL Server names them).
   */
  private query(parent: Scope | undefined, start: number): DerivedColumn[] {
    if (this.nesting >= MAX_NESTING) {
      this.skipToClose();
      return [];
    }
    this.nesting++;
    try {
      return this.queryBody(parent, start);
    } finally {
      this.nesting--;
    }
  }

  private queryBody(parent: Scope | undefined, start: number): DerivedColumn[] {
    let output: DerivedColumn[] | undefined;
    /** The first query's column of each select item: undefined when it is in brackets (not known). */
    let firstItems: ItemColumn[] | undefined;
    /** After UNION, EXCEPT or INTERSECT: ORDER BY sees the first query (SQL Server's rule). */
    let order: { output: DerivedColumn[]; scope: Scope } | undefined;
    let firstScope: Scope | undefined;
    while (this.more()) {
      let out: DerivedColumn[];
      let items: ItemColumn[] | undefined;
      if (this.isPunct('(')) {
        this.p++;
        if (this.word() === 'WITH') {
          this.p++;
          this.withClause();
        }
        out = this.query(parent, this.p);
        if (this.isPunct(')')) this.p++;
      } else if (this.word() === 'SELECT') {
        const core = this.selectCore(parent, start, order);
        out = core.output;
        items = core.byItem;
        firstScope ??= core.scope;
      } else break;
      if (!output) {
        output = out;
        firstItems = items;
      } else unmatchedOrigins(output, firstItems, items);
      const w = this.word();
      if (w === 'UNION' || w === 'EXCEPT' || w === 'INTERSECT') {
        this.p++;
        if (this.word() === 'ALL') this.p++;
        start = this.p;
        const at = this.endOffset();
        order ??= { output, scope: firstScope ?? { bindings: [], parent, span: { start: at, end: at }, caseSensitive: false } };
        continue;
      }
      break;
    }
    // (SELECT ...) UNION (SELECT ...) ORDER BY ...
    if (order && this.word() === 'ORDER' && this.word(1) === 'BY') this.orderBy(order.output, order.scope);
    return output ?? [];
  }

  /** One SELECT; `order`, for a later query of a UNION, is the first one, whose columns its ORDER BY sees. */
  private selectCore(parent: Scope | undefined, start: number, order?: { output: DerivedColumn[]; scope: Scope }): { output: DerivedColumn[]; scope: Scope; byItem: ItemColumn[] } {
    const scope = this.newScope(start, parent);
    this.p++; // SELECT
    if (this.word() === 'DISTINCT' || this.word() === 'ALL') this.p++;
    if (this.word() === 'TOP') this.top();
    const items = this.selectList();
    let intoName: NameRef | undefined;
    if (this.word() === 'INTO') {
      this.p++;
      this.markTableSlot();
      const target = this.nameRefAt();
      if (target) intoName = target;
    }
    if (this.word() === 'FROM') {
      this.p++;
      this.fromList(scope);
    }
    // The select list is read after FROM so that its references see the FROM bindings.
    const afterFrom = this.p;
    const { output, byItem } = this.readSelectItems(items, scope);
    this.p = afterFrom;
    for (;;) {
      const w = this.word();
      if (w === 'WHERE' || w === 'HAVING') {
        this.p++;
        this.expression(scope);
      } else if (w === 'GROUP' && this.word(1) === 'BY') {
        this.p += 2;
        this.shapeOf(scope).groupBy = true;
        this.expressionList(scope);
      } else if (w === 'ORDER' && this.word(1) === 'BY') {
        // ORDER BY also sees the SELECT-list aliases.
        this.orderBy(order?.output ?? output, order?.scope ?? scope);
      } else if (w === 'WINDOW') {
        this.windowClause(scope);
      } else if (w === 'OPTION' || w === 'FOR') {
        this.p++;
        if (this.isPunct('(')) this.skipParens();
        else this.skipExpressionClause();
      } else break;
    }
    scope.span.end = this.endOffset();
    if (intoName) {
      this.intoOutputs.add(output);
      const relation: Relation = { kind: 'derived', label: `table ${intoName.parts.join('.')}`, columns: output, definedAt: intoName.span };
      this.defined.set(intoName.parts[intoName.parts.length - 1].toLowerCase(), relation);
    }
    return { output, scope, byItem };
  }

  /**
   * ORDER BY at p: it sees the SELECT list's names (aliases included), then the query's tables (so a message names
   * both). Its scope is listed, so that completion there offers the aliases too.
   */
  private orderBy(output: DerivedColumn[], query: Scope): void {
    const at = this.at(this.p).start;
    this.p += 2;
    const list: Binding = { relation: { kind: 'derived', label: 'SELECT list', columns: output } };
    const scope: Scope = { bindings: [list, ...query.bindings], parent: query.parent, span: { start: at, end: at }, caseSensitive: false };
    this.scopes.push(scope);
    this.expressionList(scope);
    if (this.word() === 'OFFSET') this.skipExpressionClause();
    scope.span.end = this.endOffset();
  }

  /** Splits the select list into items at depth-0 commas, without reading them yet. */
  private selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    for (;;) {
      const from = this.p;
      this.skipExpression();
      if (this.p > from) items.push(this.selectItem(from, this.p));
      if (!this.isPunct(',')) return items;
      this.p++;
    }
  }

  private selectItem(from: number, to: number): SelectItem {
    const last = this.at(to - 1);
    const prev = this.at(to - 2);
    // alias = expr
    const first = this.at(from);
    if (to - from >= 3 && ((isNameToken(first) && first.kind !== 'temp') || first.kind === 'string') && this.at(from + 1).kind === 'operator' && this.at(from + 1).value === '=') {
      return { from: from + 2, to, alias: { name: first.value, span: contentSpan(first) } };
    }
    if (to - from >= 2 && (isNameToken(last) || last.kind === 'string')) {
      const prevWord = prev.kind === 'word' ? (prev.upper as string) : '';
      if (prevWord === 'AS') return { from, to: to - 2, alias: { name: last.value, span: contentSpan(last) } };
      const lastWord = last.kind === 'word' ? (last.upper as string) : '';
      const prevEndsOperand =
        (prev.kind === 'punct' && prev.value === ')') || isNameToken(prev) || prev.kind === 'number' || prev.kind === 'string' || prev.kind === 'variable';
      const prevIsKeyword = prev.kind === 'word' && EXPRESSION_KEYWORDS.has(prevWord) && prevWord !== 'END';
      if (prevEndsOperand && !prevIsKeyword && !EXPRESSION_KEYWORDS.has(lastWord) && !(prev.kind === 'punct' && prev.value === '.')) {
        return { from, to: to - 1, alias: { name: last.value, span: contentSpan(last) } };
      }
    }
    return { from, to };
  }

  /** The output columns, and the one of each item (for a UNION's later queries to be compared with). */
  private readSelectItems(items: SelectItem[], scope: Scope): { output: DerivedColumn[]; byItem: ItemColumn[] } {
    const output: DerivedColumn[] = [];
    const byItem = items.map((item) => this.readSelectItem(item, scope, output));
    return { output, byItem };
  }

  /** Adds the item's columns to `output`: '*' for a star, else its named column (none for an unnamed expression). */
  private readSelectItem(item: SelectItem, scope: Scope, output: DerivedColumn[]): ItemColumn {
    const first = this.at(item.from);
    // * and alias.*
    if (item.to - item.from === 1 && first.kind === 'operator' && first.value === '*') {
      for (const b of scope.bindings) output.push({ star: b.relation });
      return '*';
    }
    const lastTok = this.at(item.to - 1);
    if (item.to - item.from >= 3 && lastTok.kind === 'operator' && lastTok.value === '*' && this.at(item.to - 2).value === '.') {
      const qualifier = this.at(item.to - 3);
      const binding = findBinding(scope, qualifier.value);
      if (binding) output.push({ star: binding.relation });
      return '*';
    }
    this.p = item.from;
    const refsBefore = this.columnRefs.length;
    this.expression(scope, item.to);
    const refs = this.columnRefs.toArray(refsBefore);
    const single = refs.length === 1 && this.isSingleColumnExpression(item, refs[0]);
    let column: NamedColumn | undefined;
    if (item.alias) column = { name: item.alias.name, span: item.alias.span, origin: single ? originOf(refs[0]) : undefined };
    else if (single) column = { name: refs[0].name, span: refs[0].span, origin: originOf(refs[0]) };
    if (column) output.push(column);
    return column;
  }

  private isSingleColumnExpression(item: SelectItem, ref: ColumnRef): boolean {
    const first = this.at(item.from);
    const last = this.at(item.to - 1);
    return first.start === (ref.qualifierSpan?.start ?? ref.span.start) - (first.kind === 'quoted' ? 1 : 0) && last.end >= ref.span.end && last.end <= ref.span.end + 1;
  }

  /** A name in table position: returns its NameRef (if catalogue-shaped) and the relation it stands for. */
  private tableName(): { name: NameRef; relation: Relation; start: number } | undefined {
    const start = this.p;
    const tok = this.tok();
    if (!tok) return undefined;
    if (tok.kind === 'variable') {
      this.p++;
      const rel = this.defined.get(tok.value.toLowerCase()) ?? { kind: 'unknown', label: tok.value };
      return { name: { parts: [tok.value], partSpans: [span(tok)], span: span(tok) }, relation: rel, start };
    }
    const name = this.nameRefAt();
    if (!name) return undefined;
    const last = name.parts[name.parts.length - 1].toLowerCase();
    if (name.parts.length === 1 && this.ctes.has(last)) return { name, relation: this.ctes.get(last) as Relation, start };
    if (last.startsWith('#')) return { name, relation: this.defined.get(last) ?? { kind: 'unknown', label: name.parts[0] }, start };
    const defined = this.defined.get(last);
    if (defined) return { name, relation: defined, start };
    this.tableRefs.push(name);
    return { name, relation: { kind: 'catalogue', name }, start };
  }

  /** Reads a.b.c (a..c allowed) at p. */
  private nameRefAt(): NameRef | undefined {
    const parts = this.nameChain();
    if (parts.length === 0) return undefined;
    return {
      parts: parts.map((x) => x.value),
      partSpans: parts.map(contentSpan),
      span: { start: parts[0].start, end: parts[parts.length - 1].end },
    };
  }

  private nameChain(): SqlToken[] {
    const parts: SqlToken[] = [];
    while (this.more()) {
      const tok = this.at(this.p);
      if (!isNameToken(tok)) break;
      if (parts.length > 0 && tok.kind === 'word' && NOT_ALIAS.has(tok.upper as string)) break;
      parts.push(tok);
      this.p++;
      if (!this.isPunct('.')) break;
      while (this.isPunct('.')) this.p++; // db..table
    }
    return parts;
  }

  private bindTable(name: NameRef, relation: Relation, alias: string | undefined): Binding {
    const last = name.parts[name.parts.length - 1];
    if (alias) return { name: alias, relation };
    return { name: last, altNames: [name.parts.join('.')], relation };
  }

  /** from_list := source ((, | join) source [ON expr])* */
  private fromList(scope: Scope): void {
    if (this.nesting >= MAX_NESTING) return this.skipToClose();
    this.nesting++;
    try {
      this.fromListBody(scope);
    } finally {
      this.nesting--;
    }
  }

  private fromListBody(scope: Scope): void {
    this.markTableSlot();
    this.tableSource(scope);
    while (this.more()) {
      if (this.isPunct(',')) {
        this.p++;
        this.markTableSlot();
        this.tableSource(scope);
        continue;
      }
      const w = this.word();
      // LEFT( and RIGHT( are string functions; JOIN ( starts a derived table.
      if (JOIN_START.has(w) && (w === 'JOIN' || !this.isPunct('(', 1))) {
        let apply = false;
        while (JOIN_START.has(this.word()) || this.word() === 'APPLY' || this.word() === 'HASH' || this.word() === 'MERGE' || this.word() === 'LOOP' || this.word() === 'REMOTE') {
          if (this.word() === 'APPLY') apply = true;
          const isJoin = this.word() === 'JOIN' || this.word() === 'APPLY';
          this.p++;
          if (isJoin) break;
        }
        this.markTableSlot();
        this.tableSource(scope, apply);
        if (this.word() === 'ON') {
          const on = span(this.at(this.p));
          this.p++;
          const first = this.columnRefs.length;
          this.expression(scope);
          this.shapeOf(scope).joins.push({ on, equalities: this.equalities(first) });
        }
        continue;
      }
      if (w === 'PIVOT' || w === 'UNPIVOT') {
        this.p++;
        if (this.isPunct('(')) this.skipParens(scope);
        this.alias();
        // A pivot reshapes the rows: its columns cannot be known for certain.
        scope.bindings.push({ relation: { kind: 'unknown', label: w.toLowerCase() } });
        continue;
      }
      break;
    }
  }

  private tableSource(scope: Scope, lateral = false): void {
    if (this.isPunct('(')) {
      if (this.word(1) === 'SELECT' || this.word(1) === 'WITH') {
        this.p++;
        const start = this.p;
        if (this.word() === 'WITH') {
          this.p++;
          this.withClause();
        }
        // A derived table sees the enclosing query's outer scopes only (APPLY sees its siblings too).
        const columns = this.query(lateral ? scope : scope.parent, start);
        if (this.isPunct(')')) this.p++;
        const alias = this.alias();
        let cols = columns;
        if (this.isPunct('(')) cols = this.nameList();
        scope.bindings.push({ name: alias?.value, relation: { kind: 'derived', label: alias ? `derived table ${alias.value}` : 'derived table', columns: cols, definedAt: alias ? span(alias) : undefined } });
        return;
      }
      if (this.word(1) === 'VALUES') {
        this.skipParens();
        const alias = this.alias();
        const cols = this.isPunct('(') ? this.nameList() : [];
        scope.bindings.push({ name: alias?.value, relation: { kind: 'derived', label: 'VALUES', columns: cols } });
        return;
      }
      // Parenthesised joins: (a JOIN b ON ...)
      this.p++;
      this.fromList(scope);
      if (this.isPunct(')')) this.p++;
      return;
    }
    const target = this.tableName();
    if (!target) return;
    if (this.isPunct('(') && !this.atTableHint()) {
      // Table-valued function or OPENQUERY: columns unknown.
      this.skipParens(scope);
      const alias = this.alias();
      if (this.isPunct('(')) this.nameList();
      scope.bindings.push({ name: alias?.value ?? target.name.parts[target.name.parts.length - 1], relation: { kind: 'unknown', label: target.name.parts.join('.') } });
      // The name was just read: look from the end (a script of many OPENQUERY calls would search the whole list).
      const i = this.tableRefs.lastIndexOf(target.name);
      if (i >= 0) this.tableRefs.splice(i, 1);
      return;
    }
    if (this.atTableHint()) this.skipParens();
    const alias = this.alias();
    if (this.word() === 'WITH' && this.isPunct('(', 1)) {
      this.p++;
      this.skipParens();
    } else if (this.atTableHint()) this.skipParens();
    if (this.word() === 'TABLESAMPLE') {
      this.p++;
      while (this.isPunct('(') || this.tok()?.kind === 'number' || ['PERCENT', 'ROWS', 'SYSTEM', 'REPEATABLE'].includes(this.word())) {
        if (this.isPunct('(')) this.skipParens();
        else this.p++;
      }
    }
    scope.bindings.push(this.bindTable(target.name, target.relation, alias?.value));
  }

  /** `(NOLOCK)`, `(NOLOCK, READPAST)`: table hints written without WITH. */
  private atTableHint(): boolean {
    return this.isPunct('(') && TABLE_HINTS.has(this.word(1));
  }

  /** [AS] alias */
  private alias(): SqlToken | undefined {
    if (this.word() === 'AS') {
      this.p++;
      const tok = this.tok();
      if (tok && (isNameToken(tok) || tok.kind === 'string')) {
        this.p++;
        return tok;
      }
      return undefined;
    }
    const tok = this.tok();
    if (tok && (tok.kind === 'quoted' || (tok.kind === 'word' && !NOT_ALIAS.has(tok.upper as string)))) {
      this.p++;
      return tok;
    }
    return undefined;
  }

  // ---- expressions ---------------------------------------------------------------------------

  private endsExpression(w: string): boolean {
    if (!w) return false;
    // LEFT( and RIGHT( are string functions, not joins.
    if ((w === 'LEFT' || w === 'RIGHT') && this.isPunct('(', 1)) return false;
    return CLAUSE_WORDS.has(w) || STATEMENT_WORDS.has(w) || this.isGo();
  }

  /** Skips an expression without reading it (used to defer reading until bindings are known). */
  private skipExpression(): void {
    let depth = 0;
    let caseDepth = 0;
    while (this.more()) {
      const tok = this.at(this.p);
      const w = this.word();
      if (tok.kind === 'punct') {
        if (tok.value === '(') depth++;
        else if (tok.value === ')') {
          if (depth === 0) return;
          depth--;
        } else if (tok.value === ';' && depth === 0) return;
        else if (tok.value === ',' && depth === 0) return;
      } else if (w === 'CASE') caseDepth++;
      else if (w === 'END' && caseDepth > 0) caseDepth--;
      else if (w === 'WITHIN' && this.word(1) === 'GROUP') this.p++;
      else if (depth === 0 && caseDepth === 0 && this.endsExpression(w)) return;
      this.p++;
    }
  }

  private skipExpressionClause(): void {
    this.p++;
    this.skipExpression();
  }

  private expressionList(scope: Scope): void {
    for (;;) {
      this.expression(scope);
      if (this.isPunct(',')) {
        this.p++;
        continue;
      }
      return;
    }
  }

  /**
   * Reads an expression up to a clause word, a depth-0 comma or ')' (or up to token `limit`), `open` brackets
   * being open already, recording column references, coded-value comparisons and subqueries.
   */
  private expression(scope: Scope, limit = Number.MAX_SAFE_INTEGER, open = 0): void {
    let depth = open;
    let caseDepth = 0;
    /** Per open CASE: the column of a simple CASE (`CASE col WHEN 'x' ...`), whose WHEN values are its codes. */
    const operands: (ColumnRef | undefined)[] = [];
    while (this.more() && this.p < limit) {
      const tok = this.at(this.p);
      const w = this.word();
      if (tok.kind === 'punct') {
        if (tok.value === '(') {
          if (this.bracketedQuery(scope)) continue;
          depth++;
        } else if (tok.value === ')') {
          if (depth === 0) return;
          depth--;
        } else if ((tok.value === ';' || tok.value === ',') && depth === 0 && limit === Number.MAX_SAFE_INTEGER) return;
        this.p++;
        continue;
      }
      if (w === 'CASE') {
        caseDepth++;
        this.p++;
        operands.push(this.caseOperand(scope));
        continue;
      } else if (w === 'END' && caseDepth > 0) {
        caseDepth--;
        operands.pop();
      } else if (depth === 0 && caseDepth === 0 && limit === Number.MAX_SAFE_INTEGER && this.endsExpression(w)) return;
      if (w === 'OVER' && this.isPunct('(', 1) && this.isWindowName(2)) {
        // OVER (w ORDER BY ...): w names a window of the WINDOW clause; the bracket is open from here.
        depth++;
        this.p += 3;
        continue;
      }
      const skip = this.syntaxWords(w);
      if (skip > 0) {
        this.p += skip;
        continue;
      }
      const operand = operands[operands.length - 1];
      if (w === 'WHEN' && operand && this.isLiteral(1) && this.word(2) === 'THEN') {
        this.valueRef(this.at(this.p + 1), operand);
        this.p += 2;
        continue;
      }
      if (w === 'AS' && depth > 0) {
        // CAST(x AS type(n)): the type is not a column.
        this.p += 2;
        if (this.isPunct('(')) this.skipParens();
        continue;
      }
      if (isNameToken(tok) && tok.kind !== 'temp') {
        if (tok.kind === 'word' && !FUNCTION_KEYWORDS.has(w) && (EXPRESSION_KEYWORDS.has(w) || STATEMENT_WORDS.has(w) || CLAUSE_WORDS.has(w))) {
          // EXISTS (, IN (, AND (...: the bracket is read on the next turn.
          this.p++;
          continue;
        }
        if (tok.kind === 'word' && this.isPunct('(', 1)) {
          if (AGGREGATES.has(w)) this.aggregate(scope);
          // A function call; some take a keyword or a type as first argument.
          this.p += 2;
          if ((DATEPART_FUNCTIONS.has(w) || TYPE_FIRST_FUNCTIONS.has(w)) && this.tok()?.kind === 'word') {
            this.p++;
            if (this.isPunct('(')) this.skipParens();
          } else if (w === 'TRIM' && TRIM_WHERE.has(this.word())) this.p++;
          depth++;
          continue;
        }
        this.columnReference(scope);
        continue;
      }
      // #t.col: a temp table's column (a temp table alone is no column).
      if (tok.kind === 'temp' && this.isPunct('.', 1)) {
        this.columnReference(scope);
        continue;
      }
      this.p++;
    }
  }

  /**
   * How many tokens at p are syntax that the word-by-word reading would take for column names (0 if none):
   * `COLLATE name`, `GROUPING SETS`, `AT TIME ZONE`, `WITHIN GROUP`.
   */
  private syntaxWords(w: string): number {
    if (w === 'COLLATE' && isNameToken(this.tok(1))) return 2;
    if (w === 'GROUPING' && this.word(1) === 'SETS') return 2;
    if (w === 'WITHIN' && this.word(1) === 'GROUP') return 2;
    if (w === 'AT' && this.word(1) === 'TIME' && this.word(2) === 'ZONE') return 3;
    if (w === 'OVER' && isNameToken(this.tok(1)) && !this.isPunct('(', 1)) return 2;
    return 0;
  }

  /** Whether the name at p+k is a window's name: the one a window definition starts from (`(w ORDER BY ...)`, `(w)`). */
  private isWindowName(k: number): boolean {
    const tok = this.tok(k);
    if (!tok || !isNameToken(tok) || (tok.kind === 'word' && EXPRESSION_KEYWORDS.has(this.word(k)))) return false;
    return this.isPunct(')', k + 1) || WINDOW_SPEC_WORDS.has(this.word(k + 1));
  }

  /** `WINDOW w AS (PARTITION BY ... ORDER BY ...), ...` at p (SQL Server 2022): the names are no columns, the rest is read. */
  private windowClause(scope: Scope): void {
    this.p++;
    while (isNameToken(this.tok()) && this.word(1) === 'AS' && this.isPunct('(', 2)) {
      this.p += 3;
      if (this.isWindowName(0)) this.p++;
      // Read as inside its bracket, where ORDER BY ends nothing.
      this.expression(scope, Number.MAX_SAFE_INTEGER, 1);
      if (!this.isPunct(',')) return;
      this.p++;
    }
  }

  /** After CASE: the column of a simple CASE, read (`CASE r.endcode WHEN ...`), or undefined for any other. */
  private caseOperand(scope: Scope): ColumnRef | undefined {
    let k = 0;
    while (isNameToken(this.tok(k)) && this.isPunct('.', k + 1)) k += 2;
    if (!isNameToken(this.tok(k)) || this.word(k + 1) !== 'WHEN') return undefined;
    const before = this.columnRefs.length;
    this.columnReference(scope);
    return this.columnRefs.length > before ? this.columnRefs.get(this.columnRefs.length - 1) : undefined;
  }

  private shapeOf(scope: Scope): QueryShape {
    let shape = this.shapes.get(scope);
    if (!shape) {
      shape = { scope, joins: [], aggregates: [], groupBy: false };
      this.shapes.set(scope, shape);
      this.queries.push(shape);
    }
    return shape;
  }

  /** `x = y` among the column references read since `first` (an ON condition): adjacent refs with only `=` between. */
  private equalities(first: number): JoinEquality[] {
    const out: JoinEquality[] = [];
    for (let i = first; i + 1 < this.columnRefs.length; i++) {
      const left = this.columnRefs.get(i);
      const right = this.columnRefs.get(i + 1);
      const between = this.text.slice(left.span.end, (right.qualifierSpan ?? right.span).start);
      // Brackets and double quotes around the names stay outside the content spans.
      if (between.replace(/[\s[\]"]/g, '') === '=' && left.scope === right.scope) out.push({ left, right });
    }
    return out;
  }

  /** Records the aggregate call at p (its name), unless it is a window function (...) OVER (...)). */
  private aggregate(scope: Scope): void {
    const nameTok = this.at(this.p);
    let depth = 0;
    let close = this.p + 1;
    for (; this.more(close); close++) {
      const tok = this.at(close);
      if (tok.kind !== 'punct') continue;
      if (tok.value === '(') depth++;
      else if (tok.value === ')' && --depth === 0) break;
    }
    const closeTok = this.at(close);
    const after = this.at(close + 1);
    if (!closeTok || (after?.kind === 'word' && after.value.toUpperCase() === 'OVER')) return;
    const distinct = this.at(this.p + 2)?.kind === 'word' && this.at(this.p + 2).value.toUpperCase() === 'DISTINCT';
    this.shapeOf(scope).aggregates.push({ name: nameTok.value.toUpperCase(), span: span(nameTok), call: { start: nameTok.start, end: closeTok.end }, distinct });
  }

  /** Reads a.b.c at p as a column reference, and a following `= 'x'` or `IN ('x', ...)`. */
  private columnReference(scope: Scope): void {
    const parts: SqlToken[] = [];
    let trailingDot = false;
    while (this.more() && isNameToken(this.at(this.p))) {
      const tok = this.at(this.p);
      if (parts.length > 0 && tok.kind === 'word' && (CLAUSE_WORDS.has(tok.upper as string) || STATEMENT_WORDS.has(tok.upper as string))) break;
      parts.push(tok);
      this.p++;
      trailingDot = false;
      if (!this.isPunct('.')) break;
      this.p++;
      trailingDot = true;
    }
    if (trailingDot) {
      // `alias.` being typed, or `alias.*`: no column yet.
      if (this.isOperator('*')) this.p++;
      return;
    }
    if (parts.length === 0) return;
    const nameTok = parts[parts.length - 1];
    const qualTok = parts.length > 1 ? parts[parts.length - 2] : undefined;
    const ref: ColumnRef = {
      name: nameTok.value,
      span: contentSpan(nameTok),
      qualifier: qualTok?.value,
      qualifierSpan: qualTok ? contentSpan(qualTok) : undefined,
      scope,
    };
    this.columnRefs.push(ref);
    this.valueComparison(ref);
  }

  private valueComparison(ref: ColumnRef): void {
    const op = this.tok();
    if (!op) return;
    if (op.kind === 'operator' && (op.value === '=' || op.value === '<>' || op.value === '!=')) {
      if (this.isLiteral(1)) {
        this.valueRef(this.at(this.p + 1), ref);
        this.p += 2;
      }
      return;
    }
    let k = 0;
    if (this.word() === 'NOT') k = 1;
    if (this.word(k) === 'IN' && this.isPunct('(', k + 1) && this.word(k + 2) !== 'SELECT') {
      // The literals of the list, each an item alone between commas. The expression reads on from the bracket,
      // so that whatever else the list holds (a variable, NULL, -1, a function call) is read as usual.
      this.p += k + 1;
      let depth = 0;
      for (let i = 1; this.more(this.p + i); i++) {
        if (this.isPunct(';', i) || this.isGo(i) || (depth === 0 && STATEMENT_WORDS.has(this.word(i)))) break;
        if (this.isPunct('(', i)) depth++;
        else if (this.isPunct(')', i)) {
          if (depth === 0) break;
          depth--;
        } else if (depth === 0 && this.isLiteral(i) && (i === 1 || this.isPunct(',', i - 1)) && (this.isPunct(',', i + 1) || this.isPunct(')', i + 1) || this.at(this.p + i).unterminated)) {
          // (An unclosed string is the item being typed: its code is completed.)
          this.valueRef(this.at(this.p + i), ref);
        }
      }
    }
  }

  private isLiteral(k: number): boolean {
    const tok = this.tok(k);
    return !!tok && (tok.kind === 'string' || tok.kind === 'number');
  }

  private valueRef(lit: SqlToken, column: ColumnRef): void {
    this.valueRefs.push({ value: lit.value, span: contentSpan(lit), column, sql: lit.kind === 'number' ? 'number' : 'string' });
  }
}

/** Real scripts nest a handful of levels; the limit only protects the stack from pathological input. */
const MAX_NESTING = 60;

/** Aggregates whose result depends on how many times a row appears (MIN and MAX do not). */
const AGGREGATES = new Set(['COUNT', 'COUNT_BIG', 'SUM', 'AVG', 'STDEV', 'STDEVP', 'VAR', 'VARP', 'STRING_AGG']);

/** TRIM(LEADING '0' FROM x): where to trim, not a column. */
const TRIM_WHERE = new Set(['LEADING', 'TRAILING', 'BOTH']);

/** Keywords that are called like functions. */
/** Words that can follow a window's name at the start of a window definition. */
const WINDOW_SPEC_WORDS = new Set(['PARTITION', 'ORDER', 'ROWS', 'RANGE']);

const FUNCTION_KEYWORDS = new Set(['CAST', 'TRY_CAST', 'CONVERT', 'TRY_CONVERT', 'LEFT', 'RIGHT']);


/** A select item's column: the named column it adds, '*' for a star, undefined for an unnamed expression. */
type ItemColumn = NamedColumn | '*' | undefined;

/**
 * A UNION's column is the first query's, but its values come from every query: it passes a catalogue column
 * through (for its codes and hover) only when the later query has a column of the same name at that place.
 */
function unmatchedOrigins(output: DerivedColumn[], first: ItemColumn[] | undefined, later: ItemColumn[] | undefined): void {
  const aligned = first !== undefined && later !== undefined && !first.includes('*') && !later.includes('*');
  for (const c of output) {
    if ('star' in c || !c.origin) continue;
    const i = aligned ? first.indexOf(c) : -1;
    const other = i >= 0 && later ? later[i] : undefined;
    if (typeof other !== 'object' || !other.origin || other.origin.name.toLowerCase() !== c.origin.name.toLowerCase()) c.origin = undefined;
  }
}

function span(tok: SqlToken): Span {
  return { start: tok.start, end: tok.end };
}

/** The span of a token's content: inside the quotes of a string or [name]. */
export function contentSpan(tok: SqlToken): Span {
  if (tok.contentStart === undefined) return span(tok);
  return { start: tok.contentStart, end: tok.unterminated ? tok.end : tok.end - 1 };
}

function originOf(ref: ColumnRef): { name: string; scope: Scope; qualifier?: string } {
  return { name: ref.name, scope: ref.scope, qualifier: ref.qualifier };
}

/** The binding a qualifier names, looking outwards through enclosing scopes. */
export function findBinding(scope: Scope | undefined, qualifier: string): Binding | undefined {
  const q = qualifier.toLowerCase();
  for (let s = scope; s; s = s.parent) {
    for (const b of s.bindings) {
      if (b.name?.toLowerCase() === q || b.altNames?.some((n) => n.toLowerCase() === q)) return b;
    }
  }
  return undefined;
}
