import * as assert from 'assert';
import { CompletionItemKind, InsertTextFormat, MarkupContent } from 'vscode-languageserver';
import { snippetCompletions, typedWord, wantsSnippets } from '../../server/src/features/snippets';
import { resolveSnippet } from '../../server/src/features/snippet-text';
import { LANGUAGES, snippetsOf } from './data';

const all = new Map(LANGUAGES.map((l) => [l, snippetsOf(l)]));
const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } };

describe('snippet completion items (server side)', () => {
  it('offers every snippet of the language as a Snippet item with its description and resolved body', () => {
    const items = snippetCompletions('r', 'iapt-out', range, 'column', all, true);
    assert.deepStrictEqual(items.map((i) => i.label), snippetsOf('r').map((s) => s.prefix));
    const outcomes = items.find((i) => i.label === 'iapt-outcomes')!;
    assert.strictEqual(outcomes.kind, CompletionItemKind.Snippet);
    assert.strictEqual(outcomes.insertTextFormat, InsertTextFormat.Snippet);
    assert.strictEqual(outcomes.detail, snippetsOf('r').find((s) => s.prefix === 'iapt-outcomes')!.description);
    const doc = (outcomes.documentation as MarkupContent).value;
    assert.ok(doc.startsWith('```r\n# iapt-outcomes:') && doc.endsWith('\n```'));
    assert.ok(doc.includes('outcomes <- referrals %>%') && !doc.includes('${'));
    // The edit replaces the whole typed word, so clients filter on `iapt-out`, not on `out`.
    assert.deepStrictEqual(outcomes.textEdit, { range, newText: snippetsOf('r').find((s) => s.prefix === 'iapt-outcomes')!.body });
  });

  it('is plain text with the defaults for a client without snippet support', () => {
    const items = snippetCompletions('stata', 'iapt-', range, 'none', all, false);
    assert.strictEqual(items.length, snippetsOf('stata').length);
    for (const item of items) {
      const s = snippetsOf('stata').find((d) => d.prefix === item.label)!;
      assert.strictEqual(item.insertTextFormat, InsertTextFormat.PlainText);
      assert.deepStrictEqual(item.textEdit, { range, newText: resolveSnippet(s.body) });
    }
  });

  it('is offered for `iapt-` anywhere, and for a start of `iapt` only where no name is expected', () => {
    assert.ok(wantsSnippets('iapt-', 'table'));
    assert.ok(wantsSnippets('IAPT-OUT', 'column'));
    assert.ok(wantsSnippets('ia', 'none'));
    assert.ok(wantsSnippets('iapt', 'none'));
    assert.ok(!wantsSnippets('iapt', 'table'), 'nhsd.IAPT_ table names keep their own list');
    assert.ok(!wantsSnippets('i', 'column'));
    assert.ok(!wantsSnippets('', 'none'));
    assert.ok(!wantsSnippets('iapt_care', 'none'));
    assert.ok(!wantsSnippets('select', 'none'));
  });

  it('finds the typed word with its hyphens', () => {
    assert.strictEqual(typedWord('x <- iapt-out'), 'iapt-out');
    assert.strictEqual(typedWord('SELECT '), '');
    assert.strictEqual(typedWord('r.phq9_first'), 'phq9_first');
    assert.strictEqual(typedWord(''), '');
  });

  it('finds it at once at the end of a long line of word characters', () => {
    // A regular expression ending in $ tried every start: this line took seconds (found by fuzzing the server).
    const line = ('a'.repeat(5000) + ' ').repeat(20) + 'keep';
    const started = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) assert.strictEqual(typedWord(line), 'keep');
    // Generous: the scan reads four characters; the old expression took about 4 s here.
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 1000);
  });

  it('has nothing for a language without snippets', () => {
    assert.deepStrictEqual(snippetCompletions('python', 'iapt-', range, 'none', all, true), []);
  });
});
