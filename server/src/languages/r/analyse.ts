// The R analyser: walks the syntax tree in script order, keeping what each variable holds (a data
// frame with known columns, or a query string), and records column references, coded-value
// comparisons, table names and completion sites. Embedded SQL is analysed by the SQL analyser.
// Anything it cannot follow makes the value unknown, and unknown data frames are never diagnosed.

import { analyseEmbeddedSql, EmbeddedSql, SqlPiece } from '../embedded';
import { ColumnRef, CompletionContext, DocumentModel, LiteralRef, NameRef, Scope, Span, ValueRef } from '../model';
import { RToken, TokenIndex } from './lexer';
import { parseStatements, RArg, RNode, RStatements } from './parse';
import { contentSpan, stringValue } from './strings';
import { extend, Frame, incomplete, Mask, Val } from './frames';
import { lineEnd, rCompletionContext, Site, SiteGroups, SqlEntry, sqlEntry } from './context';
import { fileRelation, looksLikeSql, queryFrame, queryPiecesOf, tableFrame } from './sources';
import { applyVerb, isVerb } from './verbs';
import { dtIndex } from './datatable';
import { assignedNames, CONSTANTS, LOOSE_NAMES } from './names';

const QUERY_FNS = new Set(['sqlQuery', 'dbGetQuery', 'dbSendQuery', 'dbExecute', 'dbSendStatement']);
const TABLE_FNS = new Set(['dbReadTable', 'tbl', 'sqlFetch']);
const FILE_FNS = new Set([
  'read.csv', 'read.csv2', 'read.delim', 'read.table', 'readRDS', 'read_rds', 'read_csv', 'read_csv2', 'read_tsv', 'read_delim',
  'fread', 'read_dta', 'read_stata', 'read_sav', 'read_sas', 'read_parquet', 'read_feather', 'read_ipc_file', 'read_excel', 'read_xlsx', 'vroom',
]);
const PIPES = new Set(['|>', '%>%', '%T>%']);
const ASSIGN_LEFT = new Set(['<-', '=', '<<-', ':=']);
const COMPUTED_AES = new Set(['after_stat', 'after_scale', 'stage']);
const FRAME_MODIFIERS = new Set(['names', 'colnames', 'dimnames', 'attributes', 'setNames']);

type VarValue = { frame: Frame } | { query: StoredQuery };

/** A query string held by a variable: its pieces as they were when assigned. */
export interface StoredQuery {
  node: RNode;
  pieces: SqlPiece[];
}

export function analyseR(text: string): DocumentModel {
  return new RAnalyser(text).run();
}

export class RAnalyser {
  private readonly index: TokenIndex;
  private readonly statements: RStatements;
  env = new Map<string, VarValue>();
  readonly tableRefs: NameRef[] = [];
  readonly columnRefs: ColumnRef[] = [];
  readonly valueRefs: ValueRef[] = [];
  readonly literals: LiteralRef[] = [];
  private readonly sql: SqlEntry[] = [];
  readonly sites: Site[] = [];
  private readonly groups = new SiteGroups(this.sites);
  private readonly sqlByNode = new Map<RNode, { sql: EmbeddedSql; pieces: SqlPiece[] } | undefined>();
  /** Names the script assigns or takes as parameters: bare names like these may be variables, not columns. */
  private readonly assigned: Set<string>;
  /** The script loads variables we cannot see (source, load, attach): no bare name is certain. */
  private opaqueEnv: boolean;
  /**
   * Statements are parsed and analysed one at a time, so that each syntax tree dies young (the garbage
   * collector then copies far less). Names assigned further down are not known yet: the bare names taken
   * as certain columns meanwhile are kept here, and if the rest of the script assigns one of them (or loads
   * unseen variables) the analysis is run again knowing all the names. Undefined in that second run.
   */
  private readonly guessed: Set<string> | undefined;
  /** Names assigned with <<- inside a function body: unknown once the function is defined. */
  private superAssigned = new Set<string>();

  /** `known`: the names the whole script assigns and whether it is opaque, when a first run found them. */
  constructor(readonly text: string, private readonly known?: { assigned: Set<string>; opaque: boolean }) {
    const parsed = parseStatements(text);
    this.index = parsed.index;
    this.statements = parsed;
    this.assigned = known?.assigned ?? new Set();
    this.opaqueEnv = known?.opaque ?? false;
    this.guessed = known ? undefined : new Set();
    const tokens = parsed.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      if (tok.kind === 'number') this.literals.push({ value: tok.value, span: { start: tok.start, end: tok.end } });
      if (tok.kind === 'string' && !tok.unterminated) this.literals.push({ value: stringValue(text, tok), span: contentSpan(tok) });
    }
  }

  run(): DocumentModel {
    for (let e = this.statements.next(); e; e = this.statements.next()) {
      if (!this.known && assignedNames([e], this.assigned).opaque) this.opaqueEnv = true;
      this.visit(e);
      this.groups.close();
    }
    if (this.guessedWrong()) return new RAnalyser(this.text, { assigned: this.assigned, opaque: this.opaqueEnv }).run();
    // A query string assigned but not (yet) passed to a query function is still SQL to check.
    for (const q of [...this.pendingQueries.values()]) this.analyseStored(q);
    this.groups.close();
    const sqlModels = this.sql.map((s) => s.sql.model);
    // The completion context is all the model keeps of the analysis: not the analyser, its tree or its tokens.
    const context = { text: this.text, index: this.index, groups: this.groups, sql: this.sql };
    return {
      tableRefs: appendAll(this.tableRefs, sqlModels.map((m) => m.tableRefs)),
      columnRefs: appendAll(this.columnRefs, sqlModels.map((m) => m.columnRefs)),
      valueRefs: appendAll(this.valueRefs, sqlModels.map((m) => m.valueRefs)),
      // SQL literals first: hover stops at the first literal around the caret, which would be the whole query string.
      literals: appendAll(appendAll([], sqlModels.map((m) => m.literals)), [this.literals]),
      completionContext: (offset): CompletionContext => rCompletionContext(context, offset),
    };
  }

  /** Whether a bare name was taken as a certain column that, knowing the whole script, may be a variable. */
  private guessedWrong(): boolean {
    if (!this.guessed || this.guessed.size === 0) return false;
    if (this.opaqueEnv) return true;
    for (const name of this.guessed) if (this.assigned.has(name)) return true;
    return false;
  }

  /** String-valued assignments that look like SQL, not yet analysed. */
  private readonly pendingQueries = new Map<RNode, StoredQuery>();

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
    const loose = this.opaqueEnv || this.assigned.has(name) || LOOSE_NAMES.has(name);
    if (!loose) this.guessed?.add(name);
    const span = node.tok.backtick ? contentSpan(node.tok) : node.span;
    return this.colRef(name, span, loose ? m.loose : m.scope);
  }

  valueRef(tok: RToken, column: ColumnRef): void {
    const span = contentSpan(tok);
    this.sites.push({ kind: 'value', span, tok, column });
    if (!tok.unterminated && tok.value !== '') this.valueRefs.push({ value: stringValue(this.text, tok), span, column });
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
          if (looksLikeSql(pieces)) this.pendingQueries.set(valueNode, stored);
        } else this.env.delete(name);
      }
      return v;
    }
    this.assignInto(target, m);
    return v;
  }

  /** `df$new <- x`, `df[["new"]] <- x`, `df[, "new"] <- x`, `names(df) <- x`: the columns change. */
  private assignInto(target: RNode, m?: Mask): void {
    const root = rootName(target);
    const held = root ? this.env.get(root) : undefined;
    const frame = held && 'frame' in held ? held.frame : undefined;
    if (target.k === 'call') {
      const fn = target.fn.k === 'ident' ? target.fn.name : '';
      if (frame && root && FRAME_MODIFIERS.has(fn) && target.args[0]?.value?.k === 'ident') {
        this.env.set(root, { frame: incomplete(frame, 'renamed columns') });
      }
      this.visitArgs(target.args, m);
      return;
    }
    const direct = (target.k === 'dollar' || target.k === 'index') && target.obj.k === 'ident' && target.obj.name === root;
    if (!frame || !root || !direct) {
      this.visit(target, m);
      return;
    }
    const names: { name: string; span: Span }[] = [];
    let known = true;
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
    const next = known ? extend(frame, 'assigned columns', names.map((n) => ({ name: n.name, span: n.span }))) : incomplete(frame, 'assigned columns');
    this.env.set(root, { frame: next });
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
    const obj = this.visit(node.obj, m);
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

  private visitIndex(node: Extract<RNode, { k: 'index' }>, m?: Mask): Val {
    const obj = this.visit(node.obj, m);
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
    this.env = new Map(saved);
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
    for (const part of node.parts) this.visit(part, m);
    // A branch or loop may or may not run: what it assigns is unknown afterwards.
    for (const name of assignedNames([node]).assigned) this.env.delete(name);
    return {};
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
      return name === 'dbExecute' ? {} : { frame };
    }
    if (TABLE_FNS.has(name)) {
      const { arg, rest } = takeArg(node.args, ['name', 'from', 'sqtable'], piped ? 0 : 1);
      this.visitArgs(rest, m);
      return { frame: arg?.value ? tableFrame(this, arg.value) : undefined };
    }
    if (FILE_FNS.has(name)) {
      const { arg, rest } = takeArg(node.args, ['file', 'path', 'con', 'input', 'sink', 'data_file'], 0);
      this.visitArgs(rest, m);
      this.visit(arg?.value, m);
      const rel = arg?.value ? fileRelation(arg.value) : undefined;
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
      this.visitArgs(body, data ? this.mask([data], region) : m);
      return name === 'within' && data ? { frame: incomplete(data, 'within() result') } : {};
    }
    if (name === 'setDT' || name === 'setnames' || name === 'set' || name === 'setcolorder') {
      const target = node.args[0]?.value;
      this.visitArgs(node.args, m);
      const held = target?.k === 'ident' ? this.env.get(target.name) : undefined;
      if (target?.k === 'ident' && held && 'frame' in held) {
        const frame = name === 'setDT' ? { ...held.frame, dt: true } : name === 'setcolorder' ? held.frame : incomplete(held.frame, `${name}() result`);
        this.env.set(target.name, { frame });
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
  query(node: RNode): { sql: EmbeddedSql; pieces: SqlPiece[] } | undefined {
    const stored = node.k === 'ident' ? this.queryVar(node.name) : undefined;
    if (stored) return this.analyseStored(stored);
    const pieces = queryPiecesOf(this, node, 0);
    return pieces ? this.analyseStored({ node, pieces }) : undefined;
  }

  private analyseStored(q: StoredQuery): { sql: EmbeddedSql; pieces: SqlPiece[] } | undefined {
    this.pendingQueries.delete(q.node);
    if (this.sqlByNode.has(q.node)) return this.sqlByNode.get(q.node);
    const result = { sql: analyseEmbeddedSql(q.pieces), pieces: q.pieces };
    this.sqlByNode.set(q.node, result);
    this.sql.push(sqlEntry(result.sql, q.pieces));
    return result;
  }

  /** What a variable holds as a query string. */
  queryVar(name: string): StoredQuery | undefined {
    const v = this.env.get(name);
    return v && 'query' in v ? v.query : undefined;
  }
}



/** `into` with every list appended, in order (no spread: there may be more lists than a call takes arguments). */
function appendAll<T>(into: T[], lists: T[][]): T[] {
  for (const list of lists) for (let i = 0; i < list.length; i++) into.push(list[i]);
  return into;
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

/** The string tokens of "x" or c("x", "y"). */
export function stringsOf(node: RNode | undefined): RToken[] {
  if (!node) return [];
  if (node.k === 'string') return [node.tok];
  if (node.k === 'call' && node.fn.k === 'ident' && node.fn.name === 'c') {
    return node.args.flatMap((a) => (a.value?.k === 'string' ? [a.value.tok] : []));
  }
  return [];
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
