// Snippet completion for editors that do not read VS Code's snippets/*.json (Neovim, Emacs, ...).
// VS Code shows those files itself; its client says so with initializationOptions.snippetsInClient.
//
// When they are offered: where code of the language may start (see `codeMayStart`), when the word before the caret
// (letters, digits, `_` and `-`) starts with `iapt-` (no SQL, R or Stata name contains `-`, so nothing else can be
// meant there), or is a start of `iapt` (`i` .. `iapt`) where the analyser expects no table, column or value name
// either (so `nhsd.IAPT_` and column names keep their own list).

import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, Range } from 'vscode-languageserver';
import { CompletionContext } from '../languages/model';
import { resolveSnippet } from './snippet-text';

export interface SnippetDefinition {
  /** The key of the snippet in its file. */
  name: string;
  prefix: string;
  description: string;
  /** VS Code snippet syntax, lines joined with \n. */
  body: string;
}

/** The snippets of one file in VS Code's format: { name: { prefix, body, description } }. */
export function parseSnippetFile(json: string): SnippetDefinition[] {
  const raw = JSON.parse(json) as Record<string, { prefix?: string | string[]; body?: string | string[]; description?: string }>;
  const out: SnippetDefinition[] = [];
  for (const [name, s] of Object.entries(raw)) {
    const prefixes = Array.isArray(s.prefix) ? s.prefix : s.prefix ? [s.prefix] : [];
    const body = Array.isArray(s.body) ? s.body.join('\n') : s.body ?? '';
    for (const prefix of prefixes) out.push({ name, prefix, description: s.description ?? name, body });
  }
  return out;
}

/**
 * The word being typed: the run of letters, digits, `_` and `-` that ends at the caret. Read backwards from the
 * caret: the regular expression /[A-Za-z0-9_-]*$/ tries every start in the line, which on a long line of such
 * characters took seconds.
 */
export function typedWord(textBeforeCaret: string): string {
  let i = textBeforeCaret.length;
  while (i > 0 && isWordChar(textBeforeCaret.charCodeAt(i - 1))) i--;
  return textBeforeCaret.slice(i);
}

const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;

/**
 * Whether a snippet of `language` may be inserted at a caret with this completion context: not in a comment, string
 * or number, not where a name is given (the context's `reason`), not in SQL that a string of the document holds
 * (`embedded`), not in a value or a quoted name, not where a table name is expected. A column may be expected where
 * a statement may also start only in SQL (T-SQL needs no `;` between statements: `WHERE x = 1` then a new line);
 * in R and Stata a column is expected only inside a call or a command's variable list.
 */
export function codeMayStart(context: CompletionContext, language: string): boolean {
  if (context.embedded) return false;
  switch (context.kind) {
    case 'none':
      return context.reason === undefined;
    case 'column':
      return language === 'sql' && !context.quoted;
    default:
      return false;
  }
}

/** How the typed word may name a snippet: it starts with `iapt-`, or it is a start of `iapt`; undefined if neither. */
export function snippetWord(typed: string): 'iapt-' | 'iapt' | undefined {
  const word = typed.toLowerCase();
  if (word.startsWith('iapt-')) return 'iapt-';
  return word.length > 0 && 'iapt'.startsWith(word) ? 'iapt' : undefined;
}

/**
 * `context` is the completion context at the caret, `atWordStart` the one at the start of the typed word: the
 * analysers read `iapt-out` as `iapt - out`, so only there is it known what comes before the word (`AS`, R's `$`).
 */
export function wantsSnippets(typed: string, context: CompletionContext, language: string, atWordStart = context): boolean {
  const word = snippetWord(typed);
  if (!word || !codeMayStart(atWordStart, language)) return false;
  return word === 'iapt-' || (context.kind === 'none' && context.reason === undefined);
}

/**
 * Completion items for the snippets of a language. `replace` is the range of the typed word, so clients
 * filter on the whole `iapt-...` text even where `-` ends a word. `snippetSupport`: the client reads snippet
 * syntax (`textDocument.completion.completionItem.snippetSupport`); a client that does not would insert
 * `${1:LLC_XXXX}` as it stands, so it gets the body as plain text with every tab stop at its default (the code
 * shown in the documentation, and the code `test/snippets/` runs).
 */
export function snippetCompletions(
  languageId: string,
  typed: string,
  replace: Range,
  context: CompletionContext,
  snippets: Map<string, SnippetDefinition[]>,
  snippetSupport: boolean,
  atWordStart = context,
): CompletionItem[] {
  const lang = languageId.toLowerCase();
  if (!wantsSnippets(typed, context, lang, atWordStart)) return [];
  return (snippets.get(lang) ?? []).map((s) => {
    const plain = resolveSnippet(s.body);
    return {
      label: s.prefix,
      kind: CompletionItemKind.Snippet,
      detail: s.description,
      documentation: { kind: MarkupKind.Markdown, value: '```' + lang + '\n' + plain + '\n```' },
      insertTextFormat: snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      filterText: s.prefix,
      textEdit: { range: replace, newText: snippetSupport ? s.body : plain },
    };
  });
}
