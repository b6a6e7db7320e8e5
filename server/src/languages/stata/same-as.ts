// Where a re-check of a do-file has become the same as its last full check (see `Analyser.sameAs`).

import { DocumentModel, Relation, SameAs, SameAsBase } from '../model';
import { Definitions, sameDefinitions } from '../definitions';
import { RelationComparison } from '../same-relation';
import { commonSuffix } from '../suffix';
import { lastBefore } from '../scan';
import { Block, Branches, CarriedState, Checkpoint, resumePoint, stataHistoryOf, Stack } from './analyse';

/** Indexes into `Checkpoint.lengths` (see StataAnalyser.lengths). */
const TABLE_REFS = 2;
const COLUMN_REFS = 3;
const VALUE_REFS = 4;

/**
 * What `sameAsStata` needs of a full analysis, kept by the server in its place: its text and checkpoints (the
 * state carried into a command every 16 or so). Not the lists and completion slots.
 */
export class StataBase {
  constructor(
    readonly text: string,
    readonly checkpoints: readonly Checkpoint[],
  ) {}
}

export function baseOfStata(model: DocumentModel): SameAsBase {
  const history = stataHistoryOf(model);
  return history && model.validUntil === undefined ? new StataBase(history.result.text, history.checkpoints) : model;
}

/**
 * A command's analysis depends on its text, on the #delimit mode, and on what the analyser carries into it
 * (the dataset in memory, frames, saved and preserved datasets, `set varabbrev`). Where a checkpoint of the
 * re-check lies in the text both versions end with, and carries the same as base's checkpoint there (compared
 * by content: each re-read command makes its datasets anew), the rest of the analysis is base's, moved.
 * Checkpoints fall after commands their text picks (see `picks`), so they line up with base's in the common
 * tail, within a few commands after an edit that adds or removes one. A command's names lie in its own text, so base's
 * findings split by position as its commands do.
 */
export function sameAsStata(model: DocumentModel, base: SameAsBase, unchangedBefore: number): SameAs | undefined {
  const mine = stataHistoryOf(model);
  const theirs = base instanceof StataBase ? base : undefined;
  if (!mine || !theirs) return undefined;
  const text = mine.result.text;
  const delta = text.length - theirs.text.length;
  const sameFrom = text.length - commonSuffix(theirs, text);
  // Where a re-read resumes: the commands before it read only text before the edit.
  const k = resumePoint(theirs.checkpoints, unchangedBefore);
  const from = theirs.checkpoints[k].lexer.pos;
  const cps = mine.checkpoints;
  const start = cps[k];
  // (Its checkpoints before the edit are base's: both were placed alike in the same text.)
  if (!start) return undefined;
  let tries = 0;
  for (let c = k + 1; c < cps.length && tries < 8; c++) {
    const cp = cps[c];
    // A terminator in the common tail: from it the lexer reads the same text in the same mode.
    if (cp.lexer.pos < sameFrom) continue;
    tries++;
    const j = checkpointAt(theirs.checkpoints, cp.lexer.pos - delta);
    if (j < 0) continue;
    // (The same terminator means the same #delimit mode: a newline ends a command only in one, `;` only in the other.)
    if (!sameState(cp.state, theirs.checkpoints[j].state)) continue;
    const [a, b] = [start.lengths, cp.lengths];
    const between = {
      tableRefs: mine.result.tableRefs.slice(a[TABLE_REFS], b[TABLE_REFS]),
      columnRefs: mine.result.columnRefs.slice(a[COLUMN_REFS], b[COLUMN_REFS]),
      valueRefs: mine.result.valueRefs.slice(a[VALUE_REFS], b[VALUE_REFS]),
    };
    return { from, to: cp.lexer.pos, delta, between };
  }
  return undefined;
}

/** The index of the checkpoint whose terminator is at `pos`, or -1 (checkpoints are in text order). */
function checkpointAt(checkpoints: readonly Checkpoint[], pos: number): number {
  const i = lastBefore(checkpoints, pos + 1, (c) => c.lexer.pos);
  return i >= 0 && checkpoints[i].lexer.pos === pos ? i : -1;
}

function sameState(a: CarriedState, b: CarriedState): boolean {
  const same = new Comparison();
  return (
    a.abbreviations === b.abbreviations &&
    a.frame === b.frame &&
    a.skipping === b.skipping &&
    a.braces === b.braces &&
    same.blocks(a.blocks, b.blocks) &&
    same.branches(a.afterIf, b.afterIf) &&
    sameNames(a.scalars, b.scalars) &&
    sameNames(a.replaced, b.replaced) &&
    same.relation(a.dataset, b.dataset) &&
    same.stack(a.preserved, b.preserved) &&
    same.definitions(a.frames, b.frames) &&
    same.definitions(a.saved, b.saved)
  );
}

function sameNames(a: Stack<string> | undefined, b: Stack<string> | undefined): boolean {
  for (; a && b; a = a.rest, b = b.rest) if (a !== b && a.top !== b.top) return false;
  return a === b;
}

/** The comparison of relations, and of the stacks and chains of them Stata carries. */
class Comparison {
  private readonly relations = new RelationComparison();

  relation(a: Relation, b: Relation): boolean {
    return this.relations.relation(a, b);
  }

  stack(a: Stack<Relation> | undefined, b: Stack<Relation> | undefined): boolean {
    for (; a && b; a = a.rest, b = b.rest) if (a !== b && !this.relation(a.top, b.top)) return false;
    return a === b;
  }

  blocks(a: Stack<Block> | undefined, b: Stack<Block> | undefined): boolean {
    for (; a && b; a = a.rest, b = b.rest) {
      if (a === b) return true;
      const [x, y] = [a.top, b.top];
      if (x.kind !== y.kind) return false;
      if ('before' in x && 'before' in y && !(this.relation(x.before, y.before) && this.maybe(x.done, y.done))) return false;
    }
    return a === b;
  }

  branches(a: Branches | undefined, b: Branches | undefined): boolean {
    if (!a || !b) return a === b;
    return this.relation(a.before, b.before) && this.relation(a.done, b.done);
  }

  private maybe(a: Relation | undefined, b: Relation | undefined): boolean {
    return a && b ? this.relation(a, b) : a === b;
  }

  definitions(a: Definitions | undefined, b: Definitions | undefined): boolean {
    return sameDefinitions(a, b, this.relations);
  }
}
