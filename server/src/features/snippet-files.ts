// Loads the snippet files shipped in snippets/ (<languageId>.json), found from the bundle (dist/) or the
// sources (server/src/...), as the embedded catalogue is.

import * as fs from 'fs';
import * as path from 'path';
import { parseSnippetFile, SnippetDefinition } from './snippets';

export function snippetFolder(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'snippets');
    if (fs.existsSync(path.join(candidate, 'sql.json'))) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

/** Snippets by language id. A broken file is skipped: snippets are a convenience, never a reason to fail. */
export function loadSnippets(folder = snippetFolder()): Map<string, SnippetDefinition[]> {
  const out = new Map<string, SnippetDefinition[]>();
  if (!folder) return out;
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
    try {
      out.set(path.basename(file, '.json').toLowerCase(), parseSnippetFile(fs.readFileSync(path.join(folder, file), 'utf8')));
    } catch {
      // skipped: see above
    }
  }
  return out;
}
