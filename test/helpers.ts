// Test helpers: `|` marks the caret in fixture text, as in yaml-language-server's tests.

import { TextDocument } from 'vscode-languageserver-textdocument';

export function caret(fixture: string): { text: string; offset: number } {
  const offset = fixture.indexOf('|');
  if (offset < 0) throw new Error('fixture has no | caret');
  return { text: fixture.slice(0, offset) + fixture.slice(offset + 1), offset };
}

export function sqlDoc(text: string): TextDocument {
  return TextDocument.create('file:///test.sql', 'sql', 1, text);
}
