// sameAsStata in the cases random edits (../same-as.test.ts) rarely reach: each part of what the analyser carries
// from command to command.

import * as assert from 'assert';
import { findings, findingsAgainst } from '../../../server/src/features/diagnostics';
import { analyseStata, reanalyseStata } from '../../../server/src/languages/stata/analyse';
import { baseOfStata, sameAsStata } from '../../../server/src/languages/stata/same-as';
import { SameAs } from '../../../server/src/languages/model';
import { iaptCatalogue } from '../../iapt';
import { LOAD } from './helpers';

/** Commands that leave everything as it is: enough of them for a checkpoint (every 8 to 32 commands) or two. */
const filler = (n: number): string => Array.from({ length: n }, (_, i) => `display ${i}\n`).join('');

/**
 * Replaces `from` by `to` in `before` (once), re-checks the result against the full check of `before`, and
 * returns what sameAsStata says, after asserting that its findings, if any, are a fresh analysis's.
 */
function sameAfter(before: string, from: string, to: string): SameAs | undefined {
  const at = before.indexOf(from);
  assert.ok(at >= 0, from);
  const after = before.slice(0, at) + to + before.slice(at + from.length);
  const base = analyseStata(before);
  const found = sameAsStata(reanalyseStata(base, after, at), baseOfStata(base), at);
  const catalogue = iaptCatalogue();
  if (found) assert.deepStrictEqual(findingsAgainst(findings(base, catalogue), found, catalogue), findings(analyseStata(after), catalogue));
  return found;
}

/** An edit whose findings differ further down, where the two versions carry something different. */
function notSameBefore(before: string, from: string, to: string, mark: string): void {
  const found = sameAfter(before, from, to);
  assert.ok(!found || found.to > before.indexOf(mark), `same from ${found?.to}, before ${mark}`);
}

describe('languages/stata sameAsStata', () => {
  it('is the same from the next checkpoint after an edit that changes nothing carried', () => {
    const text = `${LOAD}${filler(5)}summarize endcod\n${filler(40)}summarize nosuch\n`;
    const found = sameAfter(text, 'summarize endcod', 'summarize endcode');
    assert.ok(found && found.to < text.indexOf('nosuch'), `same from ${found?.to}`);
  });

  it('is the same after an edit above datasets saved and frames made that are read again alike', () => {
    const made = 'save "scores", replace\ntempfile t\nsave `t\'\nframe copy default a\nframe create b\nframe drop b\n';
    const text = `${LOAD}${filler(5)}summarize endcod\n${made}${filler(40)}use "scores", clear\ncwf a\nsummarize nosuch\n`;
    const found = sameAfter(text, 'summarize endcod', 'summarize endcode');
    assert.ok(found && found.to < text.indexOf('nosuch'), `same from ${found?.to}`);
  });

  it('compares the frames dropped', () => {
    const text = `${LOAD}frame copy default a\n${filler(5)}display 0\n${filler(40)}cwf a\nsummarize nosuch\n`;
    notSameBefore(text, 'display 0\n', 'frame drop a\n', 'cwf a');
  });

  it('compares the dataset by what messages name it (the command it is the dataset after)', () => {
    const text = `${LOAD}${filler(5)}generate y = 1\n${filler(40)}summarize nosuch\n`;
    notSameBefore(text, 'generate y = 1', 'egen y = max(1)', 'summarize nosuch');
  });

  it('compares the variables kept (a filter the features apply)', () => {
    const text = `${LOAD}${filler(5)}keep pathwayid endcode\n${filler(40)}summarize endcode\n`;
    notSameBefore(text, 'keep pathwayid endcode', 'keep pathwayid', 'summarize endcode\n');
  });

  it('compares the variables by name', () => {
    const text = `${LOAD}${filler(5)}generate y = 1\n${filler(40)}summarize y\n`;
    notSameBefore(text, 'generate y = 1', 'generate z = 1', 'summarize y');
  });

  it('compares set varabbrev', () => {
    const text = `${LOAD}${filler(5)}display 0\n${filler(40)}summarize endc\n`;
    notSameBefore(text, 'display 0', 'set varabbrev off', 'summarize endc');
  });

  it('compares the datasets preserved', () => {
    const text = `${LOAD}${filler(5)}preserve\ngenerate y = 1\n${filler(40)}restore\nsummarize y\n`;
    notSameBefore(text, 'preserve', 'display 0', 'restore');
  });

  it('compares the datasets saved', () => {
    const text = `${LOAD}${filler(5)}save "scores", replace\n${filler(40)}use "scores", clear\nsummarize nosuch\n`;
    notSameBefore(text, 'save "scores", replace', 'display 0', 'use "scores"');
  });

  it('compares whether it is inside a program block (skipped)', () => {
    const text = `${LOAD}${filler(5)}program define p\n${filler(40)}summarize nosuch\nend\n${filler(20)}`;
    notSameBefore(text, 'program define p', 'display 0', 'summarize nosuch');
  });

  // Found by review: these parts were compared, but no test failed without the comparison.
  it('compares the current frame', () => {
    const text = `${LOAD}frame copy default a\nframe copy default b\ncwf a\n${filler(40)}generate y = 1\ncwf a\nsummarize y\n`;
    notSameBefore(text, 'cwf a\n', 'cwf b\n', 'generate y');
  });

  it('compares the frames', () => {
    const text = `${LOAD}frame copy default a\n${filler(40)}cwf a\nsummarize nosuch\n`;
    notSameBefore(text, 'frame copy default a\n', 'display 0\n', 'cwf a');
  });

  it('compares where a copied variable comes from (its code list)', () => {
    const text = `${LOAD}clonevar e2 = endcode\n${filler(40)}count if e2 == "999"\n`;
    notSameBefore(text, 'clonevar e2 = endcode', 'clonevar e2 = pathwayid', 'count if');
  });

  it('compares whether the variable a copy comes from was named by abbreviation', () => {
    const text = `${LOAD}set varabbrev off\nclonevar e2 = endc\nset varabbrev on\n${filler(40)}count if e2 == "999"\n`;
    notSameBefore(text, 'set varabbrev off', 'display 0', 'count if');
  });
});
