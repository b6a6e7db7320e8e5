// sameAsR in the cases random edits (../same-as.test.ts) rarely reach. Each edit is checked twice: the findings
// sameAsR gives equal a fresh analysis's, and it gives them (or not) at the statement the case is about.

import * as assert from 'assert';
import { findings, findingsAgainst } from '../../../server/src/features/diagnostics';
import { analyseR, reanalyseR } from '../../../server/src/languages/r/analyse';
import { baseOfR, sameAsR } from '../../../server/src/languages/r/same-as';
import { SameAs } from '../../../server/src/languages/model';
import { iaptCatalogue } from '../../iapt';

const TABLE = '[LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]';
const REF = `ref <- sqlQuery(conn, "SELECT r.pathwayid FROM ${TABLE} r")\n`;
/** A query made from one stored in `q`: its names lie partly where `q` was assigned. */
const MORE = `paste0(q, " WHERE r.endcode = '46'")`;
/** Statements that mention none of the names the cases are about. */
const filler = (n: number): string => Array.from({ length: n }, (_, i) => `f_${i} <- 1\n`).join('');

/**
 * Replaces `from` by `to` in `before` (once), re-checks the result against the full check of `before`, and
 * returns what sameAsR says, after asserting that its findings, if any, are a fresh analysis's.
 */
function sameAfter(before: string, from: string, to: string): SameAs | undefined {
  const at = before.indexOf(from);
  assert.ok(at >= 0, from);
  const after = before.slice(0, at) + to + before.slice(at + from.length);
  const base = analyseR(before);
  const model = reanalyseR(base, after, at);
  const found = sameAsR(model, baseOfR(base), at);
  const catalogue = iaptCatalogue();
  if (found) assert.deepStrictEqual(findingsAgainst(findings(base, catalogue), found, catalogue), findings(analyseR(after), catalogue));
  return found;
}

describe('languages/r sameAsR', () => {
  it('is the same from the next statement after an edit that changes no value', () => {
    const text = `ref <- sqlQuery(conn, "SELECT r.pathwayid FROM ${TABLE} r")\nx <- ref %>% filter(pathwayid == "1")\n${filler(5)}y <- ref %>% filter(nosuch == 1)\n`;
    const found = sameAfter(text, 'pathwayid == "1"', 'pathwayid == "12"');
    assert.ok(found && found.to === text.indexOf('f_0') + 1, `same from ${found?.to}`);
  });

  it('follows a changed value into the names assigned from it (out <- ref ...)', () => {
    const text = `ref <- sqlQuery(conn, "SELECT r.pathwayid, r.endcode FROM ${TABLE} r")\nout <- ref %>% mutate(z = 1)\n${filler(5)}res <- out %>% filter(endcode == "46")\n`;
    const found = sameAfter(text, 'r.endcode', 'r.phq9_firstscore');
    assert.ok(!found || found.to > text.indexOf('res <-'), `same from ${found?.to}`);
  });

  it('follows the names a statement sets in the old version only (a frame there, nothing here)', () => {
    const text = `ref <- sqlQuery(conn, "SELECT r.pathwayid FROM ${TABLE} r")\nout <- ref\n${filler(5)}res <- out %>% filter(nosuch == 1)\n`;
    const found = sameAfter(text, 'ref <- sqlQuery', 'ref <- 1 + sqlQuery');
    assert.ok(!found || found.to > text.indexOf('res <-'), `same from ${found?.to}`);
  });

  it('is not the same when an edited statement no longer makes a query from one stored above (its names lie above)', () => {
    const text = `q <- "SELECT r.nosuch FROM ${TABLE} r"\nx <- ref %>% filter(nosuch2 == 1)\nd <- dbGetQuery(con, ${MORE})\n${filler(5)}`;
    assert.strictEqual(sameAfter(text, `d <- dbGetQuery(con, ${MORE})`, 'd <- 1'), undefined);
  });

  it('is not the same before a statement below that makes a query from one stored in the part re-read', () => {
    const text = `${REF}x <- ref %>% filter(pathwayid == "1")\nq <- "SELECT r.nosuch FROM ${TABLE} r"\nz <- x %>% mutate(w = 1)\ne <- dbGetQuery(con, ${MORE})\n${filler(5)}`;
    const found = sameAfter(text, '"1"', '"12"');
    assert.ok(!found || found.to <= text.indexOf('q <-'), `same from ${found?.to}`);
  });

  it('gives the findings in order when an edited statement makes a query from one stored above', () => {
    const text = `q <- "SELECT r.nosuch FROM ${TABLE} r"\nref <- dbGetQuery(con, "SELECT r.pathwayid FROM ${TABLE} r")\nx <- ref %>% filter(nosuch2 == 1)\n${filler(1)}d <- 1\n${filler(5)}`;
    assert.ok(sameAfter(text, 'd <- 1', `d <- dbGetQuery(con, ${MORE})`));
  });

  it('gives a finding of a query stored above once when the edit runs it a second time', () => {
    const text = `q <- "SELECT r.nosuch FROM ${TABLE} r"\nc <- dbGetQuery(con, ${MORE})\n${filler(1)}d <- 1\n${filler(5)}`;
    assert.ok(sameAfter(text, 'd <- 1', `d <- dbGetQuery(con, ${MORE})`));
  });

  it('is not the same when the edit assigns a name that a bare name above was taken for', () => {
    const text = `ref <- sqlQuery(conn, "SELECT r.pathwayid FROM ${TABLE} r")\na <- ref %>% filter(endcod == "46")\n${filler(5)}`;
    assert.strictEqual(sameAfter(text, 'f_2 <- 1', 'endcod <- 1'), undefined);
  });

  it('is not the same when the edit makes the script load unseen variables', () => {
    const text = `ref <- sqlQuery(conn, "SELECT r.pathwayid FROM ${TABLE} r")\na <- ref %>% filter(endcod == "46")\n${filler(5)}`;
    assert.strictEqual(sameAfter(text, 'f_2 <- 1', 'f_2 <- source("more.R")'), undefined);
  });

  // Found by review: each gave base's findings where a fresh analysis has others.
  it('follows a stored query run by a statement whose arguments are read or not by a value that changed', () => {
    for (const [run, value] of [
      ['w[1, 2, dbGetQuery(con, q)]', 'ref'],
      ['w[, c("pathwayid", dbGetQuery(con, q))]', 'as.data.table(ref)'],
    ]) {
      const text = `${REF}w <- 1\n${filler(3)}q <- "/* q */ SELECT r.nosuch FROM ${TABLE} r"\nz <- ${run}\nd <- dbGetQuery(con, q)\n${filler(3)}`;
      const found = sameAfter(text, 'w <- 1', `w <- ${value}`);
      assert.ok(!found || found.to > text.indexOf('d <-'), `same from ${found?.to}`);
    }
  });

  it('takes a name right after a number for a mention (2x reads 2, then x)', () => {
    const text = `${REF}x <- ref\n${filler(3)}y <- 2x %>% filter(nosuch == 1)\n${filler(3)}`;
    const found = sameAfter(text, 'x <- ref', 'x <- 1');
    assert.ok(!found || found.to > text.indexOf('y <-'), `same from ${found?.to}`);
  });

  it('takes the empty name for mentioned everywhere', () => {
    const text = `${REF}"" <- ref\n${filler(3)}\`\` %>% filter(nosuch == 1)\n${filler(3)}`;
    const found = sameAfter(text, '"" <- ref', '"" <- 1');
    assert.ok(!found || found.to > text.indexOf('%>% filter(nosuch'), `same from ${found?.to}`);
  });
});
