// Machine-readable output of `tre-catalogue check --format json|sarif`, for CI pipelines and output review.
// SARIF 2.1.0 is what code-scanning services (GitHub, GitLab, Azure DevOps) read.

import * as path from 'path';
import { pathToFileURL } from 'url';
import { CheckFinding } from './check';

/** Every diagnostic code the check can report, with the description SARIF viewers show. */
export const RULES: { id: string; text: string; level: SarifLevel }[] = [
  { id: 'unknown-table', text: 'A table name in the dataset\'s TRE naming that is no catalogue table.', level: 'warning' },
  { id: 'unknown-column', text: 'A column that is not in the catalogue table(s) the statement uses.', level: 'warning' },
  { id: 'invalid-value', text: 'A literal compared with a coded column that is not in its complete code list.', level: 'warning' },
  { id: 'grain-mismatch', text: 'A finer-grained table (contact, activity, assessment) joined into an aggregate over a referral- or person-level table.', level: 'note' },
  { id: 'catalogue', text: 'A problem in a catalogue file (YAML syntax, schema, duplicates).', level: 'error' },
];

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<CheckFinding['severity'], SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface Summary {
  files: number;
  findings: CheckFinding[];
  errors: string[];
}

/** Paths relative to `root` with forward slashes, as both formats want them portable. */
function relative(file: string, root: string): string {
  return path.relative(root, path.resolve(file)).split(path.sep).join('/');
}

export function toJson(summary: Summary, root: string): string {
  const results = summary.findings.map((f) => ({ ...f, file: relative(f.file, root) }));
  return JSON.stringify({ files: summary.files, problems: results.length, results, errors: summary.errors }, null, 2);
}

export function toSarif(summary: Summary, root: string): string {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tre-catalogue',
            informationUri: 'https://github.com/tre-catalogue/tre-catalogue',
            rules: RULES.map((r) => ({ id: r.id, shortDescription: { text: r.text }, defaultConfiguration: { level: r.level } })),
          },
        },
        // Result URIs are relative to the folder the check ran in.
        originalUriBaseIds: { SRCROOT: { uri: pathToUri(root) } },
        results: summary.findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: index.get(f.code),
          level: LEVEL[f.severity],
          message: { text: f.cell === undefined ? f.message : `cell ${f.cell}: ${f.message}` },
          // A notebook's line and column are within the cell, so the region says which cell.
          ...(f.cell === undefined ? {} : { properties: { cell: f.cell } }),
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relativeUri(f.file, root), uriBaseId: 'SRCROOT' },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
        invocations: [{ executionSuccessful: summary.errors.length === 0, toolExecutionNotifications: summary.errors.map((e) => ({ level: 'error', message: { text: e } })) }],
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

/** A folder as a file URI ending in `/`, as SARIF requires of base URIs. */
function pathToUri(folder: string): string {
  const uri = pathToFileURL(path.resolve(folder)).href;
  return uri.endsWith('/') ? uri : uri + '/';
}

/** A relative path as a relative URI reference: each segment percent-encoded (`#`, `?`, `%` and spaces too). */
function relativeUri(file: string, root: string): string {
  return relative(file, root).split('/').map(encodeURIComponent).join('/');
}
