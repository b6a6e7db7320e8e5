// `tre-catalogue check`: the editor's diagnostics for files on disk, as file:line:col lines
// (file:cell N:line:col for notebooks).

import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalogue } from '../catalogue/index';
import { diagnostics } from '../features/diagnostics';
import { analyserFor, languageOfFile, MAX_FILE_SIZE } from '../languages/registry';
import { checkNotebook } from './check-notebook';

/** One reported problem, 1-based, end exclusive (as in SARIF). */
export interface CheckFinding {
  file: string;
  /** For notebooks: the cell, numbered as VS Code does (markdown cells count); line and column are within it. */
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
}

export interface CheckResult {
  files: number;
  problems: number;
  lines: string[];
  findings: CheckFinding[];
  /** Paths that could not be read, with the reason. */
  errors: string[];
}

const SEVERITY_NAMES: Record<DiagnosticSeverity, CheckFinding['severity']> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.e2e']);

export function collectFiles(inputs: string[]): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  // Folders by their real path: a symbolic link back up the tree would otherwise be walked for ever.
  const seen = new Set<string>();
  const walk = (p: string, explicit: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push(`${p}: ${code === 'ENOENT' ? 'no such file or folder' : code === 'ELOOP' ? 'a loop of symbolic links' : (e as Error).message}`);
      return;
    }
    if (stat.isDirectory()) {
      if (!explicit && SKIP_DIRS.has(path.basename(p))) return;
      let real: string;
      let names: string[];
      try {
        real = fs.realpathSync(p);
        names = fs.readdirSync(p).sort();
      } catch (e) {
        errors.push(`${p}: ${(e as Error).message}`);
        return;
      }
      if (seen.has(real)) return;
      seen.add(real);
      for (const name of names) walk(path.join(p, name), false);
    } else if (!stat.isFile()) {
      // A FIFO or a device would block the read.
      if (explicit || languageOfFile(p)) errors.push(`${p}: not a regular file`);
    } else if (languageOfFile(p)) {
      files.push(p);
    } else if (explicit) {
      errors.push(`${p}: not a file type tre-catalogue checks`);
    }
  };
  for (const input of inputs) walk(input, true);
  return { files, errors };
}

/** A script's text: UTF-8, or UTF-16 when it starts with that byte-order mark (as SQL Server Management Studio saves). */
function readScript(file: string): string {
  const bytes = fs.readFileSync(file);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('utf8');
}

export function check(inputs: string[], catalogue: Catalogue): CheckResult {
  const { files, errors } = collectFiles(inputs);
  const lines: string[] = [];
  const findings: CheckFinding[] = [];
  let problems = 0;
  for (const file of files) {
    const languageId = languageOfFile(file) as string;
    if (languageId === 'ipynb') {
      for (const { cell, diagnostic } of checkNotebook(file, catalogue, errors)) {
        problems++;
        record(file, diagnostic, cell);
      }
      continue;
    }
    const analyser = analyserFor(languageId);
    if (!analyser) continue;
    let text: string;
    try {
      text = readScript(file);
    } catch (e) {
      errors.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    if (text.length > MAX_FILE_SIZE) {
      errors.push(`${file}: ${text.length.toLocaleString('en-GB')} characters, more than ${MAX_FILE_SIZE.toLocaleString('en-GB')}; not checked`);
      continue;
    }
    const doc = TextDocument.create('file://' + path.resolve(file), languageId, 1, text);
    const model = analyser.analyse(text);
    for (const d of diagnostics(doc, model, catalogue)) {
      problems++;
      record(file, d);
    }
  }
  return { files: files.length, problems, lines, findings, errors };

  function record(file: string, d: Diagnostic, cell?: number): void {
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    const where = cell === undefined ? file : `${file}:cell ${cell}`;
    lines.push(`${where}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${message}`);
    findings.push({
      file,
      cell,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      code: String(d.code),
      severity: SEVERITY_NAMES[d.severity ?? DiagnosticSeverity.Warning],
      message,
    });
  }
}
