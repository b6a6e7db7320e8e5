// Diagnostics: unknown tables, unknown columns and invalid coded values, reported only when certain.

import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalogue, closest } from '../catalogue/index';
import { SplitName, withBase } from '../catalogue/tre-names';
import { Dataset } from '../catalogue/model';
import { DocumentModel, References, SameAs, Scope, Span } from '../languages/model';
import { codeOf, isBlank } from './codes';
import { grainFindings } from './linkage';
import { resolverFor } from './resolve';

export const SOURCE = 'tre-catalogue';

export type DiagnosticCode = 'unknown-table' | 'unknown-column' | 'invalid-value' | 'grain-mismatch';

export interface DiagnosticSettings {
  enable: boolean;
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** `grain-mismatch` (information level, whatever `severity` says): a hint about intent, not a certain mistake. */
  grainMismatch?: boolean;
}

export const defaultDiagnosticSettings: DiagnosticSettings = { enable: true, severity: 'warning', grainMismatch: false };

/** A finding before it becomes an LSP diagnostic: code actions use the suggestions. */
export interface Finding {
  code: DiagnosticCode;
  span: Span;
  message: string;
  /** Replacement texts for the span, best first. */
  suggestions: string[];
}

/** The findings of a model, or with `within` only those that touch that span (quick fixes at the caret). */
export function findings(model: References, catalogue: Catalogue, within?: Span): Finding[] {
  return finish(findingSteps(model, catalogue, within));
}

/** Runs steps to the end. */
function finish<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** References checked per step of `findingSteps` (the server goes on to the next step until 8 ms have passed). */
const REFS_PER_STEP = 256;

/**
 * The same findings, a bounded number of references at a time: the server answers requests between steps
 * (a 50k-line script has 80,000 references), and drops the rest when the text changes meanwhile.
 */
export function* findingSteps(model: References, catalogue: Catalogue, within?: Span): Generator<void, Finding[]> {
  const resolver = resolverFor(catalogue);
  const out: Finding[] = [];
  const outside = (s: Span): boolean => within !== undefined && (s.end < within.start || s.start > within.end);
  let checked = 0;

  for (const ref of model.tableRefs) {
    if (++checked % REFS_PER_STEP === 0) yield;
    if (outside(ref.span) || resolver.table(ref.parts)) continue;
    const named = catalogue.datasetNamed(ref.parts);
    if (!named) continue;
    const { dataset, split } = named;
    const fixed = versionFixes(split, dataset);
    const suggestions = fixed.length > 0 ? fixed : closest(split.base, dataset.tables.map((t) => t.name)).map((base) => withBase(split, base));
    const lastSpan = ref.partSpans[ref.partSpans.length - 1];
    out.push({
      code: 'unknown-table',
      span: lastSpan,
      message: `Table '${ref.parts[ref.parts.length - 1]}' is not in the ${dataset.title} catalogue.` + didYouMean(suggestions),
      suggestions,
    });
  }

  const nearest = new Map<Scope, Map<string, string[]>>();
  for (const ref of model.columnRefs) {
    if (++checked % REFS_PER_STEP === 0) yield;
    if (outside(ref.span)) continue;
    const res = resolver.resolve(ref);
    if (res.kind === 'ambiguous') {
      out.push({
        code: 'unknown-column',
        span: ref.span,
        message: `'${ref.name}' is an ambiguous abbreviation: it could be ${summarise(res.matches.map((m) => `'${m}'`))}.`,
        // Each a fix of its own, none preferred: which one the script means cannot be told.
        suggestions: res.matches.slice(0, 12),
      });
      continue;
    }
    if (res.kind !== 'missing') continue;
    if (ref.pattern) {
      out.push({ code: 'unknown-column', span: ref.span, message: `No variable in ${res.where} matches '${ref.name}'.`, suggestions: [] });
      continue;
    }
    // The "did you mean" search reads every visible column: done once per scope, qualifier and name, which a
    // script (or a generated query) may repeat thousands of times.
    let byName = nearest.get(ref.scope);
    if (!byName) nearest.set(ref.scope, (byName = new Map()));
    const key = `${ref.qualifier ?? ''}\0${ref.name}`;
    let near = byName.get(key);
    if (!near) byName.set(key, (near = closest(ref.name, res.candidates())));
    // A real column of another table (gad_lastscore where only phq9_* were selected) is no misspelling: offering
    // the nearest visible name (phq9_lastscore) would change what the script computes. Only a case fix stays.
    const elsewhere = catalogue.tablesWithColumn(ref.name);
    const suggestions = elsewhere.length > 0 ? near.filter((n) => n.toLowerCase() === ref.name.toLowerCase()) : [...near];
    const known = elsewhere.length === 0 || suggestions.length > 0 ? '' : ` It is a column of ${elsewhere[0].name}${elsewhere.length > 1 ? ` and ${elsewhere.length - 1} other catalogue table${elsewhere.length > 2 ? 's' : ''}` : ''}.`;
    out.push({
      code: 'unknown-column',
      span: ref.span,
      message: `Column '${ref.name}' is not in ${res.where}.` + didYouMean(suggestions) + known,
      suggestions,
    });
  }

  for (const value of model.valueRefs) {
    if (++checked % REFS_PER_STEP === 0) yield;
    if (outside(value.span)) continue;
    const res = resolver.resolve(value.column);
    if (res.kind !== 'found' || !res.column.catalogue) continue;
    const { dataset, column } = res.column.catalogue;
    const list = catalogue.codeList(dataset, column);
    // Partial lists cannot prove a code wrong.
    if (!list || !list.complete || isBlank(value)) continue;
    if (codeOf(list, value)) continue;
    const codes = list.codes.map((c) => c.code);
    const suggestions = codes.filter((c) => c.toLowerCase() === value.value.toLowerCase() || c.replace(/^0+/, '') === value.value.replace(/^0+/, ''));
    out.push({
      code: 'invalid-value',
      span: value.span,
      message: `'${value.value}' is not a code of ${column.name} (${list.title}).` + didYouMean(suggestions) + ` Codes: ${summarise(codes)}.`,
      suggestions,
    });
  }
  return unique(out.sort((a, b) => a.span.start - b.span.start));
}

/**
 * Findings sorted by start, each once: a string pasted into several queries (R's paste0(q, ...), sprintf, glue)
 * is read, and its names checked, in each of them, and gave the same finding at the same place once per query.
 */
function unique(sorted: Finding[]): Finding[] {
  let out: Finding[] | undefined;
  for (let i = 1; i < sorted.length; i++) {
    const f = sorted[i];
    let repeated = false;
    for (let j = i - 1; j >= 0 && sorted[j].span.start === f.span.start && !repeated; j--) {
      const g = sorted[j];
      repeated = g.span.end === f.span.end && g.code === f.code && g.message === f.message;
    }
    if (repeated) out ??= sorted.slice(0, i);
    else out?.push(f);
  }
  return out ?? sorted;
}

/**
 * A version written with too few digits (`IAPT_care_activities_v003`) is read as part of the name, and the nearest
 * table (if near enough) would drop it: the name with the version padded to four digits, when the dataset knows it.
 */
function versionFixes(split: SplitName, dataset: Dataset): string[] {
  const m = /^(.*)_v(\d{1,3})$/i.exec(split.base);
  if (!m) return [];
  const version = 'v' + m[2].padStart(4, '0');
  const table = dataset.tables.find((t) => t.name.toLowerCase() === m[1].toLowerCase());
  if (!table || !dataset.naming.versions?.some((v) => v.toLowerCase() === version)) return [];
  return [withBase({ ...split, version }, table.name)];
}

function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return '';
  return ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?`;
}

function summarise(codes: string[]): string {
  return codes.length <= 12 ? codes.join(', ') : codes.slice(0, 12).join(', ') + `, … (${codes.length} in all)`;
}

const SEVERITY: Record<DiagnosticSettings['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function diagnostics(doc: TextDocument, model: DocumentModel, catalogue: Catalogue, settings: DiagnosticSettings = defaultDiagnosticSettings, within?: Span): Diagnostic[] {
  return finish(diagnosticSteps(doc, model, catalogue, settings, within));
}

/**
 * The findings of a full analysis, from a re-check that has become the same as the full check whose findings
 * are `base` (see `Analyser.sameAs`): base's before and after the part re-read, and those of its references in it.
 */
export function findingsAgainst(base: readonly Finding[], same: SameAs, catalogue: Catalogue): Finding[] {
  const out = base.filter((f) => f.span.start < same.from);
  for (const f of findings(same.between, catalogue)) out.push(f);
  const after = same.to - same.delta;
  for (const f of base) {
    if (f.span.start >= after) out.push({ ...f, span: { start: f.span.start + same.delta, end: f.span.end + same.delta } });
  }
  // The references re-read may lie before `from` (R: a stored query string, at its first run).
  for (let i = 1; i < out.length; i++) if (out[i].span.start < out[i - 1].span.start) return unique(out.sort((a, b) => a.span.start - b.span.start));
  return unique(out);
}

/** LSP diagnostics for findings, with the severity the settings give. */
export function toDiagnostics(doc: TextDocument, found: readonly Finding[], settings: DiagnosticSettings): Diagnostic[] {
  return found.map((f) => ({
    range: { start: doc.positionAt(f.span.start), end: doc.positionAt(f.span.end) },
    severity: f.code === 'grain-mismatch' ? DiagnosticSeverity.Information : (SEVERITY[settings.severity] ?? DiagnosticSeverity.Warning),
    source: SOURCE,
    code: f.code,
    message: f.message,
    data: { suggestions: f.suggestions },
  }));
}

/** `diagnostics` in steps (see `findingSteps`). */
export function* diagnosticSteps(doc: TextDocument, model: DocumentModel, catalogue: Catalogue, settings: DiagnosticSettings = defaultDiagnosticSettings, within?: Span): Generator<void, Diagnostic[]> {
  return toDiagnostics(doc, yield* settingFindingSteps(model, catalogue, settings, within), settings);
}

/** The findings the settings ask for (none when diagnostics are off; grain mismatches when asked), in steps. */
export function* settingFindingSteps(model: DocumentModel, catalogue: Catalogue, settings: DiagnosticSettings, within?: Span): Generator<void, Finding[]> {
  if (!settings.enable) return [];
  const all = yield* findingSteps(model, catalogue, within);
  if (settings.grainMismatch === true) {
    all.push(...grainFindings(model, catalogue).map((g): Finding => ({ code: 'grain-mismatch', span: g.span, message: g.message, suggestions: [] })));
    return unique(all.sort((a, b) => a.span.start - b.span.start));
  }
  return all;
}
