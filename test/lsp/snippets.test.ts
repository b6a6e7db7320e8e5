// Snippets as completion items, for editors without VS Code's snippet files (Neovim, Emacs, ...),
// and none for a client that shows snippets/*.json itself (VS Code sends snippetsInClient: true).

import * as assert from 'assert';
import { CompletionItem, CompletionList, CompletionItemKind, InsertTextFormat, MarkupContent } from 'vscode-languageserver-protocol';
import { resolveSnippet } from '../../server/src/features/snippet-text';
import { snippetsOf } from '../snippets/data';
import { Client, items } from './client';

async function complete(client: Client, uri: string, languageId: string, text: string): Promise<CompletionItem[]> {
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const lines = text.split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return items(await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position }));
}

/** Completion at the caret marked ¦. */
async function completeAt(client: Client, uri: string, languageId: string, marked: string): Promise<CompletionItem[]> {
  const at = marked.indexOf('¦');
  const text = marked.replace('¦', '');
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const before = text.slice(0, at).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  return items(await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position }));
}

const snippetLabels = (items: CompletionItem[]): string[] => items.filter((i) => i.kind === CompletionItemKind.Snippet).map((i) => i.label);

describe('LSP: snippet completion', function () {
  this.timeout(30000);

  it('offers the iapt- snippets in SQL, R and Stata when the client has no snippet files', async () => {
    const client = new Client();
    await client.init;
    for (const [lang, text] of [['sql', 'SELECT 1;\niapt-out'], ['r', 'library(dplyr)\niapt-'], ['stata', 'iapt']] as const) {
      const labels = snippetLabels(await complete(client, `file:///tmp/snippets.${lang}`, lang, text));
      assert.ok(labels.includes('iapt-outcomes') && labels.includes('iapt-connect'), `${lang}: ${labels.join(', ')}`);
      assert.strictEqual(labels.length, 8, lang);
    }
    // Not where a column is expected and nothing says `iapt-`.
    const columns = await complete(client, 'file:///tmp/columns.sql', 'sql', 'SELECT r.i');
    assert.deepStrictEqual(snippetLabels(columns), []);
    await client.stop();
  });

  it('offers them only where code of the language may start: not in comments, strings, names or SQL in a string', async () => {
    const client = new Client();
    await client.init;
    const cases: [string, string, boolean][] = [
      ['sql', '-- remember to run iapt-ded¦ first\nSELECT 1;\n', false],
      ['sql', '/* iapt-¦', false],
      ['sql', "SELECT 'iapt-¦'", false],
      ['sql', 'SELECT r.pathwayid AS iap¦ FROM nhsd.IAPT_demographics_and_referral_v0003 r', false],
      ['sql', 'SELECT r.pathwayid AS iapt-¦ FROM nhsd.IAPT_demographics_and_referral_v0003 r', false],
      ['sql', 'SELECT [iapt-¦', false],
      ['sql', 'SELECT 1;\n  iap¦\n', true],
      // T-SQL needs no `;`: a new statement may start where a column could still be meant.
      ['sql', 'SELECT * FROM nhsd.IAPT_demographics_and_referral_v0003 r WHERE r.endcode = 46\niapt-¦', true],
      ['r', 'x <- "iapt-¦"\n', false],
      ['r', '# iapt-¦\n', false],
      ['r', 'x$iap¦', false],
      ['r', 'ref <- DBI::dbGetQuery(con, "SELECT * FROM iapt-¦")\n', false],
      ['r', 'ref <- DBI::dbGetQuery(con, "SELECT iapt-¦ FROM nhsd.IAPT_demographics_and_referral_v0003")\n', false],
      ['r', 'ref <- DBI::dbGetQuery(con, "iapt-¦")\n', false],
      ['r', 'ref <- RODBC::sqlFetch(con, "iapt-¦")\n', false],
      ['r', 'x <- 1\nia¦\n', true],
      ['r', 'f <- function() {\n  iapt-¦\n}\n', true],
      ['stata', '* iapt-¦\n', false],
      ['stata', 'gen x = 1 // iapt-¦\n', false],
      ['stata', 'display "iapt-¦"\n', false],
      ['stata', 'odbc load, exec("SELECT iapt-¦ FROM t") dsn("LLC_DB")\n', false],
      ['stata', 'odbc load, table("iapt-¦") dsn("LLC_DB")\n', false],
      ['stata', 'use referrals\nkeep iapt-¦\n', false],
      ['stata', 'use referrals\niapt-¦\n', true],
    ];
    let n = 0;
    for (const [lang, marked, offered] of cases) {
      const labels = snippetLabels(await completeAt(client, `file:///tmp/where${n++}.${lang}`, lang, marked));
      assert.strictEqual(labels.length, offered ? 8 : 0, `${lang} ${JSON.stringify(marked)}: ${labels.join(', ')}`);
    }
    await client.stop();
  });

  it('offers the snippets of the chunk in R Markdown and Quarto, also to a client that shows snippet files', async () => {
    // VS Code shows snippets/*.json by the document's language (sql, r, stata): not in .Rmd / .qmd documents.
    const doc = [
      '---',
      'title: "iapt-¦"',
      '---',
      'Some prose about iapt-¦ snippets.',
      '```{r setup}',
      'library(DBI)',
      'iapt-¦',
      '# iapt-¦',
      'ref <- dbGetQuery(con, "SELECT * FROM iapt-¦")',
      '```',
      '```{sql connection=con}',
      'iapt-¦',
      '```',
      '```{sql connection=con, output.var="df"}',
      'iapt-¦',
      '-- iapt-¦',
      '```',
      '```{stata}',
      'iapt-¦',
      '```',
      '```{python}',
      'iapt-¦',
      '```',
      '',
    ].join('\n');
    // The language of the snippets offered at each caret, or undefined for none.
    const expected = [undefined, undefined, 'r', undefined, undefined, 'sql', 'sql', undefined, 'stata', undefined];
    const carets: number[] = [];
    for (let i = doc.indexOf('¦'); i >= 0; i = doc.indexOf('¦', i + 1)) carets.push(i - carets.length);
    assert.strictEqual(carets.length, expected.length);
    const text = doc.replaceAll('¦', '');
    for (const client of [new Client(), new Client({ snippetsInClient: true })]) {
      await client.init;
      for (const [languageId, ext] of [['rmd', 'Rmd'], ['quarto', 'qmd']]) {
        const uri = `file:///tmp/literate.${ext}`;
        await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
        for (let k = 0; k < carets.length; k++) {
          const before = text.slice(0, carets[k]).split('\n');
          const position = { line: before.length - 1, character: before[before.length - 1].length };
          const snippets = items(await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position })).filter(
            (i) => i.kind === CompletionItemKind.Snippet,
          );
          const languages = [...new Set(snippets.map((i) => /^```(\w+)/.exec((i.documentation as MarkupContent).value)?.[1]))];
          assert.deepStrictEqual(languages, expected[k] ? [expected[k]] : [], `${languageId} caret ${k} (line ${position.line + 1})`);
          if (expected[k]) assert.strictEqual(snippets.length, 8);
        }
      }
      await client.stop();
    }
  });

  it('replaces no further than the end of the line when asked past it', async () => {
    const client = new Client();
    await client.init;
    const uri = 'file:///tmp/past-end.sql';
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version: 1, text: 'SELECT 1;\r\niapt\r\n' } });
    const ranges = async (character: number): Promise<unknown[]> =>
      items(await client.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character } }))
        .filter((i) => i.kind === CompletionItemKind.Snippet)
        .map((i) => (i.textEdit && 'range' in i.textEdit ? i.textEdit.range : undefined));
    const atEnd = await ranges(4);
    assert.strictEqual(atEnd.length, 8);
    assert.deepStrictEqual(atEnd[0], { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
    assert.deepStrictEqual(await ranges(40), atEnd);
    await client.stop();
  });

  it('sends snippet syntax only to a client with snippetSupport, plain text with the defaults to others', async () => {
    // Without snippet support (Emacs eglot without yasnippet) `${1:LLC_XXXX}` would be inserted as it stands.
    const body = snippetsOf('sql').find((s) => s.prefix === 'iapt-connect')!.body;
    const withSupport = new Client(undefined, [], { textDocument: { completion: { completionItem: { snippetSupport: true } } } });
    const without = new Client(undefined, [], { textDocument: { completion: { completionItem: { snippetSupport: false } } } });
    const none = new Client();
    for (const [client, format, text] of [
      [withSupport, InsertTextFormat.Snippet, body],
      [without, InsertTextFormat.PlainText, resolveSnippet(body)],
      [none, InsertTextFormat.PlainText, resolveSnippet(body)],
    ] as const) {
      await client.init;
      const item = (await complete(client, 'file:///tmp/format.sql', 'sql', 'iapt-conn')).find((i) => i.label === 'iapt-connect')!;
      assert.strictEqual(item.insertTextFormat, format);
      const edit = item.textEdit && 'range' in item.textEdit ? item.textEdit.newText : item.textEditText;
      assert.strictEqual(edit, text);
      if (format === InsertTextFormat.PlainText) assert.ok(!text.includes('${') && text.includes('[LLC_XXXX].[nhsd_IAPT_demographics_and_referral_v0003]'), text);
      await client.stop();
    }
  });

  it('offers none when the client shows snippet files itself (snippetsInClient)', async () => {
    const client = new Client({ snippetsInClient: true });
    await client.init;
    for (const lang of ['sql', 'r', 'stata']) {
      assert.deepStrictEqual(snippetLabels(await complete(client, `file:///tmp/in-client.${lang}`, lang, 'iapt-')), [], lang);
    }
    await client.stop();
  });
});
