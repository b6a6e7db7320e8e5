// An error-tolerant Stata do-file analyser. It follows the dataset in memory through the do-file
// (odbc load, use / merge / append, keep / drop, generate / egen / rename, preserve / restore, frames)
// and records, for every command, the variables it names against the dataset of that moment.
// Whatever it cannot follow (a user-written command, a macro in a name, reshape) makes the dataset
// incomplete, and an incomplete dataset is never diagnosed.
//
// Built for long do-files: the lexer hands over one command at a time; datasets share the columns of the
// ones before (see `Lineage`); the model keeps no tokens, only what completion needs, in chunked lists.
// Every 16 commands or so the analyser records what it carries across commands (a checkpoint), so that
// `reanalyseStata` resumes at the last checkpoint before an edit, and may stop after the command at the caret.

import { applyVarlistFilter, matchVarlistName } from './varlist';
import { analyseEmbeddedSql } from '../embedded';
import { Chunked } from '../chunked';
import { DefinedNames, Definitions } from '../definitions';
import { ColumnRef, CompletionContext, DerivedColumn, DocumentModel, laterNames, LiteralRef, NameRef, QueryShape, Relation, Scope, Span, ValueRef, VarlistFilter } from '../model';
import { commandName, NEUTRAL, PREFIXES, SUBCOMMAND_VARLIST, TYPES, VARLIST_COMMANDS } from './commands';
import { StataContext } from './context';
import { LexerState, StataCommand, StataLexer, StataToken } from './lexer';
import { abbreviates, expressionNames, FileName, findOption, parseFileName, parseOptions, parseVarlist, sqlPieces, StataOption, Varlist } from './syntax';

/**
 * What an analysis found, in text order. Lists are chunked so that an incremental analysis copies a prefix
 * cheaply; the model flattens the references only when a feature reads them.
 */
export interface StataResult {
  text: string;
  comments: Chunked<Span>;
  /** String tokens, flattened: start, end, content start, content end, 1 if unterminated. */
  strings: Chunked<number>;
  tableRefs: Chunked<NameRef>;
  columnRefs: Chunked<ColumnRef>;
  valueRefs: Chunked<ValueRef>;
  literals: Chunked<LiteralRef>;
  /** Where a variable name is expected: a caret after `after` and up to `end` completes one. */
  columnSlots: ColumnSlots;
  /** String contents compared with a variable (`endcode == "1`), closed or not. */
  valueSlots: Chunked<ValueSlot>;
  /** Contents of `odbc load, table("...")`. */
  tableSlots: Chunked<Span>;
  /**
   * `odbc load, exec("...")` strings, flattened: the string's start, 1 if read after `#delimit ;`. Their SQL is
   * analysed again only when completion asks inside one, so that its parser state is not kept for every query.
   */
  execStrings: Chunked<number>;
  /** The joins and aggregates of the SQL in `odbc load, exec()` strings. */
  queries: Chunked<QueryShape>;
}

/** Column slots as parallel lists (no object per slot); slots of a command are contiguous. */
export interface ColumnSlots {
  after: Chunked<number>;
  end: Chunked<number>;
  scope: Chunked<Scope>;
  /** Start of the command the slot is in: slots of different commands never overlap. */
  command: Chunked<number>;
}

const newSlots = (): ColumnSlots => ({ after: new Chunked(), end: new Chunked(), scope: new Chunked(), command: new Chunked() });

export interface ValueSlot {
  content: Span;
  column: ColumnRef;
  closed: boolean;
}

export function analyseStata(text: string): DocumentModel {
  return new StataAnalyser(text).run();
}

/** Incremental analysis (see `Analyser.reanalyse`): resumes at the last command boundary before the edit. */
export function reanalyseStata(previous: DocumentModel, text: string, unchangedBefore: number, until?: number): DocumentModel {
  const past = histories.get(previous);
  if (!past) return new StataAnalyser(text).run(until);
  const k = resumePoint(past.checkpoints, unchangedBefore);
  return StataAnalyser.resume(text, past.result, past.checkpoints.slice(0, k + 1), previous.laterTableRefs).run(until);
}

/**
 * The last checkpoint an analysis can resume at when its text is unchanged before `unchangedBefore`: the first
 * (nothing read) always, a later one when its terminator is unchanged.
 */
export function resumePoint(checkpoints: readonly Checkpoint[], unchangedBefore: number): number {
  let k = checkpoints.length - 1;
  while (k > 0 && checkpoints[k].lexer.pos >= unchangedBefore) k--;
  return k;
}

/** Everything the analyser carries from one command to the next. Treated as immutable once checkpointed. */
export interface CarriedState {
  dataset: Relation;
  abbreviations: boolean;
  preserved: Stack<Relation> | undefined;
  frames: Definitions | undefined;
  frame: string;
  /** Datasets the do-file saved, by lower-case file base name or tempfile macro. */
  saved: Definitions | undefined;
  /** Inside program / mata / input blocks, which end with `end`. */
  skipping: boolean;
  /** Names of the scalars and matrices the do-file defined, newest first, each once. */
  scalars: Stack<string> | undefined;
  /** Inside `mata {`: how many braces are open. */
  braces: number;
  /** Names of variables whose values the do-file replaced (replace, recode), newest first, each once. */
  replaced: Stack<string> | undefined;
  /** The blocks open (if, else, foreach, ...), innermost first. */
  blocks: Stack<Block> | undefined;
  /** An if block just closed: an else may follow. */
  afterIf: Branches | undefined;
}

/** What an if / else chain has left so far: the dataset before it, and the union of what its closed branches left. */
export interface Branches {
  before: Relation;
  done: Relation;
}

/**
 * A block in braces: an if or else branch (with the dataset before the chain), capture { ... } (the commands inside
 * are read as under capture), or another (foreach, quietly, ...).
 */
export type Block = { kind: 'if' | 'else'; before: Relation; done: Relation | undefined } | { kind: 'capture' | 'other' };

export interface Stack<T> {
  top: T;
  rest: Stack<T> | undefined;
}

/** A command boundary: where the lexer stood, what the analyser carried, and how long each output list was. */
export interface Checkpoint {
  lexer: LexerState;
  state: CarriedState;
  lengths: number[];
}

/** How a model was made, so that `reanalyseStata` can resume it. */
export interface History {
  result: StataResult;
  checkpoints: Checkpoint[];
}

const histories = new WeakMap<DocumentModel, History>();

/** How a model this analyser made was made (for `sameAsStata`). */
export const stataHistoryOf = (model: DocumentModel): History | undefined => histories.get(model);

/**
 * Checkpoints fall at least MIN_GAP and at most MAX_GAP commands apart, after a command whose text picks it (one in
 * eight): resuming re-reads about 16 commands before the edit. Chosen by the text rather than by count, so that
 * after an edit that adds or removes a command the checkpoints fall where the old version's did again within a few
 * commands, and `sameAsStata` finds one where both carry the same.
 */
const MIN_GAP = 8;
const MAX_GAP = 32;
function picks(text: string, span: Span): boolean {
  let h = 0;
  for (let i = span.start; i < span.end && i < span.start + 32; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return (h & 7) === 0;
}

/** Shared empty lists (frozen: nothing may add to them). */
const NO_TOKENS: StataToken[] = Object.freeze([]) as unknown as StataToken[];
const NO_OPTIONS: StataOption[] = Object.freeze([]) as unknown as StataOption[];

type Part = 'main' | 'if' | 'in' | 'using' | 'weight';

/** A part of the command ends at body[k]: where it ends, and its tokens. */
function endPart(s: Sections, body: StataToken[], part: Part, from: number, k: number): void {
  if (part === 'main') s.mainEnd = body[k].start;
  if (part === 'if') s.ifEnd = body[k].start;
  addRun(s, body, part, from, k);
}

/** body[from, to) belongs to `part`. */
function addRun(s: Sections, body: StataToken[], part: Part, from: number, to: number): void {
  if (to <= from) return;
  if (part === 'main') s.main = joined(s.main, body, from, to);
  else if (part === 'if') s.ifExpr = joined(s.ifExpr, body, from, to);
  else if (part === 'using') s.usingToks = joined(s.usingToks, body, from, to);
}

/** `list` followed by body[from, to). */
function joined(list: StataToken[], body: StataToken[], from: number, to: number): StataToken[] {
  const run = from === 0 && to === body.length ? body : body.slice(from, to);
  return list.length === 0 ? run : list.concat(run);
}

interface Sections {
  main: StataToken[];
  ifWord?: StataToken;
  ifExpr: StataToken[];
  usingToks: StataToken[];
  options: StataOption[];
  /** Where the main part ends (the first qualifier or the comma), for completion. */
  mainEnd: number;
  ifEnd: number;
}

/** `program drop` / `program dir` / `program list` do not open a program block. */
const PROGRAM_LISTING = new Set(['drop', 'dir', 'list']);

const unknown = (label: string): Relation => ({ kind: 'unknown', label });
const AFTER = 'the dataset after ';

const CAPTURE = new Set(['capture', 'cap', 'capt', 'captu', 'captur']);

/** Commands that only add variables (or change values): the dataset after one contains the dataset before. */
const ADDS_ONLY = new Set([
  'generate', 'egen', 'xtile', 'replace', 'clonevar', 'predict', 'encode', 'decode', 'destring', 'tostring', 'recode', 'merge', 'append',
  ...VARLIST_COMMANDS, ...SUBCOMMAND_VARLIST,
]);

/** Commands that change the variables (or the dataset): under `if cond` on one line, they leave it not known. */
const CHANGES_VARIABLES = new Set([
  'generate', 'egen', 'xtile', 'clonevar', 'predict', 'encode', 'decode', 'destring', 'tostring', 'recode', 'keep', 'drop', 'rename',
  'reshape', 'collapse', 'use', 'merge', 'append', 'odbc', 'restore', 'clear', 'frame', 'frames', 'cwf',
]);

/** egen functions whose argument is an expression ([D] egen), and those whose argument is a varlist or a variable. */
const EGEN_EXPRESSION = new Set(['count', 'iqr', 'kurt', 'mad', 'max', 'mdev', 'mean', 'median', 'min', 'pc', 'pctile', 'rank', 'sd', 'skew', 'std', 'total', 'sum']);
const EGEN_VARLIST = new Set([
  'anycount', 'anymatch', 'anyvalue', 'concat', 'cut', 'diff', 'ends', 'group', 'mode', 'rowfirst', 'rowlast', 'rowmax', 'rowmean',
  'rowmedian', 'rowmin', 'rowmiss', 'rownonmiss', 'rowpctile', 'rowsd', 'rowtotal', 'tag',
]);

/** A scope whose datasets may hold more than the analyser knows: nothing read in it is reported. */
function uncertainScope(scope: Scope): Scope {
  const bindings = scope.bindings.map((b) => ({ ...b, relation: { kind: 'derived' as const, label: 'the dataset', columns: [{ star: b.relation }, { star: unknown('capture') }] } }));
  return { ...scope, bindings };
}

/**
 * How a dataset grew from a root (the dataset loaded, kept or renamed) by commands that only add columns
 * (generate, merge, ...): the root, then the added columns in a few flat blocks, oldest first. A new dataset
 * lists the root and the blocks instead of copying every column before it, so a long run of generates stays
 * about linear in size. Blocks merge like a binary counter (two of the same size become one), and there are
 * never more than MAX_BLOCKS: the resolver then looks a name up in a handful of shared, once-indexed lists.
 */
interface Lineage {
  root: DerivedColumn;
  blocks: { column: DerivedColumn; relation: Relation & { kind: 'derived' }; size: number }[];
}

const lineages = new WeakMap<Relation, Lineage>();
const MAX_BLOCKS = 6;

/**
 * The dataset after a command that adds `added` to `previous`; messages name it by that command
 * ("not in the dataset after generate"). The columns are those of `previous`, then `added`.
 */
/** The dataset each dataset `extended` made grew from. */
const grownFrom = new WeakMap<Relation, Relation>();

/** Whether `later` is `earlier` with columns added by generate, merge, ... */
function grew(later: Relation, earlier: Relation): boolean {
  for (let r: Relation | undefined = later; r; r = grownFrom.get(r)) if (r === earlier) return true;
  return false;
}

/**
 * A dataset that has the columns of either: one of them if it holds the other, else both, and not known for certain
 * (a name in one may be missing in the other; which columns the one that ran has is not known).
 */
function union(a: Relation, b: Relation): Relation {
  if (grew(b, a)) return b;
  if (grew(a, b)) return a;
  return { kind: 'derived', label: AFTER + 'if', columns: [{ star: a }, { star: b }, { star: unknown('if') }] };
}

function extended(command: string, previous: Relation, added: DerivedColumn[], unordered = false): Relation {
  const label = AFTER + command;
  const lineage = lineages.get(previous) ?? { root: { star: previous }, blocks: [] };
  // Exactly as long as needed: a pushed-to array keeps spare room, and there is one per command.
  const columns = new Array<DerivedColumn>(1 + lineage.blocks.length + added.length);
  columns[0] = lineage.root;
  let k = 1;
  for (const b of lineage.blocks) columns[k++] = b.column;
  for (const c of added) columns[k++] = c;
  const relation: Relation = { kind: 'derived', label, columns };
  // (The columns list previous's root, not previous: an order lost before is lost here too.)
  if (unordered || (previous.kind === 'derived' && previous.unordered)) relation.unordered = true;
  lineages.set(relation, { root: lineage.root, blocks: added.length ? withBlock(lineage.blocks, label, added) : lineage.blocks });
  grownFrom.set(relation, previous);
  return relation;
}

/** The blocks after adding one of `added`: equal sizes merge, and the last two merge while there are too many. */
function withBlock(blocks: Lineage['blocks'], label: string, added: DerivedColumn[]): Lineage['blocks'] {
  const out = blocks.slice();
  let last = { kind: 'derived' as const, label, columns: added };
  let size = 1;
  while (out.length > 0 && (out[out.length - 1].size === size || out.length >= MAX_BLOCKS)) {
    const before = out.pop() as Lineage['blocks'][number];
    last = { kind: 'derived', label, columns: before.relation.columns.concat(last.columns) };
    size += before.size;
  }
  out.push({ column: { star: last }, relation: last, size });
  return out;
}

/** Past this depth of nested datasets, the order is taken as not known (it only bounds the stack). */
const MAX_ORDER_DEPTH = 1000;

/**
 * The variables of a dataset in its order ([U] 11.4: a range a-b names those from a to b in it), when every one is
 * known by name and the order for certain; else undefined. A function of the relation alone, as sameAs compares it.
 */
function orderOf(relation: Relation): readonly string[] | undefined {
  const memo = new Map<Relation, readonly string[] | undefined>();
  const order = (r: Relation, depth: number): readonly string[] | undefined => {
    if (memo.has(r)) return memo.get(r);
    // (A catalogue table's columns are not known to be in the order of the table read.)
    if (r.kind !== 'derived' || r.unordered || depth > MAX_ORDER_DEPTH) return undefined;
    // A dataset that may hold others (if / else) lists an unknown one: seen first, its branches are not read.
    if (r.columns.some((c) => 'star' in c && c.star.kind !== 'derived')) return undefined;
    const names: string[] = [];
    const seen = new Set<string>();
    let result: readonly string[] | undefined = names;
    for (const c of r.columns) {
      const inner = 'star' in c ? order(c.star, depth + 1) : [c.name];
      if (!inner) {
        result = undefined;
        break;
      }
      // A name listed again (merge, input of an existing variable) is the variable already there.
      for (const n of inner) {
        if (seen.has(n)) continue;
        seen.add(n);
        names.push(n);
      }
    }
    const f = r.filter;
    if (result && f) result = applyVarlistFilter(names.map((name) => ({ name })), f.mode, f.names, { caseSensitive: true, abbreviations: f.abbreviations }).map((c) => c.name);
    memo.set(r, result);
    return result;
  };
  return order(relation, 0);
}

/** The same dataset, its variables in an order not known (order, generate ..., before()). */
function reordered(relation: Relation): Relation {
  if (relation.kind !== 'derived' || relation.unordered) return relation;
  const copy: Relation = { ...relation, unordered: true };
  const lineage = lineages.get(relation);
  if (lineage) lineages.set(copy, lineage);
  // (It has the same columns: an if / else whose branches leave one or the other is either.)
  grownFrom.set(copy, relation);
  return copy;
}

/** A dataset with exactly these columns. */
function fresh(command: string, columns: DerivedColumn[]): Relation {
  return { kind: 'derived', label: AFTER + command, columns };
}

/** The model of one analysis: the reference lists are flattened the first time a feature reads them. */
class StataModel implements DocumentModel {
  validUntil?: number;
  laterTableRefs?: NameRef[];
  private tables?: NameRef[];
  private columns?: ColumnRef[];
  private values?: ValueRef[];
  private literalList?: LiteralRef[];
  private queryList?: QueryShape[];

  constructor(
    private readonly result: StataResult,
    private readonly context: StataContext,
  ) {}

  get tableRefs(): NameRef[] {
    return (this.tables ??= this.result.tableRefs.toArray());
  }
  get columnRefs(): ColumnRef[] {
    return (this.columns ??= this.result.columnRefs.toArray());
  }
  get valueRefs(): ValueRef[] {
    return (this.values ??= this.result.valueRefs.toArray());
  }
  get literals(): LiteralRef[] {
    return (this.literalList ??= this.result.literals.toArray());
  }
  get queries(): QueryShape[] {
    return (this.queryList ??= this.result.queries.toArray());
  }
  completionContext = (offset: number): CompletionContext => this.context.at(offset);
}

const isOp = (t: StataToken | undefined, v: string): boolean => !!t && t.kind === 'op' && t.value === v;
const isWord = (t: StataToken | undefined): t is StataToken => !!t && t.kind === 'word';

class StataAnalyser implements StataResult {
  comments = new Chunked<Span>();
  strings = new Chunked<number>();
  tableRefs = new Chunked<NameRef>();
  columnRefs = new Chunked<ColumnRef>();
  valueRefs = new Chunked<ValueRef>();
  literals = new Chunked<LiteralRef>();
  columnSlots = newSlots();
  valueSlots = new Chunked<ValueSlot>();
  tableSlots = new Chunked<Span>();
  execStrings = new Chunked<number>();
  queries = new Chunked<QueryShape>();

  /** The dataset in memory; before the do-file loads one it is whatever the session had. */
  private dataset: Relation = unknown('the dataset in memory');
  private abbreviations = true;
  private preserved: Stack<Relation> | undefined;
  /** Frames by name, and saved datasets by key. */
  private frames = new DefinedNames();
  private frame = 'default';
  private saved = new DefinedNames();
  private skipping = false;
  private scalars: Stack<string> | undefined;
  private scalarNames = new Set<string>();
  private braces = 0;
  private replaced: Stack<string> | undefined;
  private replacedNames = new Set<string>();
  private blocks: Stack<Block> | undefined;
  private afterIf: Branches | undefined;
  /** The command read ends with `{`. */
  private opensBlock = false;
  /** Where that brace is (else the command's end). */
  private braceAt = 0;
  /** Reading a command under capture: it reports no coded value. */
  private captured = false;
  /** The full name of the command last handled. */
  private commandWord = '';

  private checkpoints: Checkpoint[] = [];
  private readonly names = new Map<string, string>();
  /** Resumed: the previous analysis's table names from the checkpoint on (for a partial model's naming style). */
  private past: { tableRefs: Chunked<NameRef>; from: number; later: NameRef[] | undefined } | undefined;
  private lexer: StataLexer;
  private scope!: Scope;
  private commandStart = 0;
  private end = 0;
  private semicolon = false;

  constructor(readonly text: string) {
    this.lexer = new StataLexer(text, undefined, this.comments);
  }

  /** An analyser of `text` that continues from the last of `checkpoints`, taken on an analysis of `past`. */
  static resume(text: string, past: StataResult, checkpoints: Checkpoint[], laterTableRefs: NameRef[] | undefined): StataAnalyser {
    const a = new StataAnalyser(text);
    const cp = checkpoints[checkpoints.length - 1];
    // Copies, not the lists themselves: `past` stays a valid model (the server may resume from it again).
    const n = cp.lengths;
    const slots = past.columnSlots;
    a.comments = past.comments.prefix(n[0]);
    a.strings = past.strings.prefix(n[1]);
    a.tableRefs = past.tableRefs.prefix(n[2]);
    a.columnRefs = past.columnRefs.prefix(n[3]);
    a.valueRefs = past.valueRefs.prefix(n[4]);
    a.literals = past.literals.prefix(n[5]);
    a.columnSlots = { after: slots.after.prefix(n[6]), end: slots.end.prefix(n[6]), scope: slots.scope.prefix(n[6]), command: slots.command.prefix(n[6]) };
    a.valueSlots = past.valueSlots.prefix(n[7]);
    a.tableSlots = past.tableSlots.prefix(n[8]);
    a.execStrings = past.execStrings.prefix(n[9]);
    a.queries = past.queries.prefix(n[10]);
    a.restore(cp.state);
    a.lexer = new StataLexer(text, cp.lexer, a.comments);
    a.checkpoints = checkpoints;
    a.past = { tableRefs: past.tableRefs, from: n[2], later: laterTableRefs };
    return a;
  }

  /** The lengths of the output lists, in the order `resume` reads them. */
  private lengths(): number[] {
    return [
      this.comments.length, this.strings.length, this.tableRefs.length, this.columnRefs.length, this.valueRefs.length, this.literals.length,
      this.columnSlots.after.length, this.valueSlots.length, this.tableSlots.length, this.execStrings.length, this.queries.length,
    ];
  }

  private checkpoint(): void {
    const state: CarriedState = {
      dataset: this.dataset,
      abbreviations: this.abbreviations,
      preserved: this.preserved,
      frames: this.frames.chain,
      frame: this.frame,
      saved: this.saved.chain,
      skipping: this.skipping,
      scalars: this.scalars,
      braces: this.braces,
      replaced: this.replaced,
      blocks: this.blocks,
      afterIf: this.afterIf,
    };
    this.checkpoints.push({ lexer: { pos: this.lexer.pos, semicolon: this.lexer.semicolon }, state, lengths: this.lengths() });
  }

  private restore(s: CarriedState): void {
    this.dataset = s.dataset;
    this.abbreviations = s.abbreviations;
    this.preserved = s.preserved;
    this.frames = new DefinedNames(s.frames);
    this.frame = s.frame;
    this.saved = new DefinedNames(s.saved);
    this.skipping = s.skipping;
    this.scalars = s.scalars;
    this.braces = s.braces;
    this.replaced = s.replaced;
    this.replacedNames = new Set();
    for (let n = s.replaced; n; n = n.rest) this.replacedNames.add(n.top);
    this.blocks = s.blocks;
    this.afterIf = s.afterIf;
    this.scalarNames = new Set();
    for (let n = s.scalars; n; n = n.rest) this.scalarNames.add(n.top);
  }

  /** Reads commands to the end, or (with `until`) to the end of the command at or after that offset. */
  run(until?: number): DocumentModel {
    if (this.checkpoints.length === 0) this.checkpoint();
    let count = 0;
    let complete = true;
    for (let cmd = this.lexer.next(); cmd; cmd = this.lexer.next()) {
      // The #delimit mode the command was read in (an exec string is lexed again in the same mode).
      this.semicolon = this.lexer.semicolon;
      for (const t of cmd.tokens) if (t.kind === 'string') this.stringToken(t);
      this.command(cmd);
      if (++count >= MIN_GAP && (count >= MAX_GAP || picks(this.text, cmd.span))) {
        this.checkpoint();
        count = 0;
      }
      if (until !== undefined && cmd.span.end >= until && this.lexer.pos < this.text.length) {
        complete = false;
        break;
      }
    }
    return this.model(complete ? undefined : this.lexer.pos);
  }

  private stringToken(t: StataToken): void {
    const content = t.content as Span;
    const strings = this.strings;
    strings.push(t.start);
    strings.push(t.end);
    strings.push(content.start);
    strings.push(content.end);
    strings.push(t.unterminated ? 1 : 0);
    if (!t.unterminated && t.parts?.every((p) => p.kind === 'text')) this.literals.push({ value: t.value, span: content });
  }

  private model(validUntil: number | undefined): DocumentModel {
    // Completion reads the result; the model keeps nothing else of the analyser.
    const result: StataResult = {
      text: this.text,
      comments: this.comments,
      strings: this.strings,
      tableRefs: this.tableRefs,
      columnRefs: this.columnRefs,
      valueRefs: this.valueRefs,
      literals: this.literals,
      columnSlots: this.columnSlots,
      valueSlots: this.valueSlots,
      tableSlots: this.tableSlots,
      execStrings: this.execStrings,
      queries: this.queries,
    };
    const context = new StataContext(result);
    const model = new StataModel(result, context);
    if (validUntil !== undefined) {
      model.validUntil = validUntil;
      // Table names further on, from the previous analysis: completion learns the script's naming style from them.
      // (Those before where this analysis stopped were read again: this one has them.)
      if (this.past) {
        const further = this.past.tableRefs.toArray(this.past.from).filter((r) => r.span.start >= validUntil);
        model.laterTableRefs = laterNames(further, this.past.later);
      }
    }
    histories.set(model, { result, checkpoints: this.checkpoints });
    return model;
  }

  /**
   * The scope a command reads the dataset in. Commands in a row that leave the dataset as it is (summarize,
   * tabulate, ...) share one: its span is that of the first of them (no feature reads a Stata scope's span).
   */
  private newScope(span: Span): Scope {
    const last = this.scope as Scope | undefined;
    if (last && last.bindings[0].relation === this.dataset && last.abbreviations === this.abbreviations) return last;
    return { bindings: [{ relation: this.dataset }], span, caseSensitive: true, abbreviations: this.abbreviations };
  }

  private extendUnknown(label: string): void {
    this.dataset = extended(label, this.dataset, [{ star: unknown(label) }]);
  }

  private command(cmd: StataCommand): void {
    let toks = cmd.tokens;
    const first = toks[0];
    if (this.skipping) {
      if (isWord(first) && first.value === 'end' && toks.length === 1) this.skipping = false;
      return;
    }
    if (this.braces > 0) {
      for (const t of toks) if (isOp(t, '{')) this.braces++;
      else if (isOp(t, '}')) this.braces--;
      if (this.braces < 0) this.braces = 0;
      return;
    }
    // Block braces of foreach / quietly { ... } do not change what the commands inside do; only one branch of an
    // if / else chain runs.
    let k = 0;
    while (isOp(toks[k], '}')) {
      this.closeBlock();
      k++;
    }
    // Braces alone: an else may follow on the next line (the style of [P] if).
    if (k > 0 && k === toks.length) return;
    let last = toks.length;
    if (isOp(toks[last - 1], '{')) last--;
    this.opensBlock = last < toks.length;
    this.braceAt = this.opensBlock ? toks[last].start : cmd.span.end;
    if (k > 0 || last < toks.length) toks = toks.slice(k, last);
    this.end = cmd.span.end;
    this.commandStart = cmd.span.start;
    const word = isWord(toks[0]) ? toks[0].value : '';
    const chain = this.afterIf;
    this.afterIf = undefined;
    if (word === 'else' && chain) return this.elseBranch(chain, toks.slice(1), cmd.span);
    // No else: the if's condition may have been false.
    if (chain) this.dataset = union(chain.done, chain.before);
    if (word === 'if' && this.opensBlock) {
      this.condition(toks, cmd.span);
      this.blocks = { top: { kind: 'if', before: this.dataset, done: undefined }, rest: this.blocks };
      return;
    }
    if (this.opensBlock && word !== 'mata') this.blocks = { top: { kind: capturing(toks) ? 'capture' : 'other' }, rest: this.blocks };
    this.scope = this.newScope(cmd.span);
    if (word === 'if') return this.ifLine(toks);
    if (toks.length > 0) this.prefixed(toks, cmd.span);
  }

  private closeBlock(): void {
    if (this.afterIf) this.dataset = union(this.afterIf.done, this.afterIf.before);
    this.afterIf = undefined;
    const block = this.blocks?.top;
    this.blocks = this.blocks?.rest;
    if (block?.kind === 'if') this.afterIf = { before: block.before, done: block.done ? union(block.done, this.dataset) : this.dataset };
    else if (block?.kind === 'else') this.dataset = union(block.done as Relation, this.dataset);
  }

  /**
   * The condition of `if cond {` (up to the brace): an expression, read against the dataset before the block. Not in
   * capture { ... }, where nothing is reported.
   */
  private condition(toks: StataToken[], span: Span): void {
    if (toks.length < 2 || this.inCapture()) return;
    this.scope = this.newScope(span);
    this.expressionRefs(toks.slice(1));
    this.columnSlot(toks[0].end, this.braceAt);
  }

  /** `else {`, `else if cond {` or `else command` after an if block: the branch starts from the dataset before the chain. */
  private elseBranch(chain: Branches, rest: StataToken[], span: Span): void {
    this.dataset = chain.before;
    if (this.opensBlock) {
      const kind = isWord(rest[0]) && rest[0].value === 'if' ? 'if' : 'else';
      if (kind === 'if') this.condition(rest, span);
      this.blocks = { top: { kind, before: chain.before, done: chain.done }, rest: this.blocks };
      return;
    }
    this.scope = this.newScope(span);
    if (isWord(rest[0]) && rest[0].value === 'if') this.ifLine(rest);
    else if (rest.length > 0) this.prefixed(rest, span);
    this.dataset = union(chain.done, this.dataset);
  }

  /**
   * `if cond command`: where the condition ends is not known, so the command is not read; one that may change the
   * variables leaves them not known.
   */
  private ifLine(toks: StataToken[]): void {
    if (toks.some((t) => isWord(t) && t.spaced && CHANGES_VARIABLES.has(commandName(t.value) ?? ''))) this.extendUnknown('if');
  }

  /**
   * Inside capture { ... }: the block stops at the first command that fails, which is then as if it had not run, so
   * each command is read as under capture.
   */
  private inCapture(): boolean {
    for (let b = this.blocks; b; b = b.rest) if (b.top.kind === 'capture') return true;
    return false;
  }

  /** Prefixes (by, bysort, quietly, capture, frame x:) then the command. */
  private prefixed(toks: StataToken[], span: Span, captured = this.inCapture()): void {
    let k = 0;
    for (;;) {
      const w = isWord(toks[k]) ? toks[k].value : '';
      if (PREFIXES.has(w)) {
        if (CAPTURE.has(w)) captured = true;
        k += isOp(toks[k + 1], ':') ? 2 : 1;
        continue;
      }
      if (w === 'by' || (w.length >= 3 && 'bysort'.startsWith(w))) {
        let colon = k + 1;
        while (colon < toks.length && !isOp(toks[colon], ':')) colon++;
        let comma = k + 1;
        while (comma < colon && !isOp(toks[comma], ',')) comma++;
        this.varlistRefs(parseVarlist(this.text, toks.slice(k + 1, comma)), this.scope);
        this.columnSlot(toks[k].end, comma < toks.length ? toks[comma].start : this.end);
        k = colon + 1;
        continue;
      }
      if ((w === 'version' || w === 'xi') && toks.slice(k + 1, k + 3).some((t) => isOp(t, ':'))) {
        if (w === 'xi') this.extendUnknown('xi');
        k += isOp(toks[k + 1], ':') ? 2 : 3;
        continue;
      }
      if (w === 'frame' && isWord(toks[k + 1]) && isOp(toks[k + 2], ':')) {
        const name = toks[k + 1].value;
        const rest = toks.slice(k + 3);
        this.inFrame(name, () => this.prefixed(rest, span, captured));
        return;
      }
      break;
    }
    if (k >= toks.length) return;
    if (captured) this.underCapture(toks.slice(k));
    else this.dispatch(k === 0 ? toks : toks.slice(k));
  }

  /**
   * A command under capture may fail without stopping the do-file: it reports nothing, and the dataset afterwards is
   * one that fits whether it failed or not. The variables it names may exist afterwards (`capture confirm variable x`
   * then `if !_rc { ... x ... }`, `capture drop x`), so they are not flagged later either.
   */
  private underCapture(toks: StataToken[]): void {
    const before = this.dataset;
    const refs = this.columnRefs.length;
    this.captured = true;
    this.dispatch(toks);
    this.captured = false;
    const uncertain = new Map<Scope, Scope>();
    const named: string[] = [];
    for (let i = refs; i < this.columnRefs.length; i++) {
      const ref = this.columnRefs.get(i);
      if (ref.scope.bindings[0]?.relation === before && !ref.pattern && !ref.qualifier && !named.includes(ref.name)) named.push(ref.name);
      let scope = uncertain.get(ref.scope);
      if (!scope) uncertain.set(ref.scope, (scope = uncertainScope(ref.scope)));
      ref.scope = scope;
    }
    const command = this.commandWord;
    if (this.dataset !== before && !ADDS_ONLY.has(command)) {
      // keep and drop only remove variables: failed or not, the variables are among those before. Other commands
      // (use, rename, clear, ...) could leave either dataset: what is in neither for certain is not known.
      this.dataset = command === 'keep' || command === 'drop' ? before : extended('capture', this.dataset, [{ star: unknown('capture') }]);
    }
    if (named.length === 0) return;
    // Exact names (no abbreviations): the variables of these names go and come back, so none is listed twice.
    const without: Relation = {
      kind: 'derived',
      label: AFTER + 'capture',
      columns: [{ star: this.dataset }],
      filter: { mode: 'drop', names: named, abbreviations: false },
    };
    // (One that was there keeps where it came from: its hover and code list.)
    const scope: Scope = { ...this.scope, bindings: [{ relation: before }] };
    // (Where they are in the order is not known.)
    this.dataset = extended('capture', without, named.map((name) => ({ name, origin: { name, scope } })), true);
  }

  private inFrame(name: string, body: () => void): void {
    if (name === this.frame) return body();
    const saved = this.dataset;
    this.dataset = this.frames.get(name) ?? unknown(`frame ${name}`);
    this.scope = this.newScope(this.scope.span);
    body();
    this.frames.set(name, this.dataset);
    this.dataset = saved;
  }

  private dispatch(toks: StataToken[]): void {
    this.commandWord = '';
    const cw = toks[0];
    if (!isWord(cw)) return;
    const raw = cw.value;
    const body = toks.slice(1);
    if (raw === 'confirm') return this.confirm(body);
    if (abbreviates(raw, 'label', 2)) return this.label(body);
    if (abbreviates(raw, 'scalar', 3) || abbreviates(raw, 'matrix', 3)) return this.scalar(body);
    // mata and python on a line of their own, or with a colon and nothing after it, open a block up to `end`; `mata {`
    // one up to its `}`. Followed by a statement, they run that one.
    const block = body.length === 0 || (body.length === 1 && isOp(body[0], ':'));
    if (raw === 'mata' && block && this.opensBlock) {
      this.braces = 1;
      return;
    }
    if ((raw === 'program' && !PROGRAM_LISTING.has(body[0]?.value ?? '')) || ((raw === 'mata' || raw === 'python') && block)) {
      this.skipping = true;
      return;
    }
    if (abbreviates(raw, 'input', 3)) return this.input(body);
    if (raw === 'foreach') {
      const of = body.findIndex((t, i) => t.value === 'of' && body[i + 1]?.value === 'varlist');
      if (of >= 0) {
        this.varlistRefs(parseVarlist(this.text, body.slice(of + 2)), this.scope);
        this.columnSlot(body[of + 1].end, this.end);
      }
      return;
    }
    if (raw === 'do' || raw === 'run' || raw === 'include') return this.extendUnknown(raw);
    const full = NEUTRAL.has(raw) ? undefined : commandName(raw);
    if (!full) {
      if (!NEUTRAL.has(raw)) this.extendUnknown(raw);
      return;
    }
    const s = this.sections(body, cw.end);
    this.commandWord = full;
    this.handle(full, s, cw);
  }

  /** `input [type] name [type] name ... [, options]`, then data lines up to `end`: the variables named are made. */
  private input(body: StataToken[]): void {
    this.skipping = true;
    const comma = body.findIndex((t) => isOp(t, ','));
    const list = (comma >= 0 ? body.slice(0, comma) : body).filter((t) => !(isWord(t) && TYPES.test(t.value)));
    if (list.length === 0) return;
    const v = parseVarlist(this.text, list);
    // (Names of variables that exist already take data into them: listed again, they change nothing.)
    this.addColumns('input', v.items.filter((i) => !i.pattern), !v.holes && !v.ranges && v.items.every((i) => !i.pattern));
  }

  /**
   * `scalar [define] name = exp`, `matrix [define | input | accum ...] name = ...`: the name is not a variable when an
   * expression uses it (Stata reads a name as a variable when there is one, as a scalar or matrix when not).
   */
  private scalar(body: StataToken[]): void {
    const eq = body.findIndex((t) => isOp(t, '='));
    const name = body[eq - 1];
    if (eq < 1 || eq > 2 || !isWord(name) || this.scalarNames.has(name.value)) return;
    this.scalarNames.add(name.value);
    this.scalars = { top: name.value, rest: this.scalars };
  }

  /** `confirm [numeric | string | str# | ...] variable varlist`: the variables must exist (`confirm new variable`: must not). */
  private confirm(body: StataToken[]): void {
    const at = body.findIndex((t) => isWord(t) && abbreviates(t.value, 'variable', 1));
    if (at < 0 || body.slice(0, at).some((t) => t.value === 'new')) return;
    const comma = body.findIndex((t) => isOp(t, ','));
    const list = body.slice(at + 1, comma >= 0 ? comma : body.length);
    this.varlistRefs(parseVarlist(this.text, list), this.scope);
    this.columnSlot(body[at].end, comma >= 0 ? body[comma].start : this.end);
  }

  /**
   * `label variable varname ["label"]`, `label values varlist [lblname | .]`: the variables must exist. (Other label
   * commands name value labels only.)
   */
  private label(body: StataToken[]): void {
    const sub = isWord(body[0]) ? body[0].value : '';
    const comma = body.findIndex((t) => isOp(t, ','));
    const args = body.slice(1, comma >= 0 ? comma : body.length);
    // Each entry is a run of tokens glued together (phq9_*, `v'_x): label variable names one variable, then its label
    // (quoted or not); of label values' two or more entries the last is the value label.
    const starts: number[] = [];
    args.forEach((t, i) => {
      if (i === 0 || t.spaced) starts.push(i);
    });
    let list: StataToken[];
    if (abbreviates(sub, 'variable', 3)) list = args.slice(0, starts[1] ?? args.length);
    else if (abbreviates(sub, 'values', 3)) list = starts.length < 2 ? args : args.slice(0, starts[starts.length - 1]);
    else return;
    this.varlistRefs(parseVarlist(this.text, list), this.scope);
    this.columnSlot(body[0].end, comma >= 0 ? body[comma].start : this.end);
  }

  /** Splits a command's arguments into the main part, `if`, `in`, `using`, weights and options. */
  private sections(body: StataToken[], after: number): Sections {
    const s: Sections = { main: NO_TOKENS, ifExpr: NO_TOKENS, usingToks: NO_TOKENS, options: NO_OPTIONS, mainEnd: this.end, ifEnd: this.end };
    let part: Part = 'main';
    let depth = 0;
    // Each part is a run of tokens, sliced once when it ends (not pushed token by token).
    let from = 0;
    let k = 0;
    for (; k < body.length; k++) {
      const t = body[k];
      if (t.kind === 'op' && (t.value === '(' || t.value === '[') && !(part === 'main' && t.value === '[' && depth === 0)) depth++;
      else if (t.kind === 'op' && (t.value === ')' || t.value === ']') && depth > 0) depth--;
      else if (depth === 0 && t.kind === 'op' && t.value === '[') {
        endPart(s, body, part, from, k);
        part = 'weight';
        from = k + 1;
      } else if (depth === 0 && part === 'weight' && isOp(t, ']')) {
        part = 'main';
        from = k + 1;
      } else if (depth === 0 && t.kind === 'word' && (t.value === 'if' || t.value === 'in' || t.value === 'using')) {
        endPart(s, body, part, from, k);
        part = t.value;
        from = k + 1;
        if (t.value === 'if') s.ifWord = t;
      } else if (depth === 0 && isOp(t, ',')) {
        endPart(s, body, part, from, k);
        part = 'weight'; // nothing more to collect
        s.options = parseOptions(body.slice(k + 1), this.end);
        break;
      }
    }
    addRun(s, body, part, from, k);
    if (s.main.length === 0 && s.mainEnd === this.end) s.mainEnd = Math.max(after, s.mainEnd);
    return s;
  }

  // ---- references ------------------------------------------------------------------------------

  /**
   * One string per variable name: a do-file names the same few variables thousands of times, and each token's
   * text is a string of its own (or a slice of the text) that the references would otherwise keep.
   */
  private name(text: string): string {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    this.names.set(text, text);
    return text;
  }

  private columnSlot(after: number, end: number, scope: Scope = this.scope): void {
    const s = this.columnSlots;
    s.after.push(after);
    s.end.push(end);
    s.scope.push(scope);
    s.command.push(this.commandStart);
  }

  private varlistRefs(v: Varlist, scope: Scope): void {
    for (const item of v.items) {
      const ref: ColumnRef = { name: this.name(item.name), span: item.span, scope };
      if (item.pattern) ref.pattern = true;
      this.columnRefs.push(ref);
    }
  }

  private expressionRefs(toks: StataToken[], scope: Scope = this.scope): void {
    let names = expressionNames(toks);
    if (this.scalarNames.size > 0) names = names.filter((n) => !this.scalarNames.has(n.name));
    for (const n of names) this.columnRefs.push({ name: this.name(n.name), span: n.span, scope });
    if (!toks.some((t) => t.kind === 'string')) return;
    const byIndex = new Map<number, ColumnRef>();
    names.forEach((n, i) => byIndex.set(n.index, this.columnRefs.get(this.columnRefs.length - names.length + i)));
    const listed = inlistStrings(toks, byIndex);
    // A string compared with a variable: `endcode == "10"` or `"10" == endcode`, or one of a list it is compared
    // with: `inlist(endcode, "46", "47")`.
    toks.forEach((t, k) => {
      if (t.kind !== 'string' || !t.content || !t.parts?.every((p) => p.kind === 'text')) return;
      let column: ColumnRef | undefined = listed?.get(k);
      if (!column && (isOp(toks[k - 1], '==') || isOp(toks[k - 1], '!=') || isOp(toks[k - 1], '~='))) column = byIndex.get(k - 2);
      if (!column && (isOp(toks[k + 1], '==') || isOp(toks[k + 1], '!=') || isOp(toks[k + 1], '~='))) column = byIndex.get(k + 2);
      if (!column) return;
      this.valueSlots.push({ content: t.content, column, closed: !t.unterminated });
      if (!t.unterminated && !this.captured && !this.wasReplaced(column.name)) this.valueRefs.push({ value: t.value, span: t.content, column });
    });
  }

  /**
   * The values of a variable replace or recode changed are no longer only its codes (replace endcode = "Completed"):
   * they are not checked. Names are compared as abbreviations may name them.
   */
  private replacedValues(name: string): void {
    if (this.replacedNames.has(name)) return;
    this.replacedNames.add(name);
    this.replaced = { top: name, rest: this.replaced };
  }

  private wasReplaced(name: string): boolean {
    if (this.replacedNames.size === 0) return false;
    if (this.replacedNames.has(name)) return true;
    if (!this.abbreviations) return false;
    for (const r of this.replacedNames) if (r.startsWith(name) || name.startsWith(r)) return true;
    return false;
  }

  private qualifiers(s: Sections, scope: Scope = this.scope): void {
    if (!s.ifWord) return;
    this.expressionRefs(s.ifExpr, scope);
    this.columnSlot(s.ifWord.end, s.ifEnd, scope);
  }

  private optionVarlist(s: Sections, name: string, min: number, scope: Scope = this.scope): Varlist | undefined {
    const o = findOption(s.options, name, min);
    if (!o || !o.argsSpan) return undefined;
    // After a comma come the option's own suboptions, not variables: by(group, total note("")) of graph commands.
    const comma = topLevelComma(o.args);
    const v = parseVarlist(this.text, comma < 0 ? o.args : o.args.slice(0, comma));
    this.varlistRefs(v, scope);
    this.columnSlot(o.argsSpan.start - 1, comma < 0 ? o.argsSpan.end : o.args[comma].start, scope);
    return v;
  }

  /** Names given to gen() / generate() options: plain new variables, or undefined when not knowable. */
  private generatedNames(s: Sections): { names: { name: string; span: Span }[]; known: boolean } {
    const o = findOption(s.options, 'generate', 3);
    if (!o) return { names: [], known: true };
    const v = parseVarlist(this.text, o.args);
    return { names: v.items.filter((i) => !i.pattern).map((i) => ({ name: i.name, span: i.span })), known: !v.holes && v.items.every((i) => !i.pattern) };
  }

  private addColumns(label: string, names: { name: string; span?: Span }[], known = true): void {
    const columns: DerivedColumn[] = names.map((n) => ({ name: n.name, span: n.span }));
    if (!known) columns.push({ star: unknown(label) });
    this.dataset = extended(label, this.dataset, columns);
  }

  // ---- commands --------------------------------------------------------------------------------

  private handle(full: string, s: Sections, cw: StataToken): void {
    const main = s.main;
    // describe varlist using file: the variables of the file, not of the data in memory, which it leaves alone.
    if (full === 'describe' && s.usingToks.length > 0) return;
    if (VARLIST_COMMANDS.has(full) || SUBCOMMAND_VARLIST.has(full)) {
      const list = SUBCOMMAND_VARLIST.has(full) ? main.slice(1) : main;
      this.varlistRefs(parseVarlist(this.text, list), this.scope);
      this.columnSlot(SUBCOMMAND_VARLIST.has(full) ? (main[0]?.end ?? cw.end) : cw.end, s.mainEnd);
      this.qualifiers(s);
      this.optionVarlist(s, 'by', 2);
      this.optionVarlist(s, 'over', 4);
      const gen = this.generatedNames(s);
      // tabulate x, generate(d) makes d1, d2, ...: names the analyser cannot list.
      if (findOption(s.options, 'generate', 3)) this.addColumns(full, full === 'duplicates' ? gen.names : [], full === 'duplicates' && gen.known);
      if (full === 'order') this.dataset = reordered(this.dataset);
      return;
    }
    switch (full) {
      case 'count':
        return this.qualifiers(s);
      case 'assert':
        this.expressionRefs(main);
        this.columnSlot(cw.end, s.mainEnd);
        return this.qualifiers(s);
      case 'generate':
      case 'egen':
      case 'xtile':
      case 'replace':
      case 'clonevar':
        return this.generate(full, s, cw);
      case 'predict': {
        let k = 0;
        // (As in generate, a type before a name built from a macro is a type.)
        if (main[0] && TYPES.test(main[0].value) && (main[1]?.kind === 'word' || main[1]?.kind === 'macro')) k = 1;
        const v = parseVarlist(this.text, main.slice(k));
        this.qualifiers(s);
        return this.addColumns('predict', v.items.filter((i) => !i.pattern), !v.holes && v.items.every((i) => !i.pattern));
      }
      case 'encode':
      case 'decode':
      case 'destring':
      case 'tostring':
      case 'recode': {
        const paren = main.findIndex((t) => isOp(t, '('));
        const v = parseVarlist(this.text, paren >= 0 ? main.slice(0, paren) : main);
        this.varlistRefs(v, this.scope);
        this.columnSlot(cw.end, paren >= 0 ? main[paren].start : s.mainEnd);
        this.qualifiers(s);
        const gen = this.generatedNames(s);
        const prefixed = findOption(s.options, 'prefix', 3);
        // In place: recode without generate() or prefix(), destring / tostring with replace.
        const inPlace = full === 'recode' ? !findOption(s.options, 'generate', 3) && !prefixed : !!findOption(s.options, 'replace', 7);
        if (inPlace && (full === 'recode' || full === 'destring' || full === 'tostring')) for (const i of v.items) if (!i.pattern) this.replacedValues(i.name);
        if (gen.names.length || !gen.known || prefixed) this.addColumns(full, gen.names, gen.known && !prefixed);
        return;
      }
      case 'keep':
      case 'drop':
        return this.keepDrop(full, s, cw);
      case 'rename':
        return this.rename(s, cw);
      case 'collapse':
        return this.collapse(s, cw);
      case 'reshape':
        this.optionVarlist(s, 'i', 1);
        this.optionVarlist(s, 'by', 2);
        this.qualifiers(s);
        return this.extendUnknown(full);
      case 'use':
        return this.use(s);
      case 'merge':
      case 'append':
        return this.combine(full, s, cw);
      case 'save':
      case 'saveold': {
        const file = parseFileName(this.text, main);
        const key = fileKey(file);
        if (key) this.saved.set(key, this.dataset);
        return;
      }
      case 'odbc':
        if (main[0]?.value === 'load') this.odbcLoad(s);
        return;
      case 'preserve':
        this.preserved = { top: this.dataset, rest: this.preserved };
        return;
      case 'restore': {
        const keep = findOption(s.options, 'preserve', 8);
        const top = this.preserved ? this.preserved.top : unknown('restore');
        if (!keep) this.preserved = this.preserved?.rest;
        if (!findOption(s.options, 'not', 3)) this.dataset = top;
        return;
      }
      case 'clear':
        if (main.length === 0 || ['all', '*', 'data'].includes(main[0].value)) this.dataset = fresh('clear', []);
        return;
      case 'set':
        if (main[0]?.value === 'varabbrev' && main[1]) this.abbreviations = main[1].value !== 'off';
        return;
      case 'frame':
      case 'frames':
      case 'cwf':
        return this.frameCommand(full, main);
      default:
        this.extendUnknown(full);
    }
  }

  private generate(full: string, s: Sections, cw: StataToken): void {
    const main = s.main;
    const eq = main.findIndex((t) => isOp(t, '='));
    const lhs = eq >= 0 ? main.slice(0, eq) : main;
    const rhs = eq >= 0 ? main.slice(eq + 1) : [];
    let k = 0;
    // (A type before a name built from a macro, gen byte `v'_case, is a type all the same.)
    if (full !== 'replace' && lhs[0] && TYPES.test(lhs[0].value) && (lhs[1]?.kind === 'word' || lhs[1]?.kind === 'macro')) k = 1;
    const nameTok = lhs[k];
    const plain = isWord(nameTok) && !(lhs[k + 1] && !lhs[k + 1].spaced && lhs[k + 1].kind === 'macro') && !(lhs[k - 1]?.kind === 'macro' && !nameTok.spaced);
    const exprScope = this.scope;
    if (full === 'replace') {
      if (plain) this.columnRefs.push({ name: this.name(nameTok.value), span: { start: nameTok.start, end: nameTok.end }, scope: exprScope });
      if (plain) this.replacedValues(nameTok.value);
      this.columnSlot(cw.end, eq >= 0 ? main[eq].start : s.mainEnd);
    }
    if (eq >= 0) {
      if (full === 'egen') this.egenRefs(rhs, exprScope);
      else this.expressionRefs(rhs, exprScope);
      this.columnSlot(main[eq].end, s.mainEnd, exprScope);
    }
    this.qualifiers(s, exprScope);
    this.optionVarlist(s, 'by', 2, exprScope);
    if (full === 'replace') return;
    if (!plain) return this.extendUnknown(full);
    const column: DerivedColumn = { name: nameTok.value, span: { start: nameTok.start, end: nameTok.end } };
    // clonevar copies a variable: hover on the copy still shows where it came from.
    if (full === 'clonevar' && rhs.length === 1 && isWord(rhs[0])) column.origin = { name: rhs[0].value, scope: exprScope };
    // before() and after() place the variable elsewhere than at the end.
    const placed = full === 'generate' && (findOption(s.options, 'before', 6) || findOption(s.options, 'after', 5));
    this.dataset = extended(full, this.dataset, [column], !!placed);
  }

  /** `fcn(arguments)` of egen: an expression or a varlist, by the function; a function egen does not document, neither. */
  private egenRefs(rhs: StataToken[], scope: Scope): void {
    const fcn = rhs[0];
    if (!isWord(fcn) || !isOp(rhs[1], '(')) return;
    let depth = 0;
    let close = 1;
    for (; close < rhs.length; close++) {
      if (isOp(rhs[close], '(')) depth++;
      else if (isOp(rhs[close], ')') && --depth === 0) break;
    }
    const args = rhs.slice(2, close);
    if (EGEN_EXPRESSION.has(fcn.value)) this.expressionRefs(args, scope);
    else if (EGEN_VARLIST.has(fcn.value)) this.varlistRefs(parseVarlist(this.text, args), scope);
  }

  private keepDrop(full: 'keep' | 'drop', s: Sections, cw: StataToken): void {
    this.qualifiers(s);
    if (s.main.length === 0) return; // keep if / drop in: observations only
    this.columnSlot(cw.end, s.mainEnd);
    if (s.main.some((t) => t.value === '_all') || (s.main.length === 1 && isOp(s.main[0], '*'))) {
      if (full === 'drop') this.dataset = fresh('drop _all', []);
      return;
    }
    const v = parseVarlist(this.text, s.main);
    this.varlistRefs(v, this.scope);
    const names = v.ranges ? this.rangeNames(v) : v.items.map((i) => i.name);
    if (full === 'keep' && (v.holes || !names)) return this.extendUnknown('keep');
    this.dataset = {
      kind: 'derived',
      label: `the dataset after ${full}`,
      columns: [{ star: this.dataset }],
      filter: { mode: full, names: names ?? v.items.map((i) => i.name), abbreviations: this.abbreviations },
    };
    // The middle of a range is not known: the ends go, and what else is left is not known.
    if (!names) this.extendUnknown(full);
  }

  /**
   * The names of a varlist with ranges, each range as the variables from one end to the other in the dataset's
   * order; undefined when that order is not known for certain, or an end is not one of its variables.
   */
  private rangeNames(v: Varlist): string[] | undefined {
    const order = orderOf(this.dataset);
    if (!order) return undefined;
    const columns = order.map((name) => ({ name }));
    const rules = { caseSensitive: true, abbreviations: this.abbreviations };
    const at = (item: number): number => {
      if (item < 0) return -1;
      const m = matchVarlistName(columns, v.items[item].name, rules);
      return m.kind === 'found' && m.columns.length === 1 ? columns.indexOf(m.columns[0]) : -1;
    };
    const names: string[] = [];
    const ends = new Set<number>();
    for (const r of v.rangeItems) {
      const [a, b] = [at(r.from), at(r.to)];
      if (a < 0 || b < a) return undefined;
      names.push(...order.slice(a, b + 1));
      ends.add(r.from).add(r.to);
    }
    v.items.forEach((item, i) => {
      if (!ends.has(i)) names.push(item.name);
    });
    return names;
  }

  /**
   * `collapse [(stat)] varlist [(stat)] target = varname ... [, by(varlist)]` ([D] collapse): the variables named must
   * exist, and afterwards the dataset is the by() variables, the variables of the varlists and the targets. (The
   * varlists go through a keep filter, which names them as Stata does: an abbreviation or a wildcard by the full names.)
   */
  private collapse(s: Sections, cw: StataToken): void {
    const main = s.main;
    const scope = this.scope;
    const kept: string[] = [];
    const targets: DerivedColumn[] = [];
    let known = true;
    const list = (toks: StataToken[]): void => {
      const v = parseVarlist(this.text, toks);
      this.varlistRefs(v, scope);
      for (const i of v.items) kept.push(i.name);
      if (v.holes || v.ranges) known = false;
    };
    let from = 0;
    let k = 0;
    while (k < main.length) {
      const t = main[k];
      if (isOp(t, '(')) {
        // (stat): a statistic's name, not a variable.
        list(main.slice(from, k));
        while (k < main.length && !isOp(main[k], ')')) k++;
        from = ++k;
      } else if (isOp(main[k + 1], '=')) {
        // target = varname: the variable is read, and the target is made. A target glued from pieces (m_`v') is all
        // target.
        let first = k;
        while (first > from && !main[first].spaced && (main[first - 1].kind === 'word' || main[first - 1].kind === 'macro')) first--;
        list(main.slice(from, first));
        let end = k + 3;
        while (end < main.length && !main[end].spaced && !isOp(main[end], '(')) end++;
        const source = parseVarlist(this.text, main.slice(k + 2, end));
        this.varlistRefs(source, scope);
        const plain = isWord(t) && (t.spaced || k === 0 || isOp(main[k - 1], ')'));
        if (plain) targets.push({ name: t.value, span: { start: t.start, end: t.end } });
        else known = false;
        if (source.holes || source.ranges || source.items.length !== 1 || source.items[0].pattern) known = false;
        k = end;
        from = k;
      } else k++;
    }
    list(main.slice(from));
    this.columnSlot(cw.end, s.mainEnd);
    this.qualifiers(s);
    const by = this.optionVarlist(s, 'by', 2);
    if (by) {
      for (const i of by.items) kept.push(i.name);
      if (by.holes || by.ranges) known = false;
    }
    if (kept.length === 0 && targets.length === 0) return this.extendUnknown('collapse');
    const label = AFTER + 'collapse';
    const columns: DerivedColumn[] = [];
    // (With no variable kept, the filter keeps none.)
    columns.push({ star: { kind: 'derived', label, columns: [{ star: this.dataset }], filter: { mode: 'keep', names: kept, abbreviations: this.abbreviations } } });
    if (!known) columns.push({ star: unknown('collapse') });
    // (In which order its variables come is not relied on.)
    this.dataset = extended('collapse', fresh('collapse', columns), targets, true);
  }

  private rename(s: Sections, cw: StataToken): void {
    const main = s.main;
    let olds: StataToken[] = [];
    let news: StataToken[] = [];
    if (isOp(main[0], '(')) {
      const close = main.findIndex((t) => isOp(t, ')'));
      const open2 = close + 1;
      const close2 = main.findIndex((t, i) => i > open2 && isOp(t, ')'));
      if (close > 0 && isOp(main[open2], '(') && close2 > open2) {
        olds = main.slice(1, close);
        news = main.slice(open2 + 1, close2);
      }
    } else if (main.length === 2) {
      olds = [main[0]];
      news = [main[1]];
    }
    // A plain name: a word glued to nothing but the parentheses around a group (`phq*` and `x`m'` are not).
    const plain = (t: StataToken): boolean => {
      const i = main.indexOf(t);
      const next = main[i + 1];
      return isWord(t) && (t.spaced || isOp(main[i - 1], '(')) && (!next || next.spaced || isOp(next, ')'));
    };
    const simple = olds.length > 0 && olds.length === news.length && [...olds, ...news].every(plain) && s.options.length === 0;
    this.columnSlot(cw.end, simple ? olds[olds.length - 1].end : s.mainEnd);
    if (!simple) return this.renameUnknown(main, olds);
    const scope = this.scope;
    for (const t of olds) this.columnRefs.push({ name: this.name(t.value), span: { start: t.start, end: t.end }, scope });
    const without: Relation = {
      kind: 'derived',
      label: 'the dataset after rename',
      columns: [{ star: this.dataset }],
      filter: { mode: 'drop', names: olds.map((t) => t.value), abbreviations: this.abbreviations },
    };
    // (A renamed variable keeps its place, not followed: the order is not known.)
    this.dataset = extended(
      'rename',
      without,
      news.map((t, i) => ({ name: t.value, span: { start: t.start, end: t.end }, origin: { name: olds[i].value, scope } })),
      true,
    );
  }

  /**
   * A rename the analyser does not follow (wildcards `rename *ind *_ind`, options such as upper): the old names go,
   * and what they became is not known.
   */
  private renameUnknown(main: StataToken[], olds: StataToken[]): void {
    let group = olds;
    if (group.length === 0) {
      // `rename old new`: the old side is the first run of glued tokens.
      let end = 1;
      while (end < main.length && !main[end].spaced) end++;
      group = main.slice(0, end);
    }
    const v = parseVarlist(this.text, group);
    this.varlistRefs(v, this.scope);
    if (v.holes || v.ranges || v.items.length === 0) return this.extendUnknown('rename');
    const without: Relation = {
      kind: 'derived',
      label: 'the dataset after rename',
      columns: [{ star: this.dataset }],
      filter: { mode: 'drop', names: v.items.map((i) => i.name), abbreviations: this.abbreviations },
    };
    this.dataset = extended('rename', without, [{ star: unknown('rename') }]);
  }

  /** The dataset a file holds: one the do-file saved, a catalogue table by its name, or unknown. */
  private fileRelation(file: FileName | undefined): Relation {
    const key = fileKey(file);
    const saved = key ? this.saved.get(key) : undefined;
    if (saved) return saved;
    if (file?.base && file.baseSpan) {
      const name: NameRef = { parts: [file.base], partSpans: [file.baseSpan], span: file.baseSpan };
      return { kind: 'catalogue', name };
    }
    return unknown('a file');
  }

  private use(s: Sections): void {
    const usingForm = s.usingToks.length > 0;
    let relation = this.fileRelation(parseFileName(this.text, usingForm ? s.usingToks : s.main));
    const scope = { ...this.scope, bindings: [{ relation }] };
    if (usingForm) {
      const v = parseVarlist(this.text, s.main);
      this.varlistRefs(v, scope);
      // (No varlist, as in use if exp using file, or _all: every variable.)
      if (v.holes || v.ranges) relation = extended('use', relation, [{ star: unknown('use') }]);
      else if (v.items.length > 0) {
        relation = {
          kind: 'derived',
          label: 'the dataset after use',
          columns: [{ star: relation }],
          filter: { mode: 'keep', names: v.items.map((i) => i.name), abbreviations: this.abbreviations },
          // (Whether in the file's order or the varlist's is not relied on.)
          unordered: true,
        };
      }
    }
    this.qualifiers(s, scope);
    this.dataset = relation;
  }

  private combine(full: string, s: Sections, cw: StataToken): void {
    let main = s.main;
    if (full === 'merge' && main.length >= 3 && isOp(main[1], ':')) main = main.slice(3);
    if (full === 'merge') {
      this.varlistRefs(parseVarlist(this.text, main), this.scope);
      this.columnSlot(cw.end, s.mainEnd);
    }
    const files: StataToken[][] = [];
    for (const t of s.usingToks) {
      if (t.spaced || files.length === 0) files.push([t]);
      else files[files.length - 1].push(t);
    }
    const columns: DerivedColumn[] = [];
    for (const f of full === 'merge' ? files.slice(0, 1) : files) {
      let relation = this.fileRelation(parseFileName(this.text, f));
      const keepusing = findOption(s.options, 'keepusing', 5);
      if (full === 'merge' && keepusing) {
        const v = this.optionVarlist(s, 'keepusing', 5, { ...this.scope, bindings: [{ relation }] });
        if (v && !v.holes && !v.ranges) {
          const filter: VarlistFilter = { mode: 'keep', names: v.items.map((i) => i.name), abbreviations: this.abbreviations };
          relation = { kind: 'derived', label: 'the file merged', columns: [{ star: relation }], filter, unordered: true };
        }
      }
      columns.push({ star: relation });
    }
    if (files.length === 0) columns.push({ star: unknown(full) });
    const gen = this.generatedNames(s);
    const nogen = findOption(s.options, 'nogenerate', 5);
    if (!gen.known) columns.push({ star: unknown(full) });
    else if (gen.names.length) columns.push(...gen.names);
    else if (full === 'merge' && !nogen) columns.push({ name: '_merge' });
    // merge and append add the variables of the using file that are new at the end; where append's generate() goes is
    // not relied on.
    this.dataset = extended(full, this.dataset, columns, full === 'append' && gen.names.length > 0);
  }

  private odbcLoad(s: Sections): void {
    const exec = findOption(s.options, 'exec', 4);
    const table = findOption(s.options, 'table', 5);
    const str = (o: StataOption | undefined): StataToken | undefined => (o && o.args.length === 1 && o.args[0].kind === 'string' ? o.args[0] : undefined);
    let relation: Relation = unknown('odbc load');
    const execString = str(exec);
    const tableString = str(table);
    if (execString?.parts) {
      const pieces = sqlPieces(execString.parts);
      const sql = analyseEmbeddedSql(pieces);
      this.execStrings.push(execString.start);
      this.execStrings.push(this.semicolon ? 1 : 0);
      this.tableRefs.pushAll(sql.model.tableRefs);
      this.columnRefs.pushAll(sql.model.columnRefs);
      this.valueRefs.pushAll(sql.model.valueRefs);
      this.literals.pushAll(sql.model.literals);
      this.queries.pushAll(sql.model.queries ?? []);
      if (sql.resultColumns) {
        // SQL names are case-insensitive: the server returns a column's own case, which the query may not show.
        // A macro in the query can add columns.
        const mixedCase = sql.resultColumns.some((c) => 'name' in c && c.name !== c.name.toLowerCase());
        const holes = pieces.some((p) => p.kind === 'hole');
        relation = fresh('odbc load', mixedCase || holes ? [...sql.resultColumns, { star: unknown('odbc load') }] : sql.resultColumns);
      }
    } else if (tableString?.content) {
      this.tableSlots.push(tableString.content);
      const name = tableName(tableString);
      if (name) {
        this.tableRefs.push(name);
        relation = { kind: 'catalogue', name };
      }
    }
    this.dataset = this.extVarlist(relation, s.main.slice(1));
  }

  /** The columns `odbc load [newname=]extname ...` keeps of `relation`, under their new names. */
  private extVarlist(relation: Relation, toks: StataToken[]): Relation {
    const renames: { name: string; span: Span; ext: string }[] = [];
    const list: StataToken[] = [];
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      if (isWord(t) && isOp(toks[k + 1], '=') && isWord(toks[k + 2])) {
        renames.push({ name: t.value, span: { start: t.start, end: t.end }, ext: toks[k + 2].value });
        list.push(toks[k + 2]);
        k += 2;
      } else list.push(t);
    }
    const ext = parseVarlist(this.text, list);
    // (A range's middle depends on the table's column order.)
    if (ext.holes || ext.ranges) return unknown('odbc load');
    if (ext.items.length === 0) return relation;
    const label = 'the dataset after odbc load';
    // (Whether in the table's order or the extvarlist's is not relied on.)
    const filter: VarlistFilter = { mode: 'keep', names: ext.items.map((i) => i.name), abbreviations: false };
    const kept: Relation = { kind: 'derived', label, columns: [{ star: relation }], filter, unordered: true };
    if (renames.length === 0) return kept;
    const without: Relation = { kind: 'derived', label, columns: [{ star: kept }], filter: { mode: 'drop', names: renames.map((r) => r.ext), abbreviations: false } };
    const scope: Scope = { ...this.scope, bindings: [{ relation: kept }] };
    return extended('odbc load', without, renames.map((r) => ({ name: r.name, span: r.span, origin: { name: r.ext, scope } })));
  }

  private frameCommand(full: string, main: StataToken[]): void {
    const sub = full === 'cwf' ? 'change' : main[0]?.value ?? '';
    const arg = (i: number): string | undefined => (isWord(main[i]) ? main[i].value : undefined);
    const target = full === 'cwf' ? arg(0) : arg(1);
    const get = (name: string): Relation => (name === this.frame ? this.dataset : this.frames.get(name) ?? unknown(`frame ${name}`));
    if (abbreviates(sub, 'create', 3) && target) {
      // frame create name [newvarlist]: the variables, each maybe with a storage type (str32 measure double(rate n)).
      const v = parseVarlist(this.text, main.slice(2).filter((t) => !(isWord(t) && TYPES.test(t.value))));
      const columns: DerivedColumn[] = v.items.filter((i) => !i.pattern).map((i) => ({ name: i.name, span: i.span }));
      if (v.holes || v.ranges || v.items.some((i) => i.pattern)) columns.push({ star: unknown(`frame ${target}`) });
      this.frames.set(target, fresh(`frame ${target}`, columns));
    } else if (abbreviates(sub, 'change', 3) && target) {
      this.frames.set(this.frame, this.dataset);
      this.dataset = get(target);
      this.frame = target;
    } else if (sub === 'copy' && target && arg(2)) {
      this.frames.set(arg(2) as string, get(target));
    } else if (sub === 'drop' && target) {
      this.frames.set(target, undefined);
    } else if (sub === 'put') {
      // frame put varlist, into(name): not followed; the new frame is unknown.
    } else if (!['dir', 'pwf', 'list', 'post'].includes(sub)) {
      this.extendUnknown('frame');
    }
  }
}

/**
 * The strings of `inlist(var, "a", "b", ...)` by token index, each with the reference to the variable they are
 * compared with: only when the first argument is a variable alone and the others are each a string or a number
 * (inlist is true when the variable equals one of them).
 */
function inlistStrings(toks: StataToken[], byIndex: Map<number, ColumnRef>): Map<number, ColumnRef> | undefined {
  let out: Map<number, ColumnRef> | undefined;
  for (let k = 0; k + 3 < toks.length; k++) {
    if (!isWord(toks[k]) || toks[k].value !== 'inlist' || !isOp(toks[k + 1], '(')) continue;
    const column = byIndex.get(k + 2);
    if (!column || !isOp(toks[k + 3], ',')) continue;
    const strings: number[] = [];
    let j = k + 4;
    let literals = true;
    for (; j < toks.length; j += 2) {
      const t = toks[j];
      if (t.kind === 'string') strings.push(j);
      else if (t.kind !== 'number') literals = false;
      if (!literals || !isOp(toks[j + 1], ',')) break;
    }
    // (Not closed yet at the end: being typed, for completion of the codes.)
    if (!literals || !(isOp(toks[j + 1], ')') || j + 1 >= toks.length)) continue;
    out ??= new Map();
    for (const i of strings) out.set(i, column);
  }
  return out;
}

/** The index of the first comma outside parentheses, or -1. */
function topLevelComma(toks: StataToken[]): number {
  let depth = 0;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth--;
    else if (depth === 0 && isOp(t, ',')) return k;
  }
  return -1;
}

/** Whether a command opening a block is prefixes only, one of them capture: `capture {`, `capture noisily {`. */
function capturing(toks: StataToken[]): boolean {
  return toks.length > 0 && toks.every((t) => isWord(t) && PREFIXES.has(t.value)) && toks.some((t) => CAPTURE.has(t.value));
}

function fileKey(file: FileName | undefined): string | undefined {
  if (!file) return undefined;
  if (file.macro) return file.macro;
  return file.base?.toLowerCase();
}

/** A table name in a string, `[LLC_1234].[nhsd_IAPT_x]` or `nhsd.IAPT_x`, with the span of each part. */
function tableName(t: StataToken): NameRef | undefined {
  if (!t.content || !t.parts || t.parts.length !== 1 || t.parts[0].kind !== 'text') return undefined;
  const { text, start } = t.parts[0];
  const parts: string[] = [];
  const partSpans: Span[] = [];
  const re = /\[([^\]]*)\]|"([^"]*)"|([^.\s[\]"]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = m[1] ?? m[2] ?? m[3];
    const offset = m.index + (m[3] === undefined ? 1 : 0);
    parts.push(value);
    partSpans.push({ start: start + offset, end: start + offset + value.length });
  }
  if (parts.length === 0) return undefined;
  return { parts, partSpans, span: { start, end: start + text.length } };
}
