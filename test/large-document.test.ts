// LargeDocument answers as vscode-languageserver-textdocument's TextDocument does, edit after edit, and keeps each
// version's text outside V8's heap.

import * as assert from 'assert';
import * as v8 from 'v8';
import fc from 'fast-check';
import { Position, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LARGE_DOCUMENT, LargeDocument } from '../server/src/large-document';
import { createDocument, Models, updateTracked } from '../server/src/models';
import { analyserFor } from '../server/src/languages/registry';

// Line ends of every kind, a Latin-1 letter, a character above U+00FF and a lone surrogate.
const piece = fc.constantFrom('a', 'bc', ' ', '\n', '\r', '\r\n', '\u00e9', '\u20ac', '\ud800', '\u0000');
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 8 }), character: fc.integer({ min: -1, max: 8 }) });
const change: fc.Arbitrary<TextDocumentContentChangeEvent> = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

function assertSame(large: LargeDocument, reference: TextDocument): void {
  // Lines and offsets first: they are read from the Buffer, before this version's string is made.
  assert.strictEqual(large.lineCount, reference.lineCount);
  for (let line = -1; line <= reference.lineCount; line++) {
    assert.deepStrictEqual(large.getLineRange(line), reference.getLineRange(line), `line range ${line}`);
    for (let character = -1; character <= 9; character++) {
      const at: Position = { line, character };
      assert.strictEqual(large.offsetAt(at), reference.offsetAt(at), `offsetAt ${line}:${character}`);
    }
  }
  for (let offset = -1; offset <= reference.getText().length + 1; offset++) {
    assert.deepStrictEqual(large.positionAt(offset), reference.positionAt(offset), `positionAt ${offset}`);
  }
  for (let line = -1; line <= reference.lineCount; line++) assert.strictEqual(large.getEOLCharacters(line), reference.getEOLCharacters(line), `line end ${line}`);
  assert.strictEqual(large.getText(), reference.getText());
  const range = { start: { line: 0, character: 1 }, end: { line: 2, character: 0 } };
  assert.strictEqual(large.getText(range), reference.getText(range));
}

/**
 * The change with its range's lines inside the document. Past the last line TextDocument.update's line table goes
 * wrong (in "", an insert of "\r\n\r\r\n" at lines 4 to 7 leaves it 8 lines), so it cannot be the reference there.
 */
function withinLines(change: TextDocumentContentChangeEvent, lineCount: number): TextDocumentContentChangeEvent {
  if (!('range' in change)) return change;
  const clamp = (p: Position): Position => ({ line: Math.min(p.line, lineCount - 1), character: p.character });
  return { range: { start: clamp(change.range.start), end: clamp(change.range.end) }, text: change.text };
}

describe('LargeDocument', () => {
  it('reads, edit after edit, as TextDocument does (lines, offsets, positions, line ends)', () => {
    fc.assert(
      fc.property(text, fc.array(change, { maxLength: 12 }), (initial, changes) => {
        const large = new LargeDocument('file:///a.sql', 'sql', 1, initial);
        let reference = TextDocument.create('file:///a.sql', 'sql', 1, initial);
        assertSame(large, reference);
        changes.forEach((change, i) => {
          const c = withinLines(change, reference.lineCount);
          large.apply(c, i + 2);
          reference = TextDocument.update(reference, [c], i + 2);
          assert.strictEqual(large.version, reference.version);
          assertSame(large, reference);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('takes a range past the last line as the end of the text', () => {
    const doc = new LargeDocument('file:///a.sql', 'sql', 1, 'a\nb');
    doc.apply({ range: { start: { line: 4, character: 0 }, end: { line: 7, character: 0 } }, text: '\r\n\r\r\n' }, 2);
    assert.strictEqual(doc.getText(), 'a\nb\r\n\r\r\n');
    assert.strictEqual(doc.lineCount, 5);
    assert.deepStrictEqual(doc.positionAt(doc.getText().length), { line: 4, character: 0 });
  });

  it('is what the server keeps from 128 KB on, and the models follow its edits', () => {
    const line = 'SELECT r.pathwayid FROM nhsd.IAPT_care_activities_v0003 r;\n';
    const big = line.repeat(Math.ceil(LARGE_DOCUMENT / line.length));
    assert.ok(createDocument('file:///s.sql', 'sql', 1, big) instanceof LargeDocument);
    assert.ok(!(createDocument('file:///s.sql', 'sql', 1, line) instanceof LargeDocument));

    // A document that grows past the size becomes one, with the same text and lines.
    const models = new Models(analyserFor);
    const small = createDocument('file:///s.sql', 'sql', 1, big.slice(0, LARGE_DOCUMENT - 10));
    const end = small.positionAt(small.getText().length);
    const grown = updateTracked(models, small, [{ range: { start: end, end }, text: line }], 2);
    assert.ok(grown instanceof LargeDocument);
    assert.strictEqual(grown.getText(), big.slice(0, LARGE_DOCUMENT - 10) + line);
    assert.strictEqual(grown.lineCount, TextDocument.create('u', 'sql', 1, grown.getText()).lineCount);

    // Edits through updateTracked: the model made incrementally equals a fresh analysis of the text.
    const model0 = models.get(grown);
    assert.ok(model0);
    const at = { line: 3, character: 9 };
    const edited = updateTracked(models, grown, [{ range: { start: at, end: { line: 3, character: 18 } }, text: 'nosuchcolumn' }], 3);
    assert.strictEqual(edited, grown, 'changed in place, as TextDocument.update does');
    const fresh = analyserFor('sql')!.analyse(edited.getText());
    const model = models.get(edited);
    assert.deepStrictEqual(
      model?.columnRefs.map((c) => [c.name, c.span.start]).slice(0, 10),
      fresh.columnRefs.map((c) => [c.name, c.span.start]).slice(0, 10),
    );
  });

  it('makes no string for versions nobody reads', () => {
    // Two million characters: Node makes strings of this size outside V8's heap, where this test can count them.
    const big = 'x <- 1\n'.repeat(Math.ceil(2_000_000 / 7));
    const doc = new LargeDocument('file:///a.R', 'r', 1, big);
    doc.getText();
    const before = process.memoryUsage().external;
    const texts: string[] = [];
    // 50 keystrokes with no request between them, then one read: one more string of 2 MB, not 50.
    for (let i = 0; i < 50; i++) {
      doc.apply({ range: { start: { line: 3, character: i }, end: { line: 3, character: i } }, text: 'y' }, i + 2);
      assert.strictEqual(doc.offsetAt({ line: 3, character: 100 }), 3 * 7 + i + 7);
    }
    texts.push(doc.getText());
    assert.ok(process.memoryUsage().external - before < 3 * big.length, `external memory grew by ${process.memoryUsage().external - before} bytes`);
    assert.strictEqual(texts[0].split('\n')[3], 'y'.repeat(50) + 'x <- 1');
  });

  it("keeps each version's text out of V8's heap from a million characters on", () => {
    const big = 'x <- 1\n'.repeat(Math.ceil(2_000_000 / 7));
    const doc = new LargeDocument('file:///a.R', 'r', 1, big);
    const largeObjects = (): number =>
      v8
        .getHeapSpaceStatistics()
        .filter((s) => s.space_name === 'large_object_space' || s.space_name === 'new_large_object_space')
        .reduce((sum, s) => sum + s.space_used_size, 0);
    const before = largeObjects();
    const texts: string[] = [];
    for (let i = 0; i < 5; i++) {
      doc.apply({ range: { start: { line: i, character: 0 }, end: { line: i, character: 0 } }, text: 'y' }, i + 2);
      texts.push(doc.getText());
    }
    // Five texts of 2 MB each are alive; in V8's heap they would take 10 MB of its large-object spaces.
    assert.ok(largeObjects() - before < big.length, `large-object spaces grew by ${largeObjects() - before} bytes`);
    assert.strictEqual(texts[4].slice(0, 12), 'yx <- 1\nyx <');

    // Still true once the text needs two bytes per character.
    doc.apply({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\u20ac' }, 10);
    const wide = largeObjects();
    for (let i = 0; i < 3; i++) {
      doc.apply({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'z' }, 11 + i);
      texts.push(doc.getText());
    }
    assert.ok(largeObjects() - wide < big.length, `large-object spaces grew by ${largeObjects() - wide} bytes`);
    assert.strictEqual(doc.getText().slice(0, 4), '\u20acyx ');
  });
});
