// A re-check that has become the same as the last full check (sameAsSql) gives that check's findings for the
// statements it has not re-read: after random edits, they are exactly the findings of a fresh analysis.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Finding, findings, findingsAgainst } from '../../../server/src/features/diagnostics';
import { analyseSql, reanalyseSql, sameAsSql } from '../../../server/src/languages/sql/analyse';
import { DocumentModel } from '../../../server/src/languages/model';
import { iaptCatalogue, REPO } from '../../iapt';

function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const PIECES = ['r.', 'phq9_', 'pathwayid', ' ', '\n', "'", '(', ')', ',', 'x', 'FROM ', 'JOIN ', 'SELECT ', ';', 'GO\n', '--', '/*', '*/', '#t', 'INTO #t ', "'46'", 'endcode'];

describe('languages/sql sameAsSql', function () {
  this.timeout(120000);
  const folder = path.join(REPO, 'examples/sql');
  const script = fs
    .readdirSync(folder)
    .map((f) => fs.readFileSync(path.join(folder, f), 'utf8'))
    .join('\n');

  it('after random edits, a re-check in steps that has become the same as the last full check has its findings', () => {
    const catalogue = iaptCatalogue();
    const random = prng(4242);
    let text = script;
    let base: DocumentModel = analyseSql(text);
    let baseFindings: Finding[] = findings(base, catalogue);
    let unchangedBefore = Number.POSITIVE_INFINITY;
    let model = base;
    let same = 0;
    const edits = 150;
    for (let step = 0; step < edits; step++) {
      const at = Math.floor(random() * (text.length + 1));
      const cut = random() < 0.4 ? Math.floor(random() * Math.min(12, text.length - at)) : 0;
      const insert = random() < 0.8 ? PIECES[Math.floor(random() * PIECES.length)] : '';
      text = text.slice(0, at) + insert + text.slice(at + cut);
      unchangedBefore = Math.min(unchangedBefore, at);
      const fresh = findings(analyseSql(text), catalogue);
      // As the server does: the model up to the caret while typing, then a re-check in steps.
      let stepped = reanalyseSql(model, text, at, Math.min(text.length, at + insert.length));
      const stride = 1 + Math.floor(random() * 400);
      for (let n = 0; ; n++) {
        const found = sameAsSql(stepped, base, unchangedBefore);
        if (found) {
          same++;
          assert.deepStrictEqual(findingsAgainst(baseFindings, found, catalogue), fresh, `step ${step}: edit at ${at}, same from ${found.to}`);
          break;
        }
        if (stepped.validUntil === undefined || n > 200) break;
        const next = stepped.validUntil + stride;
        stepped = reanalyseSql(stepped, text, text.length, next < text.length ? next : undefined);
      }
      const full = reanalyseSql(stepped, text, text.length);
      // Half the time the re-check ends and becomes the new base; else typing goes on against the old one.
      if (random() < 0.5) {
        base = full;
        baseFindings = findings(full, catalogue);
        unchangedBefore = Number.POSITIVE_INFINITY;
      }
      model = full;
    }
    assert.ok(same > edits / 3, `only ${same} of ${edits} re-checks became the same as the last full check`);
  });

  it('is not the same after an edit to a temp table that later statements read', () => {
    const catalogue = iaptCatalogue();
    const before = [
      'SELECT r.pathwayid, r.phq9_firstscore INTO #t FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r;',
      'SELECT t.phq9_firstscore FROM #t t;',
      'SELECT t.gad_firstscore FROM #t t;',
      '',
    ].join('\n');
    const base = analyseSql(before);
    const after = before.replace('r.phq9_firstscore INTO', 'r.gad_firstscore INTO');
    const at = before.indexOf('r.phq9_firstscore INTO');
    const model = reanalyseSql(base, after, at);
    assert.strictEqual(sameAsSql(model, base, at), undefined);
    // While an edit that defines nothing is the same from the next statement on.
    const typo = before.replace('SELECT t.phq9_firstscore', 'SELECT t.phq9_firstscorex');
    const at2 = before.indexOf('t.phq9_firstscore');
    const found = sameAsSql(reanalyseSql(base, typo, at2), base, at2);
    assert.ok(found && found.to > at2 && found.to <= typo.indexOf('SELECT t.gad'), `same from ${found?.to}`);
    assert.deepStrictEqual(findingsAgainst(findings(base, catalogue), found!, catalogue), findings(analyseSql(typo), catalogue));
  });

  it('is not the same from a GO whose line changed before it (GO separates batches only alone on its line)', () => {
    const catalogue = iaptCatalogue();
    const rest = Array.from({ length: 40 }, (_, i) => `SELECT r.nosuch${i} FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r;`).join('\n');
    const a = `SELECT 1 AS a;\nSELECT 1 AS x; GO\n(SELECT r.pathwayid FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r WHERE r.zz = 1\n${rest}\n`;
    const b = a.replace('x; GO', 'x;\nGO');
    for (const [from, to] of [[a, b], [b, a]]) {
      const base = analyseSql(from);
      const at = from.indexOf('x;') + 2;
      const model = reanalyseSql(base, to, at);
      const found = sameAsSql(model, base, at);
      const expected = findings(analyseSql(to), catalogue);
      if (found) assert.deepStrictEqual(findingsAgainst(findings(base, catalogue), found, catalogue), expected);
    }
  });
});
