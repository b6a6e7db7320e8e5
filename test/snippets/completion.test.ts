import * as assert from 'assert';
import { CompletionItemKind, InsertTextFormat, MarkupContent } from 'vscode-languageserver';
import { snippetCompletions, typedWord, wantsSnippets } from '../../server/src/features/snippets';
import { resolveSnippet } from '../../server/src/features/snippet-text';
import { CompletionContext, Scope } from '../../server/src/languages/model';
import { LANGUAGES, snippetsOf } from './data';

const all = new Map(LANGUAGES.map((l) => [l, snippetsOf(l)]));
const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } };

describe('snippet completion items (server side)', () => {
  it('offers every snippet of the language as a Snippet item with its description and resolved body', () => {
    const items = snippetCompletions('r', 'iapt-out', range, { kind: 'none' }, all, true);
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
    const items = snippetCompletions('stata', 'iapt-', range, { kind: 'none' }, all, false);
    assert.strictEqual(items.length, snippetsOf('stata').length);
    for (const item of items) {
      const s = snippetsOf('stata').find((d) => d.prefix === item.label)!;
      assert.strictEqual(item.insertTextFormat, InsertTextFormat.PlainText);
      assert.deepStrictEqual(item.textEdit, { range, newText: resolveSnippet(s.body) });
    }
  });

  it('is offered for `iapt-` where code may start, and for a start of `iapt` only where no name is expected', () => {
    const none: CompletionContext = { kind: 'none' };
    const span = { start: 0, end: 0 };
    const scope: Scope = { bindings: [], span, caseSensitive: false };
    const column: CompletionContext = { kind: 'column', prefix: '', replace: span, scope, quoted: false };
    const table: CompletionContext = { kind: 'table', prefix: '', replace: span, typed: undefined, quoted: false };
    assert.ok(wantsSnippets('IAPT-OUT', none, 'r'));
    assert.ok(wantsSnippets('iapt-', column, 'sql'), 'T-SQL: a statement may start where a column could still be meant');
    assert.ok(!wantsSnippets('iapt-', column, 'r'), 'R: a column only inside a call');
    assert.ok(!wantsSnippets('iapt-', column, 'stata'), "Stata: a column only in a command's variable list");
    assert.ok(!wantsSnippets('iapt-', { ...column, quoted: true }, 'sql'));
    assert.ok(!wantsSnippets('iapt-', table, 'sql'));
    assert.ok(!wantsSnippets('iapt-', { kind: 'value', prefix: '', replace: span, column: { name: 'x', span, scope }, quote: "'", closed: true }, 'sql'));
    for (const reason of ['comment', 'string', 'number', 'name'] as const) assert.ok(!wantsSnippets('iapt-', { kind: 'none', reason }, 'sql'), reason);
    assert.ok(!wantsSnippets('iapt-', { kind: 'none', embedded: 'sql' }, 'r'), 'SQL in an R string');
    assert.ok(!wantsSnippets('iapt-', { ...column, embedded: 'sql' }, 'sql'));
    // `AS iapt-` reads as `AS iapt -`: the context at the caret (after `-`) says nothing of the AS before the word.
    assert.ok(!wantsSnippets('iapt-', none, 'sql', { kind: 'none', reason: 'name' }));
    assert.ok(wantsSnippets('ia', none, 'sql'));
    assert.ok(wantsSnippets('iapt', none, 'stata'));
    assert.ok(!wantsSnippets('iapt', table, 'sql'), 'nhsd.IAPT_ table names keep their own list');
    assert.ok(!wantsSnippets('i', column, 'sql'));
    assert.ok(!wantsSnippets('', none, 'sql'));
    assert.ok(!wantsSnippets('iapt_care', none, 'sql'));
    assert.ok(!wantsSnippets('select', none, 'sql'));
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
    assert.deepStrictEqual(snippetCompletions('python', 'iapt-', range, { kind: 'none' }, all, true), []);
  });
});
