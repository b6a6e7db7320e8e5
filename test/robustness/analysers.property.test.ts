// Property tests: any text, however broken, gives a model in bounded time, and every range the
// features return lies inside the document.

import * as assert from 'assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../../server/src/features/completion';
import { diagnostics } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { codeActions } from '../../server/src/features/code-actions';
import { analyserFor, registeredLanguages } from '../../server/src/languages/registry';
import { DocumentModel, Span } from '../../server/src/languages/model';
import { iaptCatalogue } from '../iapt';

/** Fragments that stress every tokeniser: quotes, comments, brackets, keywords, names of the catalogue. */
const FRAGMENTS = [
  'SELECT ', 'FROM ', 'WHERE ', 'JOIN ', ' ON ', 'WITH ', ' AS ', '(', ')', '[', ']', '"', "'", '`', '/*', '*/', '--', '//', '///', '#',
  '\n', '\r\n', '\r', ',', '.', ';', 'GO\n', '$', '%>%', '|>', '<-', '->', '{', '}', '==', ' = ', ' IN (', 'r"(', ')"', "N'", '\\',
  'nhsd.IAPT_care_activities_v0003', '[LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]', 'r', 'r.', 'pathwayid', 'endcode', "'46'",
  'phq9_firstscore', 'sqlQuery(con, "', 'dbGetQuery(', 'odbc load, exec("', 'use ', 'keep ', 'gen x = ', 'local m ', '`m\'', '#delimit ;',
  'CASE WHEN ', ' END', 'UNION ', '#t', '@v', '\u0000', '\ud800', '\udc00', '😀', 'é', ' ', '\t',
];

const text = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 }), fc.string({ maxLength: 3, unit: 'binary' })), { maxLength: 80 }).map((a) => a.join(''));

function inside(span: Span, length: number): boolean {
  return span.start >= 0 && span.end >= span.start && span.end <= length;
}

function checkModel(model: DocumentModel, length: number): void {
  for (const r of model.tableRefs) assert.ok(inside(r.span, length) && r.partSpans.every((s) => inside(s, length)));
  for (const r of model.columnRefs) assert.ok(inside(r.span, length) && (!r.qualifierSpan || inside(r.qualifierSpan, length)));
  for (const r of model.valueRefs) assert.ok(inside(r.span, length));
  for (const r of model.literals) assert.ok(inside(r.span, length));
}

/** `limitMs` bounds the time per input: generous, since CI machines are slow and shared; a hang never ends. */
function exercise(languageId: string, source: string, limitMs = 3000): void {
  const analyser = analyserFor(languageId);
  assert.ok(analyser);
  const started = Date.now();
  const doc = TextDocument.create('file:///p', languageId, 1, source);
  const model = analyser.analyse(source);
  checkModel(model, source.length);
  const catalogue = iaptCatalogue();
  const end = doc.positionAt(source.length);
  const within = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): boolean =>
    doc.offsetAt(r.start) <= source.length && doc.offsetAt(r.end) <= source.length && (r.end.line < end.line || (r.end.line === end.line && r.end.character <= end.character));
  for (const d of diagnostics(doc, model, catalogue)) assert.ok(within(d.range), JSON.stringify(d.range));
  const step = Math.max(1, Math.floor(source.length / 20));
  for (let offset = 0; offset <= source.length; offset += step) {
    const ctx = model.completionContext(offset);
    if (ctx.kind !== 'none') assert.ok(inside(ctx.replace, source.length), JSON.stringify(ctx.replace));
    for (const item of complete(doc, model, catalogue, offset)) {
      if (item.textEdit && 'range' in item.textEdit) assert.ok(within(item.textEdit.range));
    }
    const h = hover(doc, model, catalogue, offset);
    if (h?.range) assert.ok(within(h.range));
  }
  codeActions(doc, model, catalogue, { start: { line: 0, character: 0 }, end }, { enable: true, severity: 'warning' });
  assert.ok(Date.now() - started < limitMs, `took ${Date.now() - started} ms`);
}

describe('robustness: analysers on arbitrary text', function () {
  this.timeout(120000);
  for (const languageId of registeredLanguages()) {
    describe(languageId, () => {
      it('never throws, terminates, and keeps every range inside the document', () => {
        fc.assert(fc.property(text, (source) => exercise(languageId, source)), { numRuns: 300, seed: 4242 });
      });

      it('handles a 1 MB line, deep nesting, unterminated quotes and every line ending', () => {
        const cases = [
          'SELECT ' + 'x, '.repeat(350000),
          '('.repeat(20000) + 'SELECT a FROM t' + ')'.repeat(5000),
          'SELECT * FROM ' + '(SELECT * FROM '.repeat(20000),
          'SELECT 1 FROM t WHERE ' + 'EXISTS (SELECT 1 FROM u WHERE '.repeat(20000),
          'x <- ' + 'f('.repeat(20000),
          'gen x = ' + '('.repeat(20000),
          "SELECT '" + 'a'.repeat(100000),
          '/* ' + 'x'.repeat(100000),
          'a <- "' + 'b'.repeat(100000),
          'SELECT pathwayid\rFROM nhsd.IAPT_care_cluster_v0003\r\nWHERE x = 1\n',
          '\u0000\ud800\udfff\ud800 SELECT',
        ];
        for (const source of cases) exercise(languageId, source, 20000);
      });
    });
  }
});
