// Where a re-check of an R script has become the same as its last full check (see `Analyser.sameAs`).

import { Chunked, MovedChunked } from '../chunked';
import { DocumentModel, SameAs, SameAsBase } from '../model';
import { commonSuffix } from '../suffix';
import { Counts } from './state';
import { isWordChar, RState, resumePoint, rStateOf, statementAt } from './analyse';

/**
 * What `sameAsR` needs of a full analysis, kept by the server in its place: the statement records, and where
 * the names (references) each statement from there on lists begin. Not the lists, frames and syntax indexes:
 * keeping those alive until the next check raised the peak memory of a 10,000-line script by a fifth.
 */
export class RBase {
  readonly text: string;
  readonly starts: MovedChunked;
  readonly changed: Chunked<string[] | undefined>;
  readonly assigned: Chunked<string[] | undefined>;
  readonly counts: Counts;
  readonly opaqueCount: number;
  /** Names that held a query string somewhere. */
  readonly queryNames: ReadonlySet<string>;
  /** The lowest start of a name that statements from each one on list (Infinity after the last). */
  readonly lowest: Float64Array;

  constructor(st: RState) {
    this.text = st.text;
    this.starts = st.starts;
    this.changed = st.changed;
    this.assigned = st.assigned;
    this.counts = st.counts;
    this.opaqueCount = st.opaqueCount;
    this.queryNames = st.queryNames;
    this.lowest = lowestFrom(st);
  }

  /** The lowest start of a name that statements from `s` on list. */
  firstNameFrom(s: number): number {
    return this.lowest[Math.min(s, this.lowest.length - 1)];
  }
}

export function baseOfR(model: DocumentModel): SameAsBase {
  const st = rStateOf(model);
  return st && st.validUntil === undefined ? new RBase(st) : model;
}

/**
 * A statement's analysis depends on its text, on the values of the names it mentions, on which names the
 * whole script assigns (a bare name in data masking is a column unless the script assigns it), and, for a
 * stored query string, on whether an earlier statement ran it already (it is analysed once, its names lying
 * where the string was written).
 *
 * Before the first statement the edit can have touched (`a`), both versions read alike. From there to where
 * their texts are the same again, the names either version changed may hold different values. Down the common
 * tail, a statement that mentions one of those may change its own names differently, and one that mentions
 * none changes its names alike in both. Where no name that may differ is mentioned any further, the rest of
 * the analysis is base's, moved. But base's names are split by where they lie, and a statement may list names
 * that lie above it (a stored query, at its first run): so no statement of base from `a` on may list a name
 * before `from`, nor one from `to` on a name before `to`. The names of the statements re-read may lie anywhere
 * above them (`findingsAgainst` sorts).
 */
export function sameAsR(model: DocumentModel, base: SameAsBase, unchangedBefore: number): SameAs | undefined {
  const mine = rStateOf(model);
  const theirs = base instanceof RBase ? base : undefined;
  if (!mine || !theirs) return undefined;
  const text = mine.text;
  const delta = text.length - theirs.text.length;
  const sameFrom = text.length - commonSuffix(theirs, text);
  // Where a re-read would resume: the statements before it read only text before the edit.
  const a = resumePoint(mine, unchangedBefore);
  let e = a;
  while (e < mine.visited && mine.starts.get(e) < sameFrom) e++;
  if (e >= mine.visited) return undefined;
  const eOld = statementAt(theirs.starts, mine.starts.get(e) - delta);
  if (eOld < a) return undefined;

  // Whether the script loads unseen variables (source, load) is a fact of the whole script, as its names are.
  if (mine.opaqueCount > 0 !== theirs.opaqueCount > 0) return undefined;
  const differ = new Set<string>();
  for (const [st, end] of [[mine, e], [theirs, eOld]] as const) {
    for (let s = a; s < end; s++) {
      for (const name of st.changed.get(s) ?? []) differ.add(name);
      for (const name of st.assigned.get(s) ?? []) if (mine.counts.has(name) !== theirs.counts.has(name)) return undefined;
    }
  }
  const from = mine.starts.get(a);
  if (theirs.firstNameFrom(a) < from) return undefined;

  const mentions = new Mentions(text);
  for (let i = e; i <= mine.visited && i < mine.starts.length; i++) {
    const start = mine.starts.get(i);
    const iOld = eOld + (i - e);
    if (![...differ].some((name) => mentions.last(name) >= start)) {
      if (theirs.firstNameFrom(iOld) < start - delta) return undefined;
      const [cpA, cpI] = [mine.cps.get(a), mine.cps.get(i)];
      const between = {
        tableRefs: mine.tableRefs.slice(cpA.tableRefs, cpI.tableRefs),
        columnRefs: mine.columnRefs.slice(cpA.columnRefs, cpI.columnRefs),
        valueRefs: mine.valueRefs.slice(cpA.valueRefs, cpI.valueRefs),
      };
      return { from, to: start, delta, between };
    }
    if (i === mine.visited) break;
    const end = i + 1 < mine.starts.length ? mine.starts.get(i + 1) : text.length;
    // A statement that mentions none of them changes its names alike in both versions (and none of them: changing
    // a name means writing it).
    if ([...differ].some((name) => mentions.within(name, start, end))) {
      for (const name of mine.changed.get(i) ?? []) differ.add(name);
      for (const name of theirs.changed.get(iOld) ?? []) differ.add(name);
      // Which parts of it are read may depend on those values (an argument visited or not): a stored query string
      // it mentions may have had its first run here in one version only, and lists its names at its first run.
      for (const name of storedQueriesIn(text, start, end, mine.queryNames, theirs.queryNames)) differ.add(name);
    }
  }
  return undefined;
}

/** For each statement of a full analysis, the lowest start of a name (table, column, value) that it or a later one lists. */
function lowestFrom(st: RState): Float64Array {
  const low = new Float64Array(st.visited + 1).fill(Infinity);
  for (let i = st.visited - 1; i >= 0; i--) {
    const [cp, next] = [st.cps.get(i), st.cps.get(i + 1)];
    let m = low[i + 1];
    for (let k = cp.tableRefs; k < next.tableRefs; k++) m = Math.min(m, st.tableRefs.get(k).span.start);
    for (let k = cp.columnRefs; k < next.columnRefs; k++) m = Math.min(m, st.columnRefs.get(k).span.start);
    for (let k = cp.valueRefs; k < next.valueRefs; k++) m = Math.min(m, st.valueRefs.get(k).span.start);
    low[i] = m;
  }
  return low;
}

/** Where names occur as words in a text, looked up as a walk down the text asks (each search goes on from the last). */
class Mentions {
  private readonly lastAt = new Map<string, number>();
  private readonly nextAt = new Map<string, number>();

  constructor(private readonly text: string) {}

  /** Where the name last occurs as a word (in code, a string or a comment: any may be a use), or -1. */
  last(name: string): number {
    let at = this.lastAt.get(name);
    if (at === undefined) {
      at = this.text.length;
      // The empty name (`` or "") may be written in any string: always mentioned.
      if (name === '') at = this.text.length;
      else {
        do at = this.text.lastIndexOf(name, at - 1);
        while (at > 0 && !this.wordAt(name, at));
      }
      this.lastAt.set(name, at);
    }
    return at;
  }

  /** Whether the name occurs as a word in [start, end); `start` never goes back between calls for a name. */
  within(name: string, start: number, end: number): boolean {
    if (this.last(name) < start) return false;
    let at = this.nextAt.get(name) ?? -1;
    if (at < start) {
      at = this.text.indexOf(name, start);
      while (at >= 0 && !this.wordAt(name, at)) at = this.text.indexOf(name, at + 1);
      this.nextAt.set(name, at);
    }
    return at >= 0 && at < end;
  }

  private wordAt(name: string, at: number): boolean {
    return wordStart(this.text, at) && !isWordChar(this.text.charCodeAt(at + name.length));
  }
}

/** Whether a name may start at `at`: after a character that is no part of a name, or a digit (`2x` reads 2, then x). */
function wordStart(text: string, at: number): boolean {
  const c = text.charCodeAt(at - 1);
  return at === 0 || !isWordChar(c) || (c >= 48 && c <= 57);
}

/** The names of `a` or `b` that the text between `start` and `end` mentions, looked up word by word. */
function storedQueriesIn(text: string, start: number, end: number, a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const has = (w: string): boolean => a.has(w) || b.has(w);
  for (let i = start; i < end; ) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end && isWordChar(text.charCodeAt(j))) j++;
    // Every name inside the run that could start after a digit, and the run itself.
    for (let k = i; k < j; k++) if (k === i || wordStart(text, k)) if (has(text.slice(k, j))) out.push(text.slice(k, j));
    i = j;
  }
  // Names a word cannot spell (`my query`): looked for as they are.
  for (const names of [a, b]) for (const name of names) if ([...name].some((ch) => !isWordChar(ch.charCodeAt(0))) && text.slice(start, end).includes(name)) out.push(name);
  return out;
}
