// The Stata analyser on long do-files and on edits: shared (not copied) datasets, and reanalyse from a
// command checkpoint giving what a fresh analysis gives, stopping early when asked to.

import * as assert from 'assert';
import { complete } from '../../../server/src/features/completion';
import { diagnostics } from '../../../server/src/features/diagnostics';
import { hover } from '../../../server/src/features/hover';
import { DerivedColumn, DocumentModel, Relation } from '../../../server/src/languages/model';
import { analyseStata, reanalyseStata } from '../../../server/src/languages/stata/analyse';
import { Chunked } from '../../../server/src/languages/chunked';
import { iaptCatalogue } from '../../iapt';
import { flagged, LOAD, stataDoc } from './helpers';

/**
 * Column entries over every distinct relation the model's references read, the deepest nesting, and the most
 * relations one dataset lists (the resolver shares look-up indexes when that stays small).
 */
function datasetSize(model: DocumentModel): { entries: number; depth: number; stars: number } {
  const depths = new Map<Relation, number>();
  let entries = 0;
  let stars = 0;
  const visit = (r: Relation): number => {
    const known = depths.get(r);
    if (known !== undefined) return known;
    depths.set(r, 0);
    let depth = 0;
    if (r.kind === 'derived') {
      entries += r.columns.length;
      stars = Math.max(stars, r.columns.filter((c) => 'star' in c).length);
      for (const c of r.columns as DerivedColumn[]) if ('star' in c) depth = Math.max(depth, visit(c.star));
    }
    depths.set(r, depth + 1);
    return depth + 1;
  };
  let depth = 0;
  for (const ref of model.columnRefs) for (const b of ref.scope.bindings) depth = Math.max(depth, visit(b.relation));
  return { entries, depth, stars };
}

/** Everything a user sees of a model: diagnostics, and completion and hover at some offsets. */
function seen(text: string, model: DocumentModel, offsets: number[]): { diagnostics: unknown; at: unknown } {
  const doc = stataDoc(text);
  const catalogue = iaptCatalogue();
  return {
    diagnostics: model.validUntil === undefined ? diagnostics(doc, model, catalogue).map((d) => [d.range, d.message]) : [],
    at: offsets.map((o) => [complete(doc, model, catalogue, o).map((i) => i.label), hover(doc, model, catalogue, o) ?? null]),
  };
}

/** Each edit (the first `from` replaced by `to`) re-read from the edit gives what a fresh analysis gives. */
function resumesAsFresh(base: string, edits: [string, string][]): void {
  for (const [from, to] of edits) {
    const previous = analyseStata(base);
    const at = base.indexOf(from);
    const text = base.slice(0, at) + to + base.slice(at + from.length);
    const offsets = [at, text.length];
    assert.deepStrictEqual(seen(text, reanalyseStata(previous, text, at), offsets), seen(text, analyseStata(text), offsets), `edit ${from} -> ${to}`);
  }
}

describe('Stata analyser: long do-files and incremental analysis', function () {
  this.timeout(60000);

  it('shares the columns of earlier datasets: a run of generates stays linear in size and shallow', () => {
    const n = 2000;
    let text = LOAD;
    for (let i = 0; i < n; i++) text += `gen v${i} = phq9_firstscore + ${i}\n`;
    text += 'summarize v0 v1999 pathwayid v2000\n';
    assert.deepStrictEqual(flagged(text), ['v2000']);
    const { entries, depth, stars } = datasetSize(analyseStata(text));
    // Copying every earlier column into each dataset would make about n * n / 2 entries.
    assert.ok(entries < n * 30, `${entries} column entries`);
    assert.ok(depth < 10, `nested ${depth} deep`);
    assert.ok(stars <= 8, `a dataset lists ${stars} relations`);
  });

  it('keeps the order of columns: the first of two same-named columns wins, as before', () => {
    const text = LOAD + 'gen a1 = 1\ngen b = 2\ngen a2 = 3\ntab a\n';
    // `a` abbreviates a1 and a2: ambiguous, whichever order; a unique prefix still resolves.
    assert.deepStrictEqual(flagged(text), ['a']);
    assert.deepStrictEqual(flagged(LOAD + 'gen a1 = 1\ngen b = 2\ngen a2 = 3\ntab b a2\n'), []);
  });

  it('resumes after an edit and answers as a fresh analysis, also across /// and #delimit ;', () => {
    const base =
      LOAD +
      Array.from({ length: 60 }, (_, i) => `gen g${i} = phq9_firstscore\n`).join('') +
      'keep pathwayid g1 ///\n  g2 g3\n' +
      '#delimit ;\ntab g1\n  g2;\n#delimit cr\n' +
      'summarize g1 g3 nope\n';
    const edits: [string, string][] = [
      ['g2 g3\n', 'g2 g3 g4\n'],
      ['keep pathwayid g1 ///', 'keep pathwayid g1 //'],
      ['tab g1\n  g2;', 'tab g1\n  g9;'],
      ['#delimit ;', '#delimit cr'],
      ['gen g30 =', 'gen h30 ='],
      ['nope\n', 'g30\n'],
    ];
    for (const [from, to] of edits) {
      const previous = analyseStata(base);
      const at = base.indexOf(from);
      const text = base.slice(0, at) + to + base.slice(at + from.length);
      const offsets = [at, at + to.length, text.length];
      const fresh = seen(text, analyseStata(text), offsets);
      assert.deepStrictEqual(seen(text, reanalyseStata(previous, text, at), offsets), fresh, `edit ${from} -> ${to}`);
      const partial = reanalyseStata(previous, text, at, at + to.length);
      const valid = partial.validUntil ?? text.length;
      assert.ok(valid >= at + to.length);
      const near = offsets.filter((o) => o <= valid);
      assert.deepStrictEqual(seen(text, partial, near).at, seen(text, analyseStata(text), near).at, `partial ${from} -> ${to}`);
      assert.deepStrictEqual(seen(text, reanalyseStata(partial, text, text.length), offsets), fresh, `resumed partial ${from} -> ${to}`);
    }
  });

  it('resumes with what the do-file carries besides the dataset (scalars, open blocks) as a fresh analysis', () => {
    const gens = (from: number): string => Array.from({ length: 30 }, (_, i) => `gen g${from + i} = phq9_firstscore > cut\n`).join('');
    const base =
      LOAD + 'scalar cut = 10\nif "$m" == "1" {\n' + gens(0) + '}\nelse {\n  keep pathwayid\n' + gens(30) + '}\n' + 'mata {\nx = 1\n' + gens(60) + '}\nsummarize g1 cut nope\n';
    const edits: [string, string][] = [
      ['scalar cut = 10\n', 'scalar cat = 10\n'],
      ['nope\n', 'cut2\n'],
      ['gen g50 =', 'scalar g50 ='],
      ['}\nelse {', '}\n'],
      ['gen g10 =', '}\ngen g10 ='],
      ['mata {', 'mata'],
      ['mata {\nx = 1', 'capture {\ndisplay 1'],
    ];
    resumesAsFresh(base, edits);
  });

  it('resumes with the order of the variables (which ranges read) as a fresh analysis', () => {
    const gens = (from: number): string => Array.from({ length: 30 }, (_, i) => `gen g${from + i} = pathwayid\n`).join('');
    const base = LOAD + gens(0) + 'display 0\n' + gens(30) + 'drop endcode-g3\n' + gens(60) + 'keep pathwayid-g70\nsummarize g1 g4 g65 g80 nope\n';
    const edits: [string, string][] = [
      ['display 0\n', 'order g40\n'],
      ['display 0\n', 'rename g2 h2\n'],
      ['gen g40 = pathwayid\n', 'gen g40 = 1, before(endcode)\n'],
      ['drop endcode-g3', 'drop endcode-g2'],
      ['display 0\n', 'set varabbrev off\n'],
    ];
    resumesAsFresh(base, edits);
    assert.deepStrictEqual(flagged(base), ['g1', 'g80', 'nope']);
  });

  it('stops a partial analysis at the end of the command at the caret', () => {
    const text = LOAD + Array.from({ length: 500 }, (_, i) => `gen g${i} = phq9_firstscore\n`).join('');
    const caret = text.indexOf('gen g10 ') + 6;
    const partial = reanalyseStata(analyseStata(text), text, caret, caret);
    assert.strictEqual(partial.validUntil, text.indexOf('\n', caret));
    const full = reanalyseStata(analyseStata(text), text, caret);
    assert.strictEqual(full.validUntil, undefined);
    assert.strictEqual(full.columnRefs.length, analyseStata(text).columnRefs.length);
  });

  it('a partial model keeps the later table names of the previous analysis (for completion\'s naming style)', () => {
    const later = 'odbc load, table("[LLC_1234].[nhsd_IAPT_care_activities_v0003]") dsn(LLC_DB) clear\n';
    const text = LOAD + Array.from({ length: 100 }, (_, i) => `gen g${i} = 1\n`).join('') + later;
    const caret = text.indexOf('gen g3 ') + 5;
    const partial = reanalyseStata(analyseStata(text), text, caret, caret);
    assert.ok(partial.validUntil !== undefined && partial.validUntil < text.indexOf(later));
    assert.deepStrictEqual(partial.laterTableRefs?.map((r) => r.parts), [['LLC_1234', 'nhsd_IAPT_care_activities_v0003']]);
    // Chained partial models do not pile up copies.
    const again = reanalyseStata(partial, text, caret, caret);
    assert.strictEqual(again.laterTableRefs?.length, 1);
  });

  it('chunked lists: a prefix shares full chunks and never changes the list it came from', () => {
    const list = new Chunked<number>();
    for (let i = 0; i < 1500; i++) list.push(i);
    const prefix = list.prefix(1100);
    prefix.push(-1);
    assert.strictEqual(list.get(1100), 1100);
    assert.strictEqual(prefix.get(1100), -1);
    assert.deepStrictEqual(prefix.toArray(1098), [1098, 1099, -1]);
    assert.strictEqual(list.toArray().length, 1500);
  });
});
