// `tre-catalogue check`: the editor's diagnostics for files on disk, as file:line:col lines.

import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalogue } from '../catalogue/index';
import { diagnostics } from '../features/diagnostics';
import { analyserFor, languageOfFile } from '../languages/registry';

export interface CheckResult {
  files: number;
  problems: number;
  lines: string[];
  /** Paths that could not be read, with the reason. */
  errors: string[];
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.e2e']);

export function collectFiles(inputs: string[]): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  const walk = (p: string, explicit: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      errors.push(`${p}: no such file or folder`);
      return;
    }
    if (stat.isDirectory()) {
      if (!explicit && SKIP_DIRS.has(path.basename(p))) return;
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name), false);
    } else if (languageOfFile(p)) {
      files.push(p);
    } else if (explicit) {
      errors.push(`${p}: not a file type tre-catalogue checks`);
    }
  };
  for (const input of inputs) walk(input, true);
  return { files, errors };
}

export function check(inputs: string[], catalogue: Catalogue): CheckResult {
  const { files, errors } = collectFiles(inputs);
  const lines: string[] = [];
  let problems = 0;
  for (const file of files) {
    const languageId = languageOfFile(file) as string;
    const analyser = analyserFor(languageId);
    if (!analyser) continue;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      errors.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    const doc = TextDocument.create('file://' + path.resolve(file), languageId, 1, text);
    const model = analyser.analyse(text);
    for (const d of diagnostics(doc, model, catalogue)) {
      problems++;
      lines.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${d.message}`);
    }
  }
  return { files: files.length, problems, lines, errors };
}
