// Incremental R analysis in the cases random edits rarely reach: whole-script facts that change below the caret
// (a name assigned, source()), a query string held in a variable and used further down, and a partial analysis
// that stops early on a long script. Each compares what the features make of the model with a fresh analysis.

import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../../../server/src/features/completion';
import { findings } from '../../../server/src/features/diagnostics';
import { hover } from '../../../server/src/features/hover';
import { DocumentModel } from '../../../server/src/languages/model';
import { analyseR, reanalyseR } from '../../../server/src/languages/r/analyse';
import { iaptCatalogue } from '../../iapt';
import { REF, rDoc } from './helpers';

const doc = (text: string): TextDocument => rDoc(text);

/** Completion and hover at the offsets: what a user sees of a model there. */
function seen(text: string, model: DocumentModel, offsets: number[]): unknown {
  return offsets.map((offset) => ({
    offset,
    completion: complete(doc(text), model, iaptCatalogue(), offset).map((i) => [i.label, i.textEdit]),
    hover: hover(doc(text), model, iaptCatalogue(), offset) ?? null,
  }));
}

/** Findings as `code text`, for the references that end at or before `upTo`. */
function flaggedIn(text: string, model: DocumentModel, upTo = text.length): string[] {
  return findings(model, iaptCatalogue())
    .filter((f) => f.span.end <= upTo)
    .map((f) => `${f.code} ${text.slice(f.span.start, f.span.end)}`);
}

/** `text` with `insert` at `at`, as an edit the server would pass on. */
function edited(text: string, at: number, insert: string, cut = 0): string {
  return text.slice(0, at) + insert + text.slice(at + cut);
}

/** Statements that neither assign nor use the names the tests are about: a long script around the edit. */
const filler = (n: number, tag: string): string =>
  Array.from({ length: n }, (_, i) => `${tag}_${i} <- ref %>% filter(endcode == "46") %>% select(pathwayid)\n`).join('');

/** A partial model answers as a fresh analysis up to validUntil, and a full one gives its diagnostics. */
function sameAsFresh(text: string, model: DocumentModel, offsets: number[]): void {
  const fresh = analyseR(text);
  const near = offsets.filter((o) => model.validUntil === undefined || o <= model.validUntil);
  assert.deepStrictEqual(seen(text, model, near), seen(text, fresh, near));
  const upTo = model.validUntil ?? text.length;
  assert.deepStrictEqual(flaggedIn(text, model, upTo), flaggedIn(text, fresh, upTo));
}

describe('R incremental analysis', () => {
  it('an assignment added far below makes a bare name above a variable: reported no more', () => {
    const before = REF + 'a <- ref %>% filter(endcod == "46")\n' + filler(40, 'f');
    const model = analyseR(before);
    assert.deepStrictEqual(flaggedIn(before, model), ['unknown-column endcod']);
    const text = before + 'endcod <- "x"\n';
    const full = reanalyseR(model, text, before.length);
    assert.deepStrictEqual(flaggedIn(text, full), []);
    assert.deepStrictEqual(flaggedIn(text, full), flaggedIn(text, analyseR(text)));
    // ...and removed again: reported again.
    const back = reanalyseR(full, before, before.length);
    assert.deepStrictEqual(flaggedIn(before, back), ['unknown-column endcod']);
  });

  it('typing a bare name above an assignment of it below the caret: the partial model knows the name is assigned', () => {
    const head = REF + 'a <- ref %>% filter(endco == "46")\n';
    const before = head + filler(40, 'f') + 'endcod <- "x"\n' + filler(10, 'g');
    const model = analyseR(before);
    const at = head.indexOf('endco') + 'endco'.length;
    const text = edited(before, at, 'd');
    const partial = reanalyseR(model, text, at, at + 1);
    assert.ok(partial.validUntil !== undefined && partial.validUntil < text.length / 2, `stopped at ${partial.validUntil}`);
    // The partial model's references above the stop are those of a fresh analysis: `endcod` is not a certain column.
    assert.deepStrictEqual(flaggedIn(text, partial, partial.validUntil), []);
    sameAsFresh(text, partial, [at, at + 1, head.indexOf('filter(') + 7]);
    sameAsFresh(text, reanalyseR(partial, text, text.length), [at + 1]);
  });

  it('source() added below makes every bare name above uncertain, and removing it makes them certain again', () => {
    const before = REF + 'a <- ref %>% filter(endcod == "46")\n' + filler(30, 'f');
    const model = analyseR(before);
    const text = before + 'source("more.R")\n';
    const full = reanalyseR(model, text, before.length);
    assert.deepStrictEqual(flaggedIn(text, full), []);
    const back = reanalyseR(full, before, before.length);
    assert.deepStrictEqual(flaggedIn(before, back), ['unknown-column endcod']);
    // Typing above while source() is below: the partial model takes nothing as certain either.
    const at = before.indexOf('endcod') + 6;
    const typed = edited(text, at, 'e');
    const partial = reanalyseR(full, typed, at, at + 1);
    sameAsFresh(typed, partial, [at, at + 1]);
  });

  it('editing a query string held in a variable that a statement far below uses: completion and hover inside it', () => {
    // Not "SELECT ..." at the start: the SQL is analysed where it is used, below the caret.
    const head = REF + 'q <- "-- referrals\nSELECT r.pathwayid, r.endcode FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r"\n';
    const before = head + filler(30, 'f') + 'df <- dbGetQuery(con, paste0(q, " WHERE r.endcode = \'46\'"))\n' + filler(30, 'g');
    const model = analyseR(before);
    const at = head.indexOf('r.endcode') + 'r.endcode'.length;
    const text = edited(before, at, ', r.');
    const caret = at + ', r.'.length;
    const partial = reanalyseR(model, text, at, caret);
    const labels = complete(doc(text), partial, iaptCatalogue(), caret).map((i) => i.label);
    assert.ok(labels.includes('pathwayid'), labels.join(' '));
    sameAsFresh(text, partial, [caret, head.indexOf('pathwayid') + 2, head.indexOf('endcode') + 1]);
    // A column typed wrong in it is reported by the full model, as by a fresh analysis.
    const wrong = edited(text, caret, 'endcod');
    const full = reanalyseR(partial, wrong, caret);
    assert.deepStrictEqual(flaggedIn(wrong, full), flaggedIn(wrong, analyseR(wrong)));
    assert.ok(flaggedIn(wrong, full).includes('unknown-column endcod'));
  });

  it('editing inline SQL and a query assigned and used: the same as a fresh analysis, partial and full', () => {
    const head = REF + 'q <- "SELECT r.pathwayid FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r"\nx <- dbGetQuery(con, q)\n';
    const before = head + filler(20, 'f') + 'y <- dbGetQuery(con, "SELECT r.endcode FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r")\n' + filler(20, 'g');
    let model = analyseR(before);
    let text = before;
    for (const [anchor, insert] of [
      ['r.pathwayid', ', r.endcod'],
      ['r.endcode FROM', ' , r.phq9_'],
    ] as const) {
      const at = text.indexOf(anchor) + anchor.length;
      text = edited(text, at, insert);
      const partial = reanalyseR(model, text, at, at + insert.length);
      sameAsFresh(text, partial, [at, at + insert.length, at + 2]);
      model = reanalyseR(model, text, at);
      assert.deepStrictEqual(flaggedIn(text, model), flaggedIn(text, analyseR(text)));
    }
    assert.deepStrictEqual(flaggedIn(text, model), ['unknown-column endcod']);
  });

  it('stops early on a long script, and answers as a full analysis up to where it stopped', () => {
    const head = REF + filler(300, 'f');
    const before = head + 'b <- ref %>% filter(endcode == "46", pathwayid > 0)\n' + filler(300, 'g');
    const model = analyseR(before);
    const at = before.indexOf('pathwayid > 0');
    const text = edited(before, at, 'phq9_');
    const caret = at + 'phq9_'.length;
    const partial = reanalyseR(model, text, at, caret);
    assert.ok(partial.validUntil !== undefined, 'did not stop early');
    assert.ok(partial.validUntil >= caret && partial.validUntil < caret + 200, `validUntil ${partial.validUntil}, caret ${caret}`);
    const labels = complete(doc(text), partial, iaptCatalogue(), caret).map((i) => i.label);
    assert.ok(labels.includes('phq9_firstscore'), labels.join(' '));
    sameAsFresh(text, partial, [caret, at, head.length - 20, 10]);
    // Chained on from the partial model: the full model of the same text, and the next keystroke.
    const full = reanalyseR(partial, text, text.length);
    assert.strictEqual(full.validUntil, undefined);
    assert.deepStrictEqual(flaggedIn(text, full), flaggedIn(text, analyseR(text)));
    const next = edited(text, caret, 'f');
    sameAsFresh(next, reanalyseR(partial, next, caret, caret + 1), [caret + 1]);
  });

  it('typing down a long script line after line, each partial model resumed from the last', () => {
    let text = REF + filler(120, 'f');
    let model = analyseR(text);
    let line = text.indexOf('\n') + 1;
    for (let step = 0; step < 30; step++) {
      // Three lines further down each time: the resume point moves on, so the chain of timelines grows and is merged.
      for (let n = 0; n < 3; n++) line = text.indexOf('\n', line) + 1;
      const at = text.indexOf('select(', line) + 'select('.length;
      text = edited(text, at, 'endcode, ');
      model = reanalyseR(model, text, at, at + 9);
      sameAsFresh(text, model, [at + 9, at + 3]);
    }
    const full = reanalyseR(model, text, text.length);
    assert.deepStrictEqual(flaggedIn(text, full), flaggedIn(text, analyseR(text)));
  });

  it('a partial re-check that resumes further up (a bare column name became a variable), then the rest, is a fresh analysis', () => {
    // Found by review: the statement that lines up with the old version was renumbered when reading resumed
    // further up, and the steps after the stop skipped as many statements.
    const table = '[LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]';
    const before =
      `ref <- tbl(con, "LLC_1234.nhsd_IAPT_demographics_and_referral_v0003")\nx <- ref %>% select(pathwayid)\ng <- 1\n` +
      `r2 <- sqlQuery(conn, "SELECT r.endcode FROM ${table} r")\ny <- r2 %>% filter(nosuch == 1)\nz <- 1\n`;
    const at = before.indexOf('r2 <- sqlQuery');
    const insert = 'pathwayid <- 1\n';
    const text = edited(before, at, insert);
    const partial = reanalyseR(analyseR(before), text, at, at + insert.length);
    const full = reanalyseR(partial, text, text.length);
    assert.deepStrictEqual(flaggedIn(text, full), ['unknown-column nosuch']);
    assert.deepStrictEqual(flaggedIn(text, full), flaggedIn(text, analyseR(text)));
  });
});
