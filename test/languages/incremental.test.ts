// Incremental analysis (Analyser.reanalyse) gives what a fresh analysis of the same text gives: the same
// diagnostics, completion and hover, after random edits to real example scripts. Partial models (`until`)
// answer completion and hover like the full model up to where they are valid.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../../server/src/features/completion';
import { diagnostics } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { analyserFor, registeredLanguages } from '../../server/src/languages/registry';
import { Analyser, DocumentModel } from '../../server/src/languages/model';
import { iaptCatalogue, REPO } from '../iapt';

function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const FOLDERS: Record<string, string> = { sql: 'examples/sql', r: 'examples/r', stata: 'examples/stata' };
const PIECES = [
  'r.', 'phq9_', 'pathwayid', ' ', '\n', "'", '"', '(', ')', ',', 'x', 'FROM ', 'JOIN ', 'SELECT ', ';', 'GO\n', '$', '%>%', '<-', '--', '/*',
  '*/', '#t', 'WITH c AS (', 'keep ', 'use ', 'generate y = ', '`', "'46'", 'endcode', '\r\n', 'é',
];

/** What the features make of a model at some offsets: all a user can see of it. */
function observe(doc: TextDocument, model: DocumentModel, offsets: number[]): unknown {
  const catalogue = iaptCatalogue();
  return offsets.map((offset) => ({
    offset,
    completion: complete(doc, model, catalogue, offset).map((i) => [i.label, i.textEdit]),
    hover: hover(doc, model, catalogue, offset) ?? null,
  }));
}

// grain-mismatch on: it reads the queries' joins and aggregates, which the models carry too.
const diagnosed = (doc: TextDocument, model: DocumentModel): unknown =>
  diagnostics(doc, model, iaptCatalogue(), { enable: true, severity: 'warning', grainMismatch: true }).map((d) => [d.range, d.code, d.message]);

const STEPS = 200;

/** Queries with a join and an aggregate in R and Stata strings (the examples have none): grain-mismatch reads them. */
const JOIN_SQL = 'SELECT r.gender, SUM(r.treatmentcarecontact_count) FROM nhsd.IAPT_demographics_and_referral_v0003 r JOIN nhsd.IAPT_care_activities_v0003 a ON a.pathwayid = r.pathwayid GROUP BY r.gender';
const JOINS: Record<string, string> = {
  r: Array.from({ length: 12 }, (_, i) => `q${i} <- sqlQuery(conn, "${JOIN_SQL}")\nx${i} <- q${i}$gender\n`).join(''),
  stata: Array.from({ length: 12 }, () => `odbc load, exec("${JOIN_SQL}") dsn(LLC_DB) clear\nsummarize gender\n`).join(''),
};

describe('incremental analysis', function () {
  this.timeout(120000);
  for (const languageId of registeredLanguages()) {
    const found = analyserFor(languageId);
    const folder = FOLDERS[languageId];
    if (!found?.reanalyse || !folder) continue;
    const analyser: Analyser = found;
    const reanalyse = found.reanalyse.bind(found);
    const files = fs.readdirSync(path.join(REPO, folder));
    const read = (file: string): string => fs.readFileSync(path.join(REPO, folder, file), 'utf8');
    // Each example, and all of them in one script (long enough that most edits have statements after them).
    const cases: [string, string][] = [...files.map((f): [string, string] => [f, read(f)]), ['all examples', files.map(read).join('\n')]];
    if (JOINS[languageId]) cases.push(['queries with joins', JOINS[languageId]]);
    if (languageId === 'sql') cases.push(['T-SQL forms', fs.readFileSync(path.join(REPO, 'test/languages/sql/tsql-forms.sql'), 'utf8')]);
    for (const [file, original] of cases) {
      it(`${languageId}: random edits to ${file} reanalyse as a fresh analysis does`, () => {
        const random = prng(file.length * 7919 + 17);
        let text = original;
        let model = analyser.analyse(text);
        let stoppedEarly = 0;
        for (let step = 0; step < STEPS; step++) {
          const at = Math.floor(random() * (text.length + 1));
          const cut = random() < 0.4 ? Math.floor(random() * Math.min(12, text.length - at)) : 0;
          const insert = random() < 0.8 ? PIECES[Math.floor(random() * PIECES.length)] : '';
          text = text.slice(0, at) + insert + text.slice(at + cut);
          const doc = TextDocument.create(`file:///inc.${languageId}`, languageId, step, text);
          const fresh = analyser.analyse(text);
          const offsets = [at, at + insert.length, Math.floor(random() * (text.length + 1))];
          // Partial: valid up to where the edit ends, and as the full model there.
          const until = Math.min(text.length, at + insert.length);
          const partial = reanalyse(model, text, at, until);
          if (partial.validUntil !== undefined) stoppedEarly++;
          assert.ok(partial.validUntil === undefined || partial.validUntil >= until, `validUntil ${partial.validUntil} < ${until}`);
          const near = offsets.filter((o) => partial.validUntil === undefined || o <= partial.validUntil);
          assert.deepStrictEqual(observe(doc, partial, near), observe(doc, fresh, near), `partial, step ${step}, edit at ${at}`);
          // Full: the same diagnostics and the same answers everywhere, and a base for the next edit.
          const full = reanalyse(model, text, at);
          assert.strictEqual(full.validUntil, undefined);
          assert.deepStrictEqual(diagnosed(doc, full), diagnosed(doc, fresh), `diagnostics, step ${step}, edit at ${at}`);
          assert.deepStrictEqual(observe(doc, full, offsets), observe(doc, fresh, offsets), `full, step ${step}, edit at ${at}`);
          // Diagnostics analyse in steps from the partial model, each going further into the same text: every step
          // answers like the full model where it is valid, and the last one is the full model.
          if (random() < 0.3) {
            let stepped = partial;
            const stride = 1 + Math.floor(random() * Math.max(1, text.length / 6));
            for (let n = 0; stepped.validUntil !== undefined && n < 50; n++) {
              const next = stepped.validUntil + stride;
              stepped = reanalyse(stepped, text, text.length, next < text.length ? next : undefined);
              assert.ok(stepped.validUntil === undefined || stepped.validUntil >= Math.min(next, text.length), `step to ${next}: validUntil ${stepped.validUntil}`);
              const valid = offsets.filter((o) => stepped.validUntil === undefined || o <= stepped.validUntil);
              assert.deepStrictEqual(observe(doc, stepped, valid), observe(doc, fresh, valid), `stepped to ${next}, step ${step}, edit at ${at}`);
            }
            stepped = reanalyse(stepped, text, text.length);
            assert.deepStrictEqual(diagnosed(doc, stepped), diagnosed(doc, fresh), `diagnostics after steps, step ${step}, edit at ${at}`);
            // A step may take over the lists of the one before: that model still answers as before.
            assert.deepStrictEqual(observe(doc, partial, near), observe(doc, fresh, near), `partial after steps, step ${step}, edit at ${at}`);
          }
          // Chain from the partial model half of the time: the server may keep either.
          model = random() < 0.5 ? full : reanalyse(partial, text, text.length);
        }
        // The SQL analyser stops early when statements follow the edit (unless it opened a quote or comment that runs
        // on to the end): prove that path is taken.
        if (languageId === 'sql' && file === 'all examples') assert.ok(stoppedEarly > STEPS / 10, `only ${stoppedEarly} partial models stopped early`);
      });
    }
  }
});
