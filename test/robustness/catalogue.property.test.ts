// Property tests for the catalogue loader: real catalogue files broken at random (cut, spliced, retyped) and
// arbitrary text always give a result and problems with a place in the file, in bounded time, and never reach
// the loader's last-resort catch (which would mean some step did not handle bad input itself).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { loadCatalogue } from '../../server/src/catalogue/load';
import { Catalogue } from '../../server/src/catalogue/index';
import { iaptCatalogue, REPO } from '../iapt';

const FILES = ['examples/catalogues/myproject.catalogue.yaml', 'examples/dictionaries/wellbeing-survey.catalogue.yaml', 'schemas/iapt/iapt.catalogue.yaml'];
const BASES = FILES.map((f) => fs.readFileSync(path.join(REPO, f), 'utf8'));

/** What YAML and the schema are sensitive to: indentation, quotes, flow brackets, anchors, keys the schema knows. */
const FRAGMENTS = [
  '\n', '\r\n', '\r', '  ', '\t', ': ', '- ', '[', ']', '{', '}', ',', '"', "'", '#', '&a ', '*a', '!!str ', '? ', '---\n', '...\n', '|\n', '>-\n',
  'name: ', 'columns:', 'tables:', 'codes:', 'codeLists:', 'complete: true', 'provenance: { status: VERIFIED, source: x }', 'status: GUESSED',
  'key: referral', 'grain: person', 'format: 2', 'dataset: ', 'id: ', '- { code: 1, meaning: One }', 'codes: nolist', '\u0000', '\ud800', '😀',
];

const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 60 }), insert: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 }), fc.constant('')) });
const broken = fc.tuple(fc.nat({ max: BASES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 12 })).map(([b, edits]) => {
  let text = BASES[b];
  for (const e of edits) {
    const at = e.at % (text.length + 1);
    text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
  }
  return text;
});

function check(text: string): void {
  const started = Date.now();
  const result = loadCatalogue(text, 'broken.catalogue.yaml');
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const p of result.problems) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines, `line ${p.line} of ${lines}: ${p.message}`);
    assert.ok(Number.isInteger(p.column) && p.column >= 0, p.message);
    assert.ok(p.message.length > 0 && !/^the catalogue could not be read \(/.test(p.message), p.message);
  }
  if (result.dataset) {
    // Whatever survives is usable: look-ups over it do not throw.
    const catalogue = new Catalogue([result.dataset]);
    for (const t of result.dataset.tables) {
      assert.strictEqual(typeof t.name, 'string');
      catalogue.resolveTable([t.name]);
      for (const c of t.columns) assert.strictEqual(typeof c.name, 'string');
    }
    // Beside the IAPT catalogue, as a user's file: every table has an owner that owns itself and keeps its own
    // columns, and is either offered or gathered by an earlier one.
    const both = new Catalogue([...iaptCatalogue().datasets, result.dataset]);
    const offered = new Set(both.tables().map((m) => m.table));
    for (const d of both.datasets) {
      for (const t of d.tables) {
        const owner = both.ownerOf(t);
        assert.strictEqual(both.ownerOf(owner.table), owner);
        assert.strictEqual(offered.has(t), owner.table === t, t.name);
        const columns = both.columnsOf(owner).map((c) => c.column.name);
        for (const c of owner.table.columns) assert.ok(columns.includes(c.name) || c.unconfirmed, c.name);
        assert.strictEqual(both.resolveTable([t.name])?.table, both.ownerOf(both.resolveTable([t.name])!.table).table);
      }
    }
  }
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
}

describe('robustness: the catalogue loader on broken catalogues', function () {
  this.timeout(180000);

  it('gives problems with a place in the file for real catalogues broken at random', () => {
    fc.assert(fc.property(broken, check), { numRuns: 150, seed: 2026 });
  });

  it('gives problems with a place in the file for arbitrary text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ maxLength: 200, unit: 'binary' }), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((a) => a.join(''))), check), {
      numRuns: 400,
      seed: 7,
    });
  });
});
