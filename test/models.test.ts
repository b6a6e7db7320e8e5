// The server's model cache: edits record the unchanged prefix, requests get partial or full models, and the
// result always matches a fresh analysis of the current text.

import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnostics } from '../server/src/features/diagnostics';
import { Analyser, DocumentModel } from '../server/src/languages/model';
import { analyserFor } from '../server/src/languages/registry';
import { createDocument, Models, RETAINED_LARGE, updateTracked } from '../server/src/models';
import { LARGE_DOCUMENT } from '../server/src/large-document';
import { iaptCatalogue } from './iapt';

/** The SQL analyser, with a record of how it was called. */
function recording(): { analyser: Analyser; calls: string[] } {
  const sql = analyserFor('sql') as Required<Analyser>;
  const calls: string[] = [];
  const analyser: Analyser = {
    analyse: (text) => {
      calls.push('analyse');
      return sql.analyse(text);
    },
    reanalyse: (previous, text, unchangedBefore, until) => {
      calls.push(`reanalyse ${unchangedBefore}${until === undefined ? '' : ` until ${until}`}`);
      return sql.reanalyse(previous, text, unchangedBefore, until);
    },
  };
  return { analyser, calls };
}

const TEXT = 'SELECT r.pathwayid FROM nhsd.IAPT_care_activities_v0003 r;\nSELECT 1;\n';

describe('server model cache', () => {
  it('analyses once per version, and resumes after an edit from where the text changed', () => {
    const { analyser, calls } = recording();
    const models = new Models(() => analyser);
    let doc = TextDocument.create('file:///a.sql', 'sql', 1, TEXT);
    const first = models.get(doc);
    assert.strictEqual(models.get(doc), first);
    const at = TEXT.indexOf('SELECT 1');
    doc = updateTracked(models, doc, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: 'x' }], 2);
    models.get(doc, at + 1);
    models.get(doc, at + 1);
    models.get(doc);
    assert.deepStrictEqual(calls, ['analyse', `reanalyse ${at} until ${at + 1}`, `reanalyse ${TEXT.length + 1}`]);
  });

  it('takes the smallest start of a batch of changes, each in the text it applies to, and the common prefix of a full replacement', () => {
    const { analyser, calls } = recording();
    const models = new Models(() => analyser);
    let doc = TextDocument.create('file:///b.sql', 'sql', 1, TEXT);
    models.get(doc);
    const p = (o: number): { line: number; character: number } => doc.positionAt(o);
    doc = updateTracked(models, doc, [{ range: { start: p(30), end: p(31) }, text: '' }, { range: { start: p(10), end: p(10) }, text: 'yy' }], 2);
    models.get(doc);
    doc = updateTracked(models, doc, [{ text: doc.getText().slice(0, 5) + 'Z' + doc.getText().slice(6) }], 3);
    models.get(doc);
    assert.deepStrictEqual(calls, ['analyse', 'reanalyse 10', 'reanalyse 5']);
  });

  it('takes the earlier end of a reversed range as where the change starts', () => {
    const { analyser, calls } = recording();
    const models = new Models(() => analyser);
    let doc = TextDocument.create('file:///c.sql', 'sql', 1, TEXT);
    models.get(doc);
    // From line 1 back to offset 5 of line 0: the text changes from offset 5, not from where the range "starts".
    doc = updateTracked(models, doc, [{ range: { start: { line: 1, character: 3 }, end: { line: 0, character: 5 } }, text: 'X' }], 2);
    assert.strictEqual(doc.getText(), TEXT.slice(0, 5) + 'X' + TEXT.slice(TEXT.indexOf('\n') + 4));
    models.get(doc);
    assert.deepStrictEqual(calls, ['analyse', 'reanalyse 5']);
  });

  it('keeps a true line table after a change whose range lies past the last line', () => {
    // vscode-languageserver-textdocument 1.0.16 writes past the end of its line table (and leaves a hole in it)
    // when a range starts at or after the line count and spans as many lines as the new text has line breaks.
    const models = new Models((id) => analyserFor(id));
    for (const range of [
      { start: { line: 2, character: 0 }, end: { line: 1, character: 0 } },
      { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } },
      { start: { line: 5, character: 9 }, end: { line: 7, character: 0 } },
    ]) {
      let doc = TextDocument.create('file:///e.sql', 'sql', 1, 'SELECT 1');
      models.get(doc);
      doc = updateTracked(models, doc, [{ range, text: '\nSELECT r.x FROM t r' }], 2);
      doc = updateTracked(models, doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '-- x\n' }], 3);
      const expected = 'SELECT 1\n-- x\nSELECT r.x FROM t r';
      assert.strictEqual(doc.getText(), expected, JSON.stringify(range));
      const fresh = TextDocument.create('file:///f.sql', 'sql', 3, expected);
      assert.strictEqual(doc.lineCount, fresh.lineCount);
      for (let o = 0; o <= expected.length; o++) assert.deepStrictEqual(doc.positionAt(o), fresh.positionAt(o), `offset ${o} after ${JSON.stringify(range)}`);
    }
  });

  it('ends a run of random edits with the diagnostics of a fresh analysis', () => {
    const models = new Models(analyserFor);
    let doc = TextDocument.create('file:///c.sql', 'sql', 1, TEXT.repeat(20));
    let seed = 11;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pieces = ['r.', 'x', ' ', ';', '\n', "'", 'FROM ', 'JOIN nhsd.IAPT_care_cluster_v0003 c ON c.pathwayid = r.pathwayid ', '--'];
    for (let version = 2; version < 300; version++) {
      const length = doc.getText().length;
      const at = Math.floor(random() * length);
      const range = { start: doc.positionAt(at), end: doc.positionAt(Math.min(length, at + Math.floor(random() * 3))) };
      doc = updateTracked(models, doc, [{ range, text: pieces[Math.floor(random() * pieces.length)] }], version);
      if (random() < 0.5) models.get(doc, at);
    }
    const seen = (m: DocumentModel | undefined): unknown => diagnostics(doc, m as DocumentModel, iaptCatalogue()).map((d) => [d.range, d.message]);
    const full = models.get(doc);
    assert.strictEqual(full?.validUntil, undefined);
    assert.deepStrictEqual(seen(full), seen((analyserFor('sql') as Analyser).analyse(doc.getText())));
  });

  it('advances a full analysis in steps from the edit, each reaching further, to the full model', () => {
    const { analyser, calls } = recording();
    const models = new Models(() => analyser);
    const text = (TEXT + 'SELECT c.nosuchcolumn FROM nhsd.IAPT_care_cluster_v0003 c;\n').repeat(20);
    let doc = TextDocument.create('file:///d.sql', 'sql', 1, text);
    models.get(doc);
    doc = updateTracked(models, doc, [{ range: { start: doc.positionAt(100), end: doc.positionAt(100) }, text: 'x' }], 2);
    const reached: number[] = [];
    let model = models.advance(doc, 200);
    while (model?.validUntil !== undefined) {
      reached.push(model.validUntil);
      model = models.advance(doc, 200);
    }
    assert.ok(reached.length >= 5, `${reached.length} steps`);
    assert.ok(reached.every((r, i) => i === 0 || r > reached[i - 1]), `each step reaches further: ${reached.join(', ')}`);
    assert.strictEqual(calls[1], 'reanalyse 100 until 300', 'the first step starts at the edit');
    assert.strictEqual(calls[2], `reanalyse ${text.length + 1} until ${reached[0] + 200}`, 'the next goes on from where the last stopped');
    assert.strictEqual(models.advance(doc, 200), model, 'a full model is kept');
    const seen = (m: DocumentModel | undefined): unknown => diagnostics(doc, m as DocumentModel, iaptCatalogue()).map((d) => [d.range, d.message]);
    assert.strictEqual((seen(model) as unknown[]).length, 20);
    assert.deepStrictEqual(seen(model), seen((analyserFor('sql') as Analyser).analyse(doc.getText())));
  });

  describe('keeps the models of only the large documents used last', () => {
    const big = TEXT.repeat(Math.ceil(LARGE_DOCUMENT / TEXT.length));
    const open = (name: string, text = big): TextDocument => createDocument(`file:///${name}.sql`, 'sql', 1, text);

    it(`lets go of the model of the large document used longest ago when ${RETAINED_LARGE + 1} are open, and makes it again when asked`, () => {
      const { analyser, calls } = recording();
      const models = new Models(() => analyser);
      const docs = Array.from({ length: RETAINED_LARGE + 1 }, (_, i) => open(`big${i}`));
      const first = docs.map((d) => models.get(d));
      assert.strictEqual(calls.length, docs.length);
      for (let i = 1; i < docs.length; i++) assert.strictEqual(models.get(docs[i]), first[i], `big${i} is kept`);
      assert.strictEqual(calls.length, docs.length, 'no analysis for the kept ones');
      const again = models.get(docs[0]);
      assert.notStrictEqual(again, first[0], 'big0 was let go');
      assert.deepStrictEqual(calls.slice(docs.length), ['analyse'], 'and is made again from its whole text');
      // big0 is now the one used last: making it again let big1 go, the one used longest ago.
      assert.notStrictEqual(models.get(docs[1]), first[1]);
    });

    it('still knows a document whose model was let go as analysed, when it was checked', () => {
      const models = new Models((id) => analyserFor(id));
      const docs = Array.from({ length: RETAINED_LARGE + 1 }, (_, i) => open(`big${i}`));
      const first = models.get(docs[0]) as DocumentModel;
      models.checked(docs[0].uri, first, []);
      docs.slice(1).forEach((d) => models.get(d));
      assert.ok(models.has(docs[0].uri), 'checked, model let go');
      assert.ok(models.lastChecked(docs[0].uri));
      models.get(docs[0]); // made again: big1, used longest ago, goes
      assert.ok(!models.has(docs[1].uri), 'never checked, model let go');
    });

    it('counts a request on a kept model as a use', () => {
      const { analyser, calls } = recording();
      const models = new Models(() => analyser);
      const docs = Array.from({ length: RETAINED_LARGE }, (_, i) => open(`big${i}`));
      const first = docs.map((d) => models.get(d));
      models.get(docs[0]); // big0 is used again: big1 is now the one used longest ago
      models.get(open('late'));
      assert.strictEqual(models.get(docs[0]), first[0]);
      assert.strictEqual(calls.length, RETAINED_LARGE + 1);
      assert.notStrictEqual(models.get(docs[1]), first[1]);
    });

    it('keeps a partial model (a document being typed in or checked in steps)', () => {
      const models = new Models((id) => analyserFor(id));
      let typed = open('typed', big + big);
      models.get(typed);
      typed = updateTracked(models, typed, [{ range: { start: typed.positionAt(10), end: typed.positionAt(10) }, text: 'x' }], 2);
      const partial = models.get(typed, 11) as DocumentModel;
      assert.notStrictEqual(partial.validUntil, undefined);
      for (let i = 0; i < RETAINED_LARGE + 1; i++) models.get(open(`other${i}`));
      assert.strictEqual(models.get(typed, 11), partial, 'still there');
      // Once whole, it is one like the others.
      models.get(typed);
      for (let i = 0; i < RETAINED_LARGE; i++) models.get(open(`again${i}`));
      assert.ok(!models.has(typed.uri), 'let go');
    });

    it('keeps every small document, and does not count them', () => {
      const { analyser, calls } = recording();
      const models = new Models(() => analyser);
      const small = Array.from({ length: 5 }, (_, i) => open(`small${i}`, TEXT));
      const smallModels = small.map((d) => models.get(d));
      for (let i = 0; i < RETAINED_LARGE + 2; i++) models.get(open(`big${i}`));
      small.forEach((d, i) => assert.strictEqual(models.get(d), smallModels[i]));
      assert.strictEqual(calls.length, small.length + RETAINED_LARGE + 2);
    });

    it('answers after edits to a document whose model was let go as a fresh analysis does', () => {
      const models = new Models((id) => analyserFor(id));
      let doc = open('edited', big + 'SELECT c.nosuchcolumn FROM nhsd.IAPT_care_cluster_v0003 c;\n');
      models.get(doc);
      for (let i = 0; i < RETAINED_LARGE; i++) models.get(open(`other${i}`));
      doc = updateTracked(models, doc, [{ range: { start: doc.positionAt(7), end: doc.positionAt(7) }, text: 'x' }], 2);
      const seen = (m: DocumentModel | undefined): unknown => diagnostics(doc, m as DocumentModel, iaptCatalogue()).map((d) => [d.range, d.message]);
      const model = models.get(doc);
      assert.strictEqual(model?.validUntil, undefined);
      assert.deepStrictEqual(seen(model), seen((analyserFor('sql') as Analyser).analyse(doc.getText())));
      assert.ok((seen(model) as unknown[]).length >= 1);
    });
  });
});
