// A re-check that has become the same as the last full check (`Analyser.sameAs`) gives that check's findings
// for the statements it has not re-read: after random edits, they are exactly the findings of a fresh analysis.
// Run for every analyser that implements it, on its examples joined into one long script.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Finding, findings, findingsAgainst } from '../../server/src/features/diagnostics';
import { Analyser, DocumentModel, SameAs, SameAsBase } from '../../server/src/languages/model';
import { analyserFor } from '../../server/src/languages/registry';
import { iaptCatalogue, REPO } from '../iapt';

function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/**
 * Per language: its examples (repeated), pieces of text that edits insert (names, what defines them, what breaks
 * statements), and how many re-checks at least must become the same.
 */
const LANGUAGES: Record<string, { folder: string; pieces: string[]; seed: number; repeat?: number; least: number }> = {
  sql: {
    folder: 'examples/sql',
    seed: 4242,
    least: 1 / 3,
    pieces: ['r.', 'phq9_', 'pathwayid', ' ', '\n', "'", '(', ')', ',', 'x', 'FROM ', 'JOIN ', 'SELECT ', ';', 'GO\n', '--', '/*', '*/', '#t', 'INTO #t ', "'46'", 'endcode'],
  },
  r: {
    folder: 'examples/r',
    seed: 977,
    least: 1 / 3,
    pieces: [
      'r.', 'phq9_', 'pathwayid', ' ', '\n', '"', "'", '(', ')', '{', '}', ',', 'x', '$', '%>%', '<-', '<<-', '#', 'ref', 'q', 'x <- ', 'q <- ',
      'ref <- ', '"SELECT r.endcode FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r"', 'dbGetQuery(con, q)', 'paste0(q, " WHERE r.x = 1")',
      'mutate(y = 1)', 'filter(endcode == "46")', 'source("a.R")', 'function(x) ', 'endcode',
    ],
  },
  stata: {
    folder: 'examples/stata',
    seed: 31337,
    repeat: 5,
    least: 1 / 3,
    pieces: [
      ' ', '\n', '"', '`', "'", '(', ')', ',', 'x', 'phq9_', 'endcode', 'pathwayid', '///', '//', '/*', '*/', ';', '#delimit ;\n', '#delimit cr\n',
      'generate y = 1\n', 'keep pathwayid endcode\n', 'drop endcode\n', 'rename endcode ec\n', 'use "demo.dta", clear\n', 'preserve\n', 'restore\n',
      'save "demo2", replace\n', 'merge 1:1 pathwayid using "demo2"\n', 'set varabbrev off\n', 'frame change other\n', 'program define p\n', 'end\n',
      'summarize phq9_firstscore if endcode == "46"\n',
    ],
  },
};

describe('Analyser.sameAs', function () {
  this.timeout(180000);
  for (const [languageId, { folder, pieces, seed, repeat = 1, least }] of Object.entries(LANGUAGES)) {
    const found = analyserFor(languageId);
    if (!found?.sameAs || !found.reanalyse) throw new Error(`${languageId} has no sameAs`);
    const analyser = found as Analyser & Required<Pick<Analyser, 'sameAs' | 'reanalyse'>>;
    const dir = path.join(REPO, folder);
    const script = fs
      .readdirSync(dir)
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    // Long enough that most edits have several checkpoints after them (Stata's fall every 16 commands or so).
    const long = Array.from({ length: repeat }, () => script).join('\n');

    it(`${languageId}: after random edits, a re-check in steps that has become the same as the last full check has its findings`, () => {
      const catalogue = iaptCatalogue();
      const random = prng(seed);
      let text = long;
      const first: DocumentModel = analyser.analyse(text);
      let baseFindings: Finding[] = findings(first, catalogue);
      // What the server keeps of a check, as it does.
      const keep = (m: DocumentModel): SameAsBase => analyser.baseOf?.(m) ?? m;
      let kept = keep(first);
      let unchangedBefore = Number.POSITIVE_INFINITY;
      let model = first;
      let same = 0;
      const edits = 150;
      for (let step = 0; step < edits; step++) {
        const at = Math.floor(random() * (text.length + 1));
        const cut = random() < 0.4 ? Math.floor(random() * Math.min(12, text.length - at)) : 0;
        const insert = random() < 0.8 ? pieces[Math.floor(random() * pieces.length)] : '';
        text = text.slice(0, at) + insert + text.slice(at + cut);
        unchangedBefore = Math.min(unchangedBefore, at);
        const fresh = findings(analyser.analyse(text), catalogue);
        // As the server does: the model up to the caret while typing, then a re-check in steps.
        let stepped = analyser.reanalyse(model, text, at, Math.min(text.length, at + insert.length));
        const stride = 1 + Math.floor(random() * 400);
        for (let n = 0; ; n++) {
          const sameAs: SameAs | undefined = analyser.sameAs(stepped, kept, unchangedBefore);
          if (sameAs) {
            same++;
            assert.deepStrictEqual(findingsAgainst(baseFindings, sameAs, catalogue), fresh, `step ${step}: edit at ${at}, same from ${sameAs.to}`);
            break;
          }
          if (stepped.validUntil === undefined || n > 200) break;
          const next = stepped.validUntil + stride;
          stepped = analyser.reanalyse(stepped, text, text.length, next < text.length ? next : undefined);
        }
        const full = analyser.reanalyse(stepped, text, text.length);
        // Half the time the re-check ends and becomes the new base; else typing goes on against the old one.
        if (random() < 0.5) {
          kept = keep(full);
          baseFindings = findings(full, catalogue);
          unchangedBefore = Number.POSITIVE_INFINITY;
        }
        model = full;
      }
      assert.ok(same > edits * least, `only ${same} of ${edits} re-checks became the same as the last full check`);
    });
  }
});
