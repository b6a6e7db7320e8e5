// The R analyser: walks the syntax tree in script order, keeping what each variable holds (a data
// frame with known columns, or a query string), and records column references, coded-value
// comparisons, table names and completion sites. Embedded SQL is analysed by the SQL analyser.
// Anything it cannot follow makes the value unknown, and unknown data frames are never diagnosed.

import { analyseEmbeddedSql, EmbeddedSql, SqlPiece } from '../embedded';
import { ColumnRef, CompletionContext, DocumentModel, LiteralRef, NamedColumn, NameRef, QueryShape, Scope, Span, ValueRef } from '../model';
import { RLexer, RToken, TokenIndex, TokenIndexBuilder } from './lexer';
import { pushChildren, RArg, RNode, RStatements } from './parse';
import { contentSpan, stringValue } from './strings';
import { either, extend, Frame, incomplete, markValues, Mask, Val, Values, valuesOf, without } from './frames';
import { lineEnd, rCompletionContext, Site, SiteGroups, SqlEntry, sqlEntry } from './context';
import { fileColumns, fileRelation, looksLikeSql, queryFrame, queryPiecesOf, tableFrame } from './sources';
import { applyVerb, isVerb } from './verbs';
import { dtIndex } from './datatable';
import { assignedNames, CONSTANTS, LOOSE_NAMES } from './names';
import { Chunked, MovedChunked } from '../chunked';
import { Counts, Timeline } from './state';

const QUERY_FNS = new Set(['sqlQuery', 'dbGetQuery', 'dbSendQuery', 'dbExecute', 'dbSendStatement']);
const TABLE_FNS = new Set(['dbReadTable', 'tbl', 'sqlFetch']);
const FILE_FNS = new Set([
  'read.csv', 'read.csv2', 'read.delim', 'read.table', 'readRDS', 'read_rds', 'read_csv', 'read_csv2', 'read_tsv', 'read_delim',
  'fread', 'read_dta', 'read_stata', 'read_sav', 'read_sas', 'read_parquet', 'read_feather', 'read_ipc_file', 'read_excel', 'read_xlsx', 'vroom',
]);
const PIPES = new Set(['|>', '%>%', '%T>%']);
const ASSIGN_LEFT = new Set(['<-', '=', '<<-', ':=']);
const COMPUTED_AES = new Set(['after_stat', 'after_scale', 'stage']);
/** Functions that take a function, and its position among the unnamed arguments. */
const APPLY_FNS = new Map<string, number>([
  ['lapply', 1], ['sapply', 1], ['vapply', 1], ['mapply', 0], ['Map', 0], ['Reduce', 0], ['Filter', 0], ['Position', 0], ['Find', 0],
  ['do.call', 0], ['apply', 2], ['tapply', 2], ['outer', 2], ['map', 1], ['map_chr', 1], ['map_dbl', 1], ['map_int', 1], ['map_lgl', 1],
  ['map_vec', 1], ['map2', 2], ['map2_chr', 2], ['map2_dbl', 2], ['map2_int', 2], ['map2_lgl', 2], ['pmap', 1], ['imap', 1], ['walk', 1],
]);
const FRAME_MODIFIERS = new Set(['names', 'colnames', 'dimnames', 'attributes', 'setNames']);

export type VarValue = { frame: Frame } | { query: StoredQuery };

/** A query string held by a variable: its pieces as they were when assigned. */
export interface StoredQuery {
  node: RNode;
  pieces: SqlPiece[];
}

type SqlResult = { sql: EmbeddedSql; pieces: SqlPiece[] };

/** What variables hold: the script's top level, or a function body (which sees the variables around it). */
export interface Env {
  get(name: string): VarValue | undefined;
  set(name: string, value: VarValue): void;
  delete(name: string): void;
}

/** The top level: every change goes to the timeline, under the statement being analysed. */
class TopEnv implements Env {
  now = 0;
  /** Names changed by the statement being analysed. */
  changed: string[] = [];

  constructor(readonly timeline: Timeline<string, VarValue>, readonly queryNames: Set<string>) {}

  get(name: string): VarValue | undefined {
    return this.timeline.latest(name);
  }

  set(name: string, value: VarValue): void {
    this.timeline.record(name, this.now, value);
    this.changed.push(name);
    if ('query' in value) this.queryNames.add(name);
  }

  delete(name: string): void {
    if (this.timeline.latest(name) === undefined) return;
    this.timeline.record(name, this.now, undefined);
    this.changed.push(name);
  }
}

/** A function body: what it assigns stays inside. */
class FunctionEnv implements Env {
  private readonly own = new Map<string, VarValue | null>();

  constructor(private readonly parent: Env) {}

  get(name: string): VarValue | undefined {
    const v = this.own.get(name);
    return v === undefined ? this.parent.get(name) : (v ?? undefined);
  }

  set(name: string, value: VarValue): void {
    this.own.set(name, value);
  }

  delete(name: string): void {
    this.own.set(name, null);
  }
}

/** The analysis state where a top-level statement starts: how long each list was. */
interface Checkpoint {
  tableRefs: number;
  columnRefs: number;
  valueRefs: number;
  rLiterals: number;
  sqlLiterals: number;
  sites: number;
  groups: number;
  sql: number;
  /** Bare names this statement took as columns or variables by whether the script assigns them anywhere. */
  queried?: string[];
}

/**
 * Everything an analysis leaves, kept with its model so that the next version can resume from it. Statement
 * records (`starts` ... `refsBefore`) cover the whole text: the `visited` statements analysed, then those after
 * a partial analysis stopped, as an earlier version read them (offsets moved to this text).
 */
export interface RState {
  text: string;
  index: TokenIndex;
  starts: MovedChunked;
  /** The text must be unchanged before this offset to resume at the statement (the parser looked that far). */
  seenEnds: MovedChunked;
  assigned: Chunked<string[] | undefined>;
  opaque: Chunked<boolean>;
  /** The names each visited statement changed at the top level (set, deleted, made unknown): one per visited statement. */
  changed: Chunked<string[] | undefined>;
  /** How many table names come before the statement in `tableRefs` then `later`. */
  refsBefore: MovedChunked;
  visited: number;
  /** One per visited statement, and one where the analysis ended or stopped. */
  cps: Chunked<Checkpoint>;
  env: Timeline<string, VarValue>;
  memo: Timeline<RNode, SqlResult>;
  counts: Counts;
  opaqueCount: number;
  queryNames: ReadonlySet<string>;
  tableRefs: Chunked<NameRef>;
  columnRefs: Chunked<ColumnRef>;
  valueRefs: Chunked<ValueRef>;
  rLiterals: Chunked<LiteralRef>;
  sqlLiterals: Chunked<LiteralRef>;
  sites: Chunked<Site>;
  groups: SiteGroups;
  sql: Chunked<SqlEntry>;
  /** Table names of the statements after `visited`, from an earlier version (stale spans). */
  later: NameRef[];
  /** Set on a partial analysis: it answers as a full one up to here. */
  validUntil?: number;
  /** The word index a partial analysis built (see `RAnalyser.mentions`). */
  mentions?: LastMentions;
  /** Where names were last found in the text, for the next version to carry (see `LastUses`). */
  lastUses?: LastUses;
}

const states = new WeakMap<DocumentModel, RState>();

/** What the analysis of a model this analyser made keeps (for `sameAsR`). */
export const rStateOf = (model: DocumentModel): RState | undefined => states.get(model);

export function analyseR(text: string): DocumentModel {
  const first = new RAnalyser(text, {});
  const state = first.run();
  // Names assigned further down took some bare name for a column: run again knowing every name.
  if (!first.guessedWrong()) return modelOf(state);
  return modelOf(new RAnalyser(text, { known: { counts: first.counts, opaque: first.opaqueCount } }).run());
}

/** Where a resumed analysis starts, what it knows of the whole script, and where the old statements line up again. */
interface Resume {
  old: RState;
  /** The statement to start at (its checkpoint in `old`). */
  k: number;
  /** The first statement (new numbering) that lines up with old statement `oldIndex`, and the offset shift. */
  aligned?: { index: number; oldIndex: number; delta: number };
  until?: number;
}

interface Options {
  known?: { counts: Counts; opaque: number };
  resume?: Resume;
}

const EMPTY: Checkpoint = { tableRefs: 0, columnRefs: 0, valueRefs: 0, rLiterals: 0, sqlLiterals: 0, sites: 0, groups: 0, sql: 0 };

export class RAnalyser {
  private readonly top: TopEnv;
  env: Env;
  private readonly memo: Timeline<RNode, SqlResult>;
  readonly tableRefs: Chunked<NameRef>;
  readonly columnRefs: Chunked<ColumnRef>;
  readonly valueRefs: Chunked<ValueRef>;
  private readonly rLiterals: Chunked<LiteralRef>;
  private readonly sqlLiterals: Chunked<LiteralRef>;
  readonly sites: Chunked<Site>;
  private readonly groups: SiteGroups;
  private readonly sql: Chunked<SqlEntry>;
  // Chunked, as the result lists are: each step of a re-check and each keystroke keeps a prefix of these, and a
  // copied prefix made every step cost the whole script. Offsets and counts move with the edit's length.
  private readonly starts: MovedChunked;
  private readonly seenEnds: MovedChunked;
  private readonly assignedBy: Chunked<string[] | undefined>;
  private readonly opaqueBy: Chunked<boolean>;
  private readonly changedBy: Chunked<string[] | undefined>;
  private readonly refsBefore: MovedChunked;
  private readonly cps: Chunked<Checkpoint>;
  /** How many statements assign each name (all of the script once known, else those read so far). */
  readonly counts: Counts;
  opaqueCount: number;
  /** The script loads variables we cannot see (source, load, attach): no bare name is certain. */
  private opaqueEnv: boolean;
  /**
   * Statements are parsed and analysed one at a time, so that each syntax tree dies young (the garbage
   * collector then copies far less). Names assigned further down are not known yet: the bare names taken
   * as certain columns meanwhile are kept here, and if the rest of the script assigns one of them (or loads
   * unseen variables) the analysis is run again knowing all the names. Undefined once the names are known.
   */
  private readonly guessed: Set<string> | undefined;
  private queried: string[] | undefined;
  /** Names assigned with <<- inside a function body: unknown once the function is defined. */
  private superAssigned = new Set<string>();
  private readonly indexBuilder = new TokenIndexBuilder();
  private readonly lexer: RLexer;
  private readonly tokenPrefix: { index: TokenIndex; count: number } | undefined;

  constructor(readonly text: string, private readonly options: Options) {
    const r = options.resume;
    const cp = r ? r.old.cps.get(r.k) : EMPTY;
    const from = r && r.k > 0 ? r.old.starts.get(r.k) : 0;
    this.lexer = new RLexer(text, from, this.indexBuilder, false, (tok) => this.literal(tok));
    if (r) {
      const old = r.old;
      this.tokenPrefix = { index: old.index, count: from > 0 ? old.index.lastStartingBefore(from) + 1 : 0 };
      this.tableRefs = old.tableRefs.prefix(cp.tableRefs);
      this.columnRefs = old.columnRefs.prefix(cp.columnRefs);
      this.valueRefs = old.valueRefs.prefix(cp.valueRefs);
      this.rLiterals = old.rLiterals.prefix(cp.rLiterals);
      this.sqlLiterals = old.sqlLiterals.prefix(cp.sqlLiterals);
      this.sites = old.sites.prefix(cp.sites);
      this.groups = new SiteGroups(this.sites, old.groups, cp.groups);
      this.sql = old.sql.prefix(cp.sql);
      this.starts = old.starts.prefix(r.k);
      this.seenEnds = old.seenEnds.prefix(r.k);
      this.assignedBy = old.assigned.prefix(r.k);
      this.opaqueBy = old.opaque.prefix(r.k);
      this.changedBy = old.changed.prefix(r.k);
      this.refsBefore = old.refsBefore.prefix(r.k);
      this.cps = old.cps.prefix(r.k);
      this.top = new TopEnv(old.env.resume(r.k), new Set(old.queryNames));
      this.memo = old.memo.resume(r.k);
    } else {
      this.tokenPrefix = undefined;
      this.tableRefs = new Chunked();
      this.columnRefs = new Chunked();
      this.valueRefs = new Chunked();
      this.rLiterals = new Chunked();
      this.sqlLiterals = new Chunked();
      this.sites = new Chunked();
      this.groups = new SiteGroups(this.sites);
      this.sql = new Chunked();
      this.starts = new MovedChunked();
      this.seenEnds = new MovedChunked();
      this.assignedBy = new Chunked();
      this.opaqueBy = new Chunked();
      this.changedBy = new Chunked();
      this.refsBefore = new MovedChunked();
      this.cps = new Chunked();
      this.top = new TopEnv(Timeline.fresh(), new Set());
      this.memo = Timeline.fresh();
    }
    this.env = this.top;
    const known = options.known;
    this.counts = known?.counts ?? Counts.fresh();
    this.opaqueCount = known?.opaque ?? 0;
    this.opaqueEnv = this.opaqueCount > 0;
    this.guessed = known ? undefined : new Set();
  }

  private literal(tok: RToken): void {
    if (tok.kind === 'number') this.rLiterals.push({ value: tok.value, span: { start: tok.start, end: tok.end } });
    else if (!tok.unterminated) this.rLiterals.push({ value: stringValue(this.text, tok), span: contentSpan(tok) });
  }

  private checkpoint(start: number): Checkpoint {
    // The lexer reads ahead of the parser: literals at or after the statement's start belong to it.
    let rLiterals = this.rLiterals.length;
    while (rLiterals > 0 && this.rLiterals.get(rLiterals - 1).span.start >= start) rLiterals--;
    return {
      tableRefs: this.tableRefs.length,
      columnRefs: this.columnRefs.length,
      valueRefs: this.valueRefs.length,
      rLiterals,
      sqlLiterals: this.sqlLiterals.length,
      sites: this.sites.length,
      groups: this.groups.count,
      sql: this.sql.length,
    };
  }

  run(): RState {
    const r = this.options.resume;
    const statements = new RStatements(this.lexer);
    const stopper = r?.until !== undefined ? new Stopper(this, r, r.until) : undefined;
    let stopped: number | undefined;
    for (let e = statements.next(); e; e = statements.next()) {
      const i = this.starts.length;
      const first = statements.first;
      if (stopper && stopper.stopsBefore(i, first.start)) {
        stopped = i;
        break;
      }
      const cp = this.checkpoint(first.start);
      this.cps.push(cp);
      this.starts.push(first.start);
      this.seenEnds.push(first.end + 3);
      this.refsBefore.push(this.tableRefs.length);
      const names = assignedNames([e]);
      this.assignedBy.push(names.assigned.size ? [...names.assigned] : undefined);
      this.opaqueBy.push(names.opaque);
      if (!this.options.known) {
        for (const name of names.assigned) this.counts.add(name, 1);
        if (names.opaque) {
          this.opaqueCount++;
          this.opaqueEnv = true;
        }
      }
      this.top.now = i;
      this.top.changed = [];
      this.queried = undefined;
      this.visit(e);
      this.groups.close();
      this.changedBy.push(this.top.changed.length ? this.top.changed : undefined);
      cp.queried = this.queried;
      stopper?.after(e, this.top.changed);
    }
    const visited = this.starts.length;
    this.cps.push(this.checkpoint(stopped === undefined ? Infinity : (stopper as Stopper).stopStart));
    let later: NameRef[] = [];
    if (stopped !== undefined && r?.aligned) later = this.copyTail(r.old, r.aligned.oldIndex + (stopped - r.aligned.index), r.aligned.delta);
    const index = this.tokenPrefix ? TokenIndex.join(this.tokenPrefix.index, this.tokenPrefix.count, this.indexBuilder) : this.indexBuilder.done();
    return {
      text: this.text,
      index,
      starts: this.starts,
      seenEnds: this.seenEnds,
      assigned: this.assignedBy,
      opaque: this.opaqueBy,
      changed: this.changedBy,
      refsBefore: this.refsBefore,
      visited,
      cps: this.cps,
      env: this.top.timeline,
      memo: this.memo,
      counts: this.counts,
      opaqueCount: this.opaqueCount,
      queryNames: this.top.queryNames,
      tableRefs: this.tableRefs,
      columnRefs: this.columnRefs,
      valueRefs: this.valueRefs,
      rLiterals: this.rLiterals,
      sqlLiterals: this.sqlLiterals,
      sites: this.sites,
      groups: this.groups,
      sql: this.sql,
      later,
      validUntil: stopped === undefined ? undefined : (stopper as Stopper).protectedEnd - 1,
      mentions: stopped === undefined ? undefined : this.mentionIndex ?? this.inherited(),
      lastUses: this.lastUseIndex,
    };
  }

  /** The records of old statements from `j` on (they follow the last statement read), moved by `delta`. */
  private copyTail(old: RState, j: number, delta: number): NameRef[] {
    const base = old.refsBefore.get(j);
    const shift = this.tableRefs.length - base;
    // When the records line up (as in a step into the same text, or after an edit inside a statement) their
    // chunks are shared, the offsets and counts moved by a constant per chunk.
    const linedUp = this.starts.length === j;
    const take = <T>(mine: Chunked<T>, theirs: Chunked<T>): void => {
      if (linedUp) mine.extendFrom(theirs, j);
      else for (let i = j; i < theirs.length; i++) mine.push(theirs.get(i));
    };
    take(this.assignedBy, old.assigned);
    take(this.opaqueBy, old.opaque);
    this.starts.extendFrom(old.starts, j, delta);
    this.seenEnds.extendFrom(old.seenEnds, j, delta);
    this.refsBefore.extendFrom(old.refsBefore, j, shift);
    const visitedRefs = old.tableRefs.length;
    if (base >= visitedRefs) return old.later.slice(base - visitedRefs);
    const out = old.tableRefs.appendTo([], base);
    for (const ref of old.later) out.push(ref);
    return out;
  }

  /** Whether a bare name was taken as a certain column that, knowing the whole script, may be a variable. */
  guessedWrong(): boolean {
    if (!this.guessed || this.guessed.size === 0) return false;
    if (this.opaqueEnv) return true;
    for (const name of this.guessed) if (this.counts.has(name)) return true;
    return false;
  }

  private mentionIndex: LastMentions | undefined;

  /**
   * The word index of the text from `from` on (the first place a stop is looked for: later steps only look
   * further down): built once, and shared by the next steps of a partial analysis of the same text.
   */
  mentions(from: number): LastMentions {
    this.mentionIndex ??= this.inherited() ?? new LastMentions(this.text, from);
    return this.mentionIndex;
  }

  /** Whether the word index is at hand (then it is cheaper than searching the text even for one name). */
  hasMentions(): boolean {
    return (this.mentionIndex ??= this.inherited()) !== undefined;
  }

  private lastUseIndex: LastUses | undefined;

  /** Where names were last found, carried from the version this analysis resumes from. */
  lastUses(): LastUses {
    if (!this.lastUseIndex) {
      const r = this.options.resume;
      const old = r?.old.lastUses;
      if (old && r.old.text === this.text) this.lastUseIndex = old;
      else if (old && r.aligned) this.lastUseIndex = old.carried(this.text, r.old.starts.get(r.aligned.oldIndex) + r.aligned.delta, r.aligned.delta);
      else this.lastUseIndex = new LastUses(this.text);
    }
    return this.lastUseIndex;
  }

  private inherited(): LastMentions | undefined {
    const old = this.options.resume?.old;
    return old?.mentions && old.text === this.text ? old.mentions : undefined;
  }

  /** Names that hold query strings now, as far as this analysis knows. */
  liveQueries(): string[] {
    const out: string[] = [];
    for (const name of this.top.queryNames) {
      const v = this.top.get(name);
      if (v && 'query' in v) out.push(name);
    }
    return out;
  }

  // ---- scopes and references ------------------------------------------------------------------

  scopeOf(frames: Frame[], span: Span, names: (string | undefined)[] = []): Scope {
    const bindings = frames.map((f, i) => ({ name: names[i], relation: f.rel }));
    return { bindings, span, caseSensitive: true };
  }

  /** Data masking over `frames` in `region` (the call's parentheses): completion offers their columns there. */
  mask(frames: Frame[], region: Span): Mask {
    const m = new Mask(frames, this.scopeOf(frames, region));
    this.sites.push({ kind: 'region', span: region, scope: m.scope });
    return m;
  }

  colRef(name: string, span: Span, scope: Scope, qualifier?: string, qualifierSpan?: Span): ColumnRef {
    const ref: ColumnRef = { name, span, scope, qualifier, qualifierSpan };
    if (name !== '') this.columnRefs.push(ref);
    this.sites.push({ kind: 'column', span, replace: span, scope, qualifier, quoted: false });
    return ref;
  }

  /** A column named by a string ("pathwayid"): always certain. Unterminated strings only complete. */
  stringColRef(tok: RToken, scope: Scope, qualifier?: string): ColumnRef | undefined {
    const span = contentSpan(tok);
    const replace = { start: span.start, end: tok.unterminated ? this.lineEnd(span.start, span.end) : span.end };
    this.sites.push({ kind: 'column', span: replace, replace, scope, qualifier, quoted: true });
    if (tok.unterminated) return undefined;
    const ref: ColumnRef = { name: stringValue(this.text, tok), span, scope, qualifier };
    if (ref.name !== '') this.columnRefs.push(ref);
    return ref;
  }

  lineEnd(from: number, limit: number): number {
    return lineEnd(this.text, from, limit);
  }

  /** A bare name under data masking: a column, unless it may be an R variable or function. */
  maskIdent(node: Extract<RNode, { k: 'ident' }>, m: Mask): ColumnRef | undefined {
    const name = node.name;
    if (node.pkg || name.startsWith('.') || CONSTANTS.has(name)) return undefined;
    const common = LOOSE_NAMES.has(name);
    // Whether the name is a certain column depends on the whole script: recorded so that a later version
    // that assigns it (or loads unseen variables) re-reads this statement.
    if (!common) (this.queried ??= []).push(name);
    const loose = this.opaqueEnv || common || this.counts.has(name);
    if (!loose) this.guessed?.add(name);
    const span = node.tok.backtick ? contentSpan(node.tok) : node.span;
    return this.colRef(name, span, loose ? m.loose : m.scope);
  }

  valueRef(tok: RToken, column: ColumnRef): void {
    const span = contentSpan(tok);
    this.sites.push({ kind: 'value', span, tok, column });
    if (tok.unterminated || tok.value === '') return;
    const values = valuesOf(column);
    // Values changed in ways not followed may be anything: not checked.
    if (values & Values.Recomputed) return;
    const ref: ValueRef = { value: stringValue(this.text, tok), span, column };
    if (values & Values.Converted) ref.converted = true;
    this.valueRefs.push(ref);
  }

  // ---- walking ----------------------------------------------------------------------------------

  visit(node: RNode | undefined, m?: Mask, aes?: Frame): Val {
    if (!node) return {};
    switch (node.k) {
      case 'ident': {
        if (m) {
          const col = this.maskIdent(node, m);
          if (col) return { col };
        }
        const v = node.pkg ? undefined : this.env.get(node.name);
        return v && 'frame' in v ? { frame: v.frame } : {};
      }
      case 'call':
        return this.visitCall(node, undefined, m, aes);
      case 'index':
        return this.visitIndex(node, m);
      case 'dollar':
        return this.visitDollar(node, m);
      case 'binary':
        return this.visitBinary(node, m, aes);
      case 'unary':
        if (m && isInjection(node)) {
          // !!x and !!!x (rlang injection) are evaluated before the data is looked at: never a column.
          this.visit(node.arg);
          return {};
        }
        this.visit(node.arg, m, aes);
        return {};
      case 'function':
        return this.visitFunction(node, m);
      case 'block': {
        let last: Val = {};
        for (const e of node.exprs) last = this.visit(e, m, aes);
        return last;
      }
      case 'control':
        return this.visitControl(node, m);
      default:
        return {};
    }
  }

  visitArgs(args: RArg[], m?: Mask, aes?: Frame): void {
    for (const a of args) this.visit(a.value, m, aes);
  }

  private visitBinary(node: Extract<RNode, { k: 'binary' }>, m?: Mask, aes?: Frame): Val {
    const { op } = node;
    if (ASSIGN_LEFT.has(op)) return this.assign(node.left, node.right, op === '<<-', m);
    if (op === '->' || op === '->>') return node.right ? this.assign(node.right, node.left, op === '->>', m) : this.visit(node.left, m);
    if (PIPES.has(op)) return this.pipe(this.visit(node.left, m, aes), node.right, m, aes);
    if (op === '%<>%') return this.assignPipe(node, m);
    if (op === '+') {
      const left = this.visit(node.left, m, aes);
      // ggplot(df) + geom_line(aes(...)): layers see the plot's data.
      if (left.plot) {
        this.visit(node.right, m, left.plot);
        return { plot: left.plot };
      }
      this.visit(node.right, m, aes);
      return {};
    }
    const left = this.visit(node.left, m, aes);
    if (op === '%in%' && left.col && node.right?.k === 'call' && node.right.fn.k === 'ident' && node.right.fn.name === 'c') {
      for (const a of node.right.args) {
        if (a.value?.k === 'string') this.valueRef(a.value.tok, left.col);
        else this.visit(a.value, m, aes);
      }
      return {};
    }
    const right = this.visit(node.right, m, aes);
    if (op === '==' || op === '!=') {
      if (left.col && node.right?.k === 'string') this.valueRef(node.right.tok, left.col);
      if (right.col && node.left.k === 'string') this.valueRef(node.left.tok, right.col);
    }
    return {};
  }

  private pipe(lhs: Val, rhs: RNode | undefined, m?: Mask, aes?: Frame): Val {
    if (!rhs) return {};
    if (rhs.k === 'call') return this.visitCall(rhs, lhs, m, aes);
    if (rhs.k === 'ident' && lhs.frame && isVerb(rhs.name)) {
      const frame = applyVerb(this, rhs.name, { k: 'call', fn: rhs, args: [], span: rhs.span, open: rhs.span.end, end: rhs.span.end, depth: 1 }, lhs.frame, []);
      return { frame };
    }
    this.visit(rhs, m, aes);
    return {};
  }

  /** magrittr's `x %<>% f()`, which is `x <- x %>% f()` (other targets, `df$x %<>% f()`, are only read). */
  private assignPipe(node: Extract<RNode, { k: 'binary' }>, m?: Mask): Val {
    const v = this.pipe(this.visit(node.left, m), node.right, m);
    if (node.left.k === 'ident') {
      if (v.frame) this.env.set(node.left.name, { frame: v.frame });
      else this.env.delete(node.left.name);
    }
    return v;
  }

  private assign(target: RNode, valueNode: RNode | undefined, superAssign: boolean, m?: Mask): Val {
    const v = this.visit(valueNode, m);
    if (target.k === 'ident' || target.k === 'string') {
      const name = target.k === 'ident' ? target.name : target.tok.value;
      if (superAssign) {
        this.env.delete(name);
        this.superAssigned.add(name);
      } else if (v.frame) this.env.set(name, { frame: v.frame });
      else {
        const pieces = valueNode && queryPiecesOf(this, valueNode, 0);
        if (valueNode && pieces) {
          const stored = { node: valueNode, pieces };
          this.env.set(name, { query: stored });
          // A query string assigned is SQL to check even if it is never (or only later) passed to a query function.
          if (looksLikeSql(pieces)) this.analyseStored(stored);
        } else this.env.delete(name);
      }
      return v;
    }
    this.assignInto(target, valueNode, m);
    return v;
  }

  /** `df$new <- x`, `df[["new"]] <- x`, `df[, "new"] <- x`, `names(df) <- x`: the columns change. */
  private assignInto(target: RNode, value: RNode | undefined, m?: Mask): void {
    const root = rootName(target);
    const held = root ? this.env.get(root) : undefined;
    const frame = held && 'frame' in held ? held.frame : undefined;
    // names(df)[i] <- "new", colnames(df)[names(df) == "old"] <- "new", dimnames(df)[[2]][i] <- "new".
    if (frame && root && target.k === 'index' && !target.double && namesCall(target.obj) === root) {
      this.visitArgs(target.args, m);
      const renamed = this.renamedByIndex(frame, root, target, value);
      const olds = renamed?.flatMap((c) => (c.origin ? [c.origin.name] : [])) ?? [];
      this.env.set(root, { frame: renamed ? extend(without(frame, 'renamed columns', olds), 'renamed columns', renamed) : incomplete(frame, 'renamed columns') });
      return;
    }
    if (target.k === 'call') {
      const fn = target.fn.k === 'ident' ? target.fn.name : '';
      const first = target.args[0]?.value;
      // levels(df$x) <- ..., is.na(df$x) <- ...: the column's values change, as by df$x <- ...
      if (frame && first && isColumnAccess(first)) {
        this.visitArgs(target.args.slice(1), m);
        this.assignInto(first, undefined, m);
        return;
      }
      if (frame && root && FRAME_MODIFIERS.has(fn) && first?.k === 'ident') {
        this.env.set(root, { frame: incomplete(frame, 'renamed columns') });
      }
      this.visitArgs(target.args, m);
      return;
    }
    // df$x[rows] <- ..., df[["x"]][i] <- ...: some of the column's values change, so it is no longer the catalogue's.
    if (frame && target.k === 'index' && isColumnAccess(target.obj)) {
      this.visitArgs(target.args, m);
      this.assignInto(target.obj, undefined, m);
      return;
    }
    const direct = (target.k === 'dollar' || target.k === 'index') && target.obj.k === 'ident' && target.obj.name === root;
    if (!frame || !root || !direct) {
      this.visit(target, m);
      return;
    }
    const names: { name: string; span: Span }[] = [];
    let known = true;
    // df$x <- NULL, df[["x"]] <- NULL, df["x"] <- NULL, df[, "x"] <- NULL: the columns go (with rows, an error).
    const rows = target.k === 'index' && !target.double && target.args.length >= 2 && target.args[0].value !== undefined;
    const removes = value?.k === 'ident' && value.name === 'NULL' && !rows;
    if (target.k === 'dollar') {
      if (target.name?.k === 'ident') names.push({ name: target.name.name, span: target.name.span });
      else if (target.name?.k === 'string') names.push({ name: stringValue(this.text, target.name.tok), span: contentSpan(target.name.tok) });
    } else if (target.k === 'index') {
      const j = target.double || target.args.length === 1 ? target.args[0] : target.args[1];
      if (!target.double && target.args.length >= 2) this.visit(target.args[0].value);
      for (const s of stringsOf(j?.value)) names.push({ name: stringValue(this.text, s), span: contentSpan(s) });
      if (j?.value && names.length === 0) {
        known = false;
        this.visit(j.value, m);
      }
    }
    let next: Frame;
    if (!known) next = incomplete(frame, 'assigned columns');
    else if (removes) next = without(frame, 'columns left after <- NULL', names.map((n) => n.name));
    else next = extend(frame, 'assigned columns', names.map((n) => ({ name: n.name, span: n.span })));
    this.env.set(root, { frame: next });
  }

  /**
   * The columns `names(df)[index] <- value` renames, each with the column it was: an index that is a literal
   * position (when the frame's columns are known in order) or `names(df) == "old"`; undefined when not followed.
   */
  private renamedByIndex(frame: Frame, root: string, target: Extract<RNode, { k: 'index' }>, value: RNode | undefined): NamedColumn[] | undefined {
    const news = stringsOf(value);
    const count = value?.k === 'call' ? value.args.length : 1;
    if (news.length === 0 || news.length !== count || target.args.length !== 1) return undefined;
    const scope = this.scopeOf([frame], target.span);
    const renamed = (olds: string[]): NamedColumn[] | undefined =>
      olds.length === news.length ? news.map((t, i) => ({ name: stringValue(this.text, t), span: contentSpan(t), origin: { name: olds[i], scope } })) : undefined;
    let index = target.args[0].value;
    if (index?.k === 'call' && index.fn.k === 'ident' && index.fn.name === 'which' && index.args.length === 1) index = index.args[0].value;
    if (index?.k === 'binary' && index.op === '==' && index.right) {
      const old = namesCall(index.left) === root ? index.right : namesCall(index.right) === root ? index.left : undefined;
      return old?.k === 'string' && !old.tok.unterminated ? renamed([stringValue(this.text, old.tok)]) : undefined;
    }
    const positions = index?.k === 'number' ? [index] : index?.k === 'call' && index.fn.k === 'ident' && index.fn.name === 'c' ? index.args.map((x) => x.value) : [];
    // Positions name columns only where the frame lists every column in order (a query's select list, select()).
    const rel = frame.rel;
    if (positions.length === 0 || rel.kind !== 'derived' || rel.filter || rel.columns.some((c) => 'star' in c)) return undefined;
    const olds: string[] = [];
    for (const p of positions) {
      const at = p?.k === 'number' && /^\d+L?$/.test(p.value) ? parseInt(p.value, 10) : 0;
      const col = rel.columns[at - 1];
      if (!col || 'star' in col) return undefined;
      olds.push(col.name);
    }
    return renamed(olds);
  }

  private visitDollar(node: Extract<RNode, { k: 'dollar' }>, m?: Mask): Val {
    if (node.op.value === '@') {
      this.visit(node.obj, m);
      return {};
    }
    // The .data pronoun names a column of the masked data; .env a variable.
    if (node.obj.k === 'ident' && (node.obj.name === '.data' || node.obj.name === '.env')) {
      if (node.obj.name === '.env' || !m) return {};
      return { col: this.dollarName(node, m.scope, undefined) };
    }
    const obj = this.holder(node.obj, m);
    if (!obj.frame) return {};
    const qualifier = node.obj.k === 'ident' ? node.obj.name : undefined;
    const scope = this.scopeOf([obj.frame], node.span, [qualifier]);
    return { col: this.dollarName(node, scope, qualifier) };
  }

  private dollarName(node: Extract<RNode, { k: 'dollar' }>, scope: Scope, qualifier: string | undefined): ColumnRef | undefined {
    const qualifierSpan = qualifier ? node.obj.span : undefined;
    const name = node.name;
    if (!name) {
      const at = { start: node.op.end, end: node.op.end };
      this.sites.push({ kind: 'column', span: at, replace: at, scope, qualifier, quoted: false });
      return undefined;
    }
    if (name.k === 'string') return this.stringColRef(name.tok, scope, qualifier);
    if (name.k !== 'ident') return undefined;
    const span = name.tok.backtick ? contentSpan(name.tok) : name.span;
    return this.colRef(name.name, span, scope, qualifier, qualifierSpan);
  }

  /**
   * What `x` is in `x$name` or `x[["name"]]`. Under data masking a bare `x` there is not taken for a column: it is
   * an object of the environment (params$start_date, config[["codes"]]), or a list column whose elements cannot be
   * checked. A data frame the script holds is still one (filter(endcode == ref$endcode[1])).
   */
  private holder(node: RNode, m: Mask | undefined): Val {
    if (!m || node.k !== 'ident' || node.pkg) return this.visit(node, m);
    const v = this.env.get(node.name);
    return v && 'frame' in v ? { frame: v.frame } : {};
  }

  private visitIndex(node: Extract<RNode, { k: 'index' }>, m?: Mask): Val {
    const obj = node.double ? this.holder(node.obj, m) : this.visit(node.obj, m);
    const f = obj.frame;
    if (!f) {
      this.visitArgs(node.args, m);
      return {};
    }
    const qualifier = node.obj.k === 'ident' ? node.obj.name : undefined;
    const scope = this.scopeOf([f], { start: node.open, end: node.end }, [qualifier]);
    if (node.double) {
      const j = node.args[0]?.value;
      if (j?.k === 'string') return { col: this.stringColRef(j.tok, scope, qualifier) };
      this.visitArgs(node.args, m);
      return {};
    }
    if (f.dt) return dtIndex(this, node, f, m);
    const named = node.args.filter((a) => a.name);
    const positional = node.args.filter((a) => !a.name);
    this.visitArgs(named, m);
    if (positional.length >= 2) this.visit(positional[0].value, m);
    const j = positional.length >= 2 ? positional[1] : positional[0];
    if (!j?.value) return positional.length >= 2 ? { frame: f } : {};
    const strings = stringsOf(j.value);
    if (strings.length === 0 || (j.value.k === 'call' && strings.length !== j.value.args.length)) {
      this.visit(j.value, m);
      return {};
    }
    const cols = strings.map((s) => this.stringColRef(s, scope, qualifier));
    // df[, "x"] is a vector; df[c("x", "y")] and df[, c("x", "y")] are data frames.
    if (j.value.k === 'string' && positional.length >= 2) return { col: cols[0] };
    return { frame: { rel: { kind: 'derived', label: 'selected columns', columns: strings.map((s) => ({ name: stringValue(this.text, s), origin: { name: stringValue(this.text, s), scope } })) } } };
  }

  private visitFunction(node: Extract<RNode, { k: 'function' }>, m?: Mask): Val {
    const saved = this.env;
    const savedSuper = this.superAssigned;
    this.env = new FunctionEnv(saved);
    this.superAssigned = new Set();
    for (const p of node.params) {
      this.env.delete(p.name);
      this.visit(p.value, m);
    }
    this.visit(node.body, m);
    const escaped = this.superAssigned;
    this.env = saved;
    this.superAssigned = savedSuper;
    // A function may run any time later: what it assigns with <<- is unknown from here on.
    for (const name of escaped) {
      this.env.delete(name);
      this.superAssigned.add(name);
    }
    return {};
  }

  private visitControl(node: Extract<RNode, { k: 'control' }>, m?: Mask): Val {
    if (node.loopVar) this.env.delete(node.loopVar);
    const before = new Map<string, Frame | undefined>();
    for (const name of changedInPlace(node)) before.set(name, this.frameOf(name));
    for (const part of node.parts) this.visit(part, m);
    // A branch or loop may or may not run: what it assigns is unknown afterwards.
    const assigned = assignedNames([node]).assigned;
    for (const name of assigned) this.env.delete(name);
    // A frame it changes in place (df$x <- NULL, names(df)[i] <- "new", dt[, x := NULL]) may be as before or after.
    for (const [name, old] of before) {
      const now = this.frameOf(name);
      if (assigned.has(name) || now === old) continue;
      if (old && now) this.env.set(name, { frame: either(old, now, 'columns changed in a branch or loop') });
      else this.env.delete(name);
    }
    return {};
  }

  private frameOf(name: string): Frame | undefined {
    const v = this.env.get(name);
    return v && 'frame' in v ? v.frame : undefined;
  }

  // ---- calls ------------------------------------------------------------------------------------

  visitCall(node: Extract<RNode, { k: 'call' }>, piped: Val | undefined, m?: Mask, aes?: Frame): Val {
    const fn = node.fn;
    if (fn.k !== 'ident') {
      this.visit(fn, m);
      this.visitArgs(node.args, m, aes);
      return {};
    }
    const name = fn.name;
    const region = { start: node.open, end: node.end };
    if (QUERY_FNS.has(name)) {
      const { arg, rest } = takeArg(node.args, ['query', 'statement'], piped ? 0 : 1);
      this.visitArgs(rest, m);
      const frame = arg?.value ? queryFrame(this, arg.value, name) : undefined;
      if (name === 'dbExecute') return {};
      return { frame: frame && name === 'sqlQuery' && !asIs(rest) ? markValues(frame, Values.Converted) : frame };
    }
    if (TABLE_FNS.has(name)) {
      const { arg, rest } = takeArg(node.args, ['name', 'from', 'sqtable'], piped ? 0 : 1);
      this.visitArgs(rest, m);
      const frame = arg?.value ? tableFrame(this, arg.value) : undefined;
      return { frame: frame && name === 'sqlFetch' && !asIs(rest) ? markValues(frame, Values.Converted) : frame };
    }
    if (FILE_FNS.has(name)) {
      const { arg, rest } = takeArg(node.args, ['file', 'path', 'con', 'input', 'sink', 'data_file'], 0);
      this.visitArgs(rest, m);
      this.visit(arg?.value, m);
      const columns = fileColumns(this, name, rest);
      if (Array.isArray(columns)) return { frame: { rel: { kind: 'derived', label: `${name}() columns`, columns }, dt: name === 'fread' } };
      const rel = arg?.value && columns === 'header' ? fileRelation(arg.value) : undefined;
      return rel ? { frame: { rel, dt: name === 'fread' } } : {};
    }
    if (name === 'dbFetch' || name === 'fetch') {
      const first = piped ?? this.visit(node.args[0]?.value, m);
      this.visitArgs(piped ? node.args : node.args.slice(1), m);
      return { frame: first.frame };
    }
    if (isVerb(name)) {
      let data: Frame | undefined;
      let rest = node.args;
      if (piped) data = piped.frame;
      else {
        const taken = takeArg(node.args, ['.data', 'data', 'x'], 0);
        data = this.visit(taken.arg?.value, m).frame;
        rest = taken.rest;
      }
      if (data) return { frame: applyVerb(this, name, node, data, rest) };
      this.visitArgs(rest, m, aes);
      return {};
    }
    if (name === 'with' || name === 'within') {
      const data = piped?.frame ?? this.visit(node.args[0]?.value, m).frame;
      const body = piped ? node.args : node.args.slice(1);
      if (name === 'with' || !data) {
        this.visitArgs(body, data ? this.mask([data], region) : m);
        return {};
      }
      // within(): the body's assignments go to the data, not to the script's variables; each column it assigns
      // (endcode[endcode == "46"] <- "C") is a new one, and what else it adds or removes is not followed.
      const saved = this.env;
      this.env = new FunctionEnv(saved);
      this.visitArgs(body, this.mask([data], region));
      this.env = saved;
      const assigned = [...withinTargets(body)].map((n): NamedColumn => ({ name: n }));
      return { frame: extend(incomplete(data, 'within() result'), 'within() result', assigned) };
    }
    if (name === 'setDT' || name === 'setnames' || name === 'set' || name === 'setcolorder') {
      const target = node.args[0]?.value;
      this.visitArgs(node.args, m);
      const held = target?.k === 'ident' ? this.env.get(target.name) : undefined;
      if (target?.k === 'ident' && held && 'frame' in held) {
        const frame = name === 'setDT' ? { ...held.frame, dt: true } : name === 'setcolorder' ? held.frame : incomplete(held.frame, `${name}() result`);
        this.env.set(target.name, { frame });
        // setDT(x) returns x itself (setDT(x)[, y := ...] changes x).
        if (name === 'setDT') return { frame };
      }
      return {};
    }
    if (name === 'as.data.table' || name === 'data.table' || name === 'lazy_dt') {
      const data = piped?.frame ?? this.visit(node.args[0]?.value, m).frame;
      this.visitArgs(piped ? node.args : node.args.slice(1), m);
      return data && node.args.length <= (piped ? 0 : 1) ? { frame: { ...data, dt: true } } : {};
    }
    if (name === 'ggplot') {
      const { arg, rest } = takeArg(node.args, ['data'], 0);
      const data = piped ? piped.frame : this.visit(arg?.value, m).frame;
      this.visitArgs(piped ? node.args : rest, m, data);
      return data ? { plot: data } : {};
    }
    if ((name === 'aes' || name === 'vars') && aes) {
      const am = this.mask([aes], region);
      for (const a of node.args) {
        // after_stat(count), stage(...): computed variables, not data columns.
        const v = a.value;
        if (v?.k === 'call' && v.fn.k === 'ident' && COMPUTED_AES.has(v.fn.name)) continue;
        this.visit(v, am);
      }
      return {};
    }
    // A piped value is the first argument: the function comes one place earlier.
    const fnAt = (APPLY_FNS.get(name) ?? -1) - (piped ? 1 : 0);
    if (m && fnAt >= 0) {
      // lapply(.SD, uniqueN), Map(f, x, y): the function passed is a function, not a column.
      const { arg, rest } = takeArg(node.args, ['FUN', 'f', '.f', 'what'], fnAt);
      if (arg?.value?.k === 'ident') {
        this.visit(arg.value);
        this.visitArgs(rest, m, aes);
        return {};
      }
    }
    return this.genericCall(node, piped, m, aes);
  }

  /** Any other call: a `data =` argument makes its formulas and aes() columns of that data. */
  private genericCall(node: Extract<RNode, { k: 'call' }>, piped: Val | undefined, m?: Mask, aes?: Frame): Val {
    const { arg, rest } = takeArg(node.args, ['data'], -1);
    const data = arg?.value ? this.visit(arg.value, m).frame : undefined;
    const layer = data ?? aes;
    const isFacet = node.fn.k === 'ident' && node.fn.name.startsWith('facet_');
    const formulaData = data ?? (isFacet ? aes : undefined);
    for (const a of rest) {
      const v = a.value;
      const isFormula = (v?.k === 'unary' || v?.k === 'binary') && v.op === '~';
      if (isFormula && formulaData) this.visit(v, this.mask([formulaData], v.span));
      else this.visit(v, m, layer);
    }
    void piped;
    return {};
  }

  /** The embedded SQL of a query expression (a string, a paste0/glue/sprintf of literals, a variable), analysed once. */
  query(node: RNode): SqlResult | undefined {
    const stored = node.k === 'ident' ? this.queryVar(node.name) : undefined;
    if (stored) return this.analyseStored(stored);
    const pieces = queryPiecesOf(this, node, 0);
    return pieces ? this.analyseStored({ node, pieces }) : undefined;
  }

  private analyseStored(q: StoredQuery): SqlResult {
    const done = this.memo.latest(q.node);
    if (done) return done;
    const result = { sql: analyseEmbeddedSql(q.pieces), pieces: q.pieces };
    this.memo.record(q.node, this.top.now, result);
    this.sql.push(sqlEntry(result.sql, q.pieces));
    // Its names go with the statement that analysed it, so that a partial analysis has a prefix of every list.
    const m = result.sql.model;
    for (const ref of m.tableRefs) this.tableRefs.push(ref);
    for (const ref of m.columnRefs) this.columnRefs.push(ref);
    for (const ref of m.valueRefs) this.valueRefs.push(ref);
    for (const lit of m.literals) this.sqlLiterals.push(lit);
    return result;
  }

  /** What a variable holds as a query string. */
  queryVar(name: string): StoredQuery | undefined {
    const v = this.env.get(name);
    return v && 'query' in v ? v.query : undefined;
  }
}



function modelOf(st: RState): DocumentModel {
  const context = { text: st.text, index: st.index, groups: st.groups, sql: st.sql };
  // The lists are made when a feature first reads them (completion at the caret reads none of them).
  let tableRefs: NameRef[] | undefined;
  let columnRefs: ColumnRef[] | undefined;
  let valueRefs: ValueRef[] | undefined;
  let literals: LiteralRef[] | undefined;
  let queries: QueryShape[] | undefined;
  const model: DocumentModel = {
    get tableRefs(): NameRef[] {
      return (tableRefs ??= st.tableRefs.appendTo([]));
    },
    get columnRefs(): ColumnRef[] {
      return (columnRefs ??= st.columnRefs.appendTo([]));
    },
    get valueRefs(): ValueRef[] {
      return (valueRefs ??= st.valueRefs.appendTo([]));
    },
    // SQL literals first: hover stops at the first literal around the caret, which would be the whole query string.
    get literals(): LiteralRef[] {
      return (literals ??= st.rLiterals.appendTo(st.sqlLiterals.appendTo([])));
    },
    // The joins and aggregates of the SQL in the script's strings, for join-key hover and grain-mismatch.
    get queries(): QueryShape[] {
      return (queries ??= st.sql.appendTo([]).flatMap((e) => e.sql.model.queries ?? []));
    },
    completionContext: (offset): CompletionContext => rCompletionContext(context, offset),
  };
  if (st.validUntil !== undefined) {
    model.validUntil = st.validUntil;
    model.laterTableRefs = st.later;
  }
  states.set(model, st);
  return model;
}

/**
 * Re-analyses a new version of a script. Statements before the edit are kept from `previous` (their lists are
 * shared, the variables they set are read from its timeline); reading resumes at the last statement the edit
 * cannot have changed. The names the whole script assigns are brought up to date first, from the statements
 * re-read up to where the old ones line up again; if that changes what a bare name in an earlier statement is,
 * reading resumes before it. With `until`, reading stops after the statement holding that offset, once no
 * query string held so far can be used further down.
 */
export function reanalyseR(previous: DocumentModel, text: string, unchangedBefore: number, until?: number): DocumentModel {
  const old = states.get(previous);
  if (!old) return analyseR(text);
  if (until !== undefined && until >= text.length) until = undefined;
  const delta = text.length - old.text.length;
  let k = resumePoint(old, unchangedBefore);
  // Read statements (without analysing them) until they line up with old ones: the names they assign.
  const from = k > 0 ? old.starts.get(k) : 0;
  const reader = new RStatements(new RLexer(text, from));
  const added: string[][] = [];
  let opaque = old.opaqueCount;
  let aligned: Resume['aligned'];
  for (let e = reader.next(); e; e = reader.next()) {
    const start = reader.first.start;
    const j = statementAt(old.starts, start - delta);
    if (j >= k && text.slice(start) === old.text.slice(start - delta)) {
      aligned = { index: k + added.length, oldIndex: j, delta };
      break;
    }
    const names = assignedNames([e]);
    added.push([...names.assigned]);
    if (names.opaque) opaque++;
  }
  const counts = old.counts.derive();
  const touched = new Set<string>();
  const oldEnd = aligned ? aligned.oldIndex : old.starts.length;
  for (let i = k; i < oldEnd; i++) {
    for (const name of old.assigned.get(i) ?? []) {
      counts.add(name, -1);
      touched.add(name);
    }
    if (old.opaque.get(i)) opaque--;
  }
  for (const names of added) {
    for (const name of names) {
      counts.add(name, 1);
      touched.add(name);
    }
  }
  const changed = new Set<string>();
  for (const name of touched) if (counts.has(name) !== old.counts.has(name)) changed.add(name);
  const opaqueChanged = opaque > 0 !== old.opaqueCount > 0;
  // An earlier statement that took a bare name as a column (or not) by a fact that changed is read again.
  if (changed.size > 0 || opaqueChanged) {
    for (let i = 0; i < k; i++) {
      const queried = old.cps.get(i).queried;
      if (queried && (opaqueChanged || queried.some((name) => changed.has(name)))) {
        // (`aligned.index` numbers statements from the top: reading from further up does not move it.)
        k = i;
        break;
      }
    }
  }
  const analyser = new RAnalyser(text, { known: { counts, opaque }, resume: { old, k, aligned, until } });
  return modelOf(analyser.run());
}

/**
 * The last statement an analysis can resume at when its text is unchanged before `unchangedBefore`: the
 * statements before it read only text before that (statement 0 always can be resumed: nothing before it).
 */
export function resumePoint(st: RState, unchangedBefore: number): number {
  let k = 0;
  for (let lo = 1, hi = st.visited; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (mid < st.starts.length && st.seenEnds.get(mid) <= unchangedBefore) {
      k = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return k;
}

/** The index of `value` in an ascending list (statement starts), or -1. */
export function statementAt(list: MovedChunked, value: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = list.get(mid);
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Decides where a partial analysis stops: after the statement holding `until`, past the statements re-read,
 * and once no query string held at that point (in this version or the previous one) is named further down.
 * A statement below that uses one would make SQL whose names lie above the stop (paste0(q, " WHERE ...")).
 */
class Stopper {
  /** The start of the first statement not analysed. */
  stopStart = 0;
  /** Answers before this offset are as a full analysis gives them. */
  protectedEnd = 0;
  private live: Set<string> | undefined;

  constructor(private readonly a: RAnalyser, private readonly r: Resume, private readonly until: number) {}

  stopsBefore(i: number, start: number): boolean {
    const aligned = this.r.aligned;
    if (!this.live) {
      if (start <= this.until || !aligned || i < aligned.index) return false;
      this.protectedEnd = start;
      this.live = new Set(this.a.liveQueries());
      for (const name of oldLiveQueries(this.r.old, aligned.oldIndex + (i - aligned.index))) this.live.add(name);
    }
    // Resuming from a partial analysis, every name the old version did not read is live: look them up in one
    // index of the text instead of searching the text once per name (that made each step cost the whole script).
    const mentions = this.live.size > 8 || this.a.hasMentions() ? this.a.mentions(start) : undefined;
    const uses = mentions ? undefined : this.a.lastUses();
    for (const name of this.live) if (!(mentions ? mentions.after(name, start) : (uses as LastUses).mentionedFrom(name, start))) this.live.delete(name);
    if (this.live.size > 0) return false;
    this.stopStart = start;
    return true;
  }

  /** After a statement analysed past the stop point: which names may still hold those query strings. */
  after(e: RNode, changed: string[]): void {
    const live = this.live;
    if (!live) return;
    void changed;
    // What the statement reads: an assignment's target is not a use of the old value.
    const assigns = e.k === 'binary' && (e.op === '<-' || e.op === '=' || e.op === '<<-' || e.op === '->' || e.op === '->>');
    const read = assigns ? (e.op === '->' || e.op === '->>' ? e.left : e.right) : e;
    if (read && mentionsAny(read, live)) {
      for (const name of assignedNames([e]).assigned) live.add(name);
      return;
    }
    // Assigned anew from other values, or made unknown by a branch or loop: in both versions alike.
    if (e.k === 'binary' && (e.op === '<-' || e.op === '=' || e.op === '<<-') && (e.left.k === 'ident' || e.left.k === 'string')) {
      live.delete(e.left.k === 'ident' ? e.left.name : e.left.tok.value);
    } else if (e.k === 'binary' && (e.op === '->' || e.op === '->>') && (e.right?.k === 'ident' || e.right?.k === 'string')) {
      live.delete(e.right.k === 'ident' ? e.right.name : e.right.tok.value);
    } else if (e.k === 'control') {
      for (const name of assignedNames([e]).assigned) live.delete(name);
    }
  }
}

/** Names that may hold a query string before old statement `j`. */
function oldLiveQueries(old: RState, j: number): string[] {
  const out: string[] = [];
  const at = Math.min(j, old.visited);
  for (const name of old.queryNames) {
    const v = old.env.at(name, at);
    if (v && 'query' in v) out.push(name);
  }
  // Statements the old version did not analyse may have assigned any of their names a query.
  for (let i = old.visited; i < j; i++) for (const name of old.assigned.get(i) ?? []) out.push(name);
  return out;
}

export const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95;

/** Where each word of a text from `from` on last occurs (a word: a longest run of word characters). */
export class LastMentions {
  private readonly last = new Map<string, number>();
  private readonly from: number;

  constructor(private readonly text: string, from = 0) {
    while (from > 0 && isWordChar(text.charCodeAt(from - 1))) from--;
    this.from = from;
    const n = text.length;
    for (let i = from; i < n; ) {
      if (!isWordChar(text.charCodeAt(i))) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
      this.last.set(text.slice(i, j), i);
      i = j;
    }
  }

  /** As `mentioned(text, name, from)`. */
  after(name: string, from: number): boolean {
    if (from < this.from) return mentioned(this.text, name, from);
    for (let i = 0; i < name.length; i++) if (!isWordChar(name.charCodeAt(i))) return mentioned(this.text, name, from);
    return name === '' || (this.last.get(name) ?? -1) >= from;
  }
}

/** Whether `name` occurs as a word at or after `from` (in code, a string or a comment: it may be a use). */
function mentioned(text: string, name: string, from: number): boolean {
  if (name === '') return true;
  for (let at = text.indexOf(name, from); at >= 0; at = text.indexOf(name, at + 1)) {
    if (wordAt(text, name, at)) return true;
  }
  return false;
}

/**
 * Where names last occur as words in a text, found as asked and carried to the next version. A partial analysis
 * stops only once no live query name occurs further down, and proving that a name does not occur reads the text
 * to its end: at 50,000 lines about 1 ms a name, at every step of every re-check. Here each name is looked for
 * once, and an edit keeps what is known of the text it left as it was.
 */
export class LastUses {
  constructor(
    private readonly text: string,
    /** Names and where they last occur as words (-1: nowhere). */
    private readonly last = new Map<string, number>(),
    /** Names known not to occur as words from this offset on (their last place is not known). */
    private readonly noneFrom = new Map<string, number>(),
  ) {}

  /** As `mentioned(text, name, from)`. */
  mentionedFrom(name: string, from: number): boolean {
    if (name === '') return true;
    const none = this.noneFrom.get(name);
    if (none !== undefined && from >= none) return false;
    let at = this.last.get(name);
    if (at === undefined) {
      // Nothing from `none` on: look back from there.
      at = Math.min(none ?? this.text.length, this.text.length);
      do at = at > 0 ? this.text.lastIndexOf(name, at - 1) : -1;
      while (at >= 0 && !wordAt(this.text, name, at));
      this.last.set(name, at);
    }
    return at >= 0 && at >= from;
  }

  /**
   * For the next version, whose text from `suffixStart` on is this text from `suffixStart - delta` on. A name
   * last found there is there still, moved; one last found before it occurs nowhere in it. (Not at its first
   * character either: what comes before that may have changed, and with it whether a name starts there.)
   */
  carried(text: string, suffixStart: number, delta: number): LastUses {
    const last = new Map<string, number>();
    const noneFrom = new Map<string, number>();
    const oldStart = suffixStart - delta;
    for (const [name, at] of this.last) {
      if (at > oldStart) last.set(name, at + delta);
      else noneFrom.set(name, suffixStart + 1);
    }
    // Both bounds hold: the lower one says more.
    for (const [name, from] of this.noneFrom) if (!last.has(name)) noneFrom.set(name, Math.min(from > oldStart ? from + delta : suffixStart + 1, noneFrom.get(name) ?? Infinity));
    return new LastUses(text, last, noneFrom);
  }
}

/** Whether `name` occurs as a word at `at`: not preceded or followed by a character of a name. */
function wordAt(text: string, name: string, at: number): boolean {
  return (at === 0 || !isWordChar(text.charCodeAt(at - 1))) && !isWordChar(text.charCodeAt(at + name.length));
}

/** Whether an identifier in the tree is one of `names`. */
function mentionsAny(root: RNode, names: ReadonlySet<string>): boolean {
  const stack: RNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as RNode;
    if (n.k === 'ident' && names.has(n.name)) return true;
    pushChildren(n, stack);
  }
  return false;
}

/** The argument called one of `names`, else the unnamed one at `position` (-1: none); and the others. */
export function takeArg(args: RArg[], names: string[], position: number): { arg?: RArg; rest: RArg[] } {
  let arg: RArg | undefined;
  for (let i = 0; i < args.length && !arg; i++) {
    const name = args[i].name;
    if (name !== undefined && names.includes(name)) arg = args[i];
  }
  for (let i = 0, unnamed = 0; i < args.length && !arg && position >= 0; i++) {
    if (args[i].name === undefined && unnamed++ === position) arg = args[i];
  }
  // Most calls have none of these arguments: then `rest` is `args` itself, not a copy.
  return { arg, rest: arg ? args.filter((a) => a !== arg) : args };
}

/**
 * RODBC's `as.is = TRUE` (sqlQuery and sqlFetch pass it on to sqlGetResults): no column goes through type.convert.
 * FALSE, the default, converts them all, and column names or numbers all but those; anything else may convert some.
 */
function asIs(args: RArg[]): boolean {
  const v = args.find((x) => x.name === 'as.is')?.value;
  return v?.k === 'ident' && (v.name === 'TRUE' || v.name === 'T');
}

/** The string tokens of "x" or c("x", "y"). */
export function stringsOf(node: RNode | undefined): RToken[] {
  if (!node) return [];
  if (node.k === 'string') return [node.tok];
  if (node.k === 'call' && node.fn.k === 'ident' && node.fn.name === 'c') {
    return node.args.flatMap((a) => (a.value?.k === 'string' ? [a.value.tok] : []));
  }
  return [];
}

/** `!!x` or `!!!x`: rlang's injection under data masking. */
export function isInjection(node: RNode): boolean {
  return node.k === 'unary' && node.op === '!' && node.arg?.k === 'unary' && node.arg.op === '!';
}

/** The variable of `names(x)`, `colnames(x)` or `dimnames(x)[[2]]`. */
function namesCall(node: RNode): string | undefined {
  let fns = ['names', 'colnames'];
  if (node.k === 'index' && node.double && node.args.length === 1 && node.args[0].value?.k === 'number' && node.args[0].value.value === '2') {
    node = node.obj;
    fns = ['dimnames'];
  }
  if (node.k !== 'call' || node.fn.k !== 'ident' || !fns.includes(node.fn.name) || node.args.length !== 1) return undefined;
  const x = node.args[0].value;
  return x?.k === 'ident' ? x.name : undefined;
}

/** `df$x`, `df[["x"]]` or `df[, "x"]`: a column of the data frame a variable holds. */
function isColumnAccess(node: RNode): boolean {
  if (node.k === 'dollar') return node.op.value === '$' && node.obj.k === 'ident';
  return node.k === 'index' && (node.double || node.args.length >= 2) && node.obj.k === 'ident';
}

/** The names the expressions assign to, as `x`, `x[i]`, `x$a` or `levels(x)` (in within(), columns). */
function withinTargets(args: RArg[]): Set<string> {
  const out = new Set<string>();
  const stack: RNode[] = args.flatMap((a) => (a.value ? [a.value] : []));
  while (stack.length) {
    const n = stack.pop() as RNode;
    if (n.k === 'binary' && (ASSIGN_LEFT.has(n.op) || n.op === '->' || n.op === '->>')) {
      const target = n.op === '->' || n.op === '->>' ? n.right : n.left;
      const name = target && (target.k === 'string' ? target.tok.value : rootName(target));
      if (name !== undefined) out.add(name);
    }
    pushChildren(n, stack);
  }
  return out;
}

/** The variables a statement may change in place: roots of assignment targets (df$x <- ...) and of dt[...]. */
function changedInPlace(root: RNode): Set<string> {
  const names = new Set<string>();
  const stack: RNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as RNode;
    const target = n.k === 'binary' && (n.op === '<-' || n.op === '=' || n.op === '<<-') ? n.left : n.k === 'binary' && n.op === '->' ? n.right : n.k === 'index' ? n : undefined;
    const name = target && target.k !== 'ident' && target.k !== 'string' ? rootName(target) : undefined;
    if (name !== undefined) names.add(name);
    pushChildren(n, stack);
  }
  return names;
}

function rootName(node: RNode): string | undefined {
  for (let n: RNode | undefined = node, i = 0; n && i < 50; i++) {
    if (n.k === 'ident') return n.name;
    if (n.k === 'dollar' || n.k === 'index') n = n.obj;
    else if (n.k === 'call') n = n.args[0]?.value;
    else return undefined;
  }
  return undefined;
}
