// The analyser reads one statement at a time and keeps little: what it must still get right.

import * as assert from 'assert';
import { REF, completeR, flagged, labels } from './helpers';

describe('R analysis, statement by statement', () => {
  it('a bare name assigned further down the script may be a variable: never reported', () => {
    assert.deepStrictEqual(flagged(REF + 'a <- ref %>% filter(endcod == "46")\nendcod <- "x"'), []);
    assert.deepStrictEqual(flagged(REF + 'a <- ref %>% filter(endcod == "46")\nf <- function(endcod) 1'), []);
    assert.deepStrictEqual(flagged(REF + 'a <- ref %>% filter(endcod == "46")\nfor (endcod in 1:3) print(1)'), []);
    // ...but one assigned nowhere is.
    assert.deepStrictEqual(flagged(REF + 'a <- ref %>% filter(endcod == "46")\nendcode2 <- "x"'), ['unknown-column endcod']);
  });

  it('source() further down makes every bare name uncertain', () => {
    assert.deepStrictEqual(flagged(REF + 'a <- ref %>% filter(endcod == "46")\nsource("more.R")'), []);
    assert.deepStrictEqual(flagged(REF + 'a <- ref %>% filter(endcod == "46")\nb <- 1'), ['unknown-column endcod']);
  });

  it('completes in an unclosed call and in the statements around it', () => {
    assert.ok(labels(completeR(REF + 'a <- ref %>% filter(|\ny <- 2')).includes('endcode'));
    assert.ok(labels(completeR(REF + 'y <- 2\na <- ref %>% filter(x > 1, |')).includes('endcode'));
    assert.ok(labels(completeR(REF + 'a <- ref %>% filter(x > 1)\nb <- ref %>% select(|)\nc <- 3')).includes('endcode'));
    assert.ok(labels(completeR(REF + 'a <- ref %>% filter(x > 1)\nb <- ref$|\nc <- 3')).includes('endcode'));
    assert.deepStrictEqual(labels(completeR(REF + 'a <- ref %>% filter(x > 1)\n# ref$|\nc <- 3')), []);
  });

  it('completes inside embedded SQL among many queries', () => {
    const many = Array.from({ length: 30 }, (_, i) => `q${i} <- sqlQuery(conn, "SELECT r.pathwayid FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r")\n`).join('');
    assert.ok(labels(completeR(many + 'x <- sqlQuery(conn, "SELECT r.| FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r")\n' + many)).includes('endcode'));
  });
});
