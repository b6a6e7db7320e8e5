// R Markdown and Quarto: the chunks of each language, in document order, analysed as one script of that
// language. Each script is the whole document with everything outside its chunks replaced by spaces (line
// breaks kept), so every offset in it is the document's own offset and no span needs mapping.
//
// A SQL chunk with `output.var="df"` fills the R data frame `df`: in the R script it becomes
// `df=dbGetQuery(0,r"(...)")`, written over its fence and option lines, so the R analyser reads the query as
// embedded SQL and knows df's columns in later R chunks. When that text does not fit (or the query contains
// `)"`), the chunk is analysed as plain SQL and df stays unknown, which is never diagnosed.

import { DocumentModel, Span } from '../model';
import { analyseR } from '../r/analyse';
import { analyseSql } from '../sql/analyse';
import { analyseStata } from '../stata/analyse';
import { Chunk, ChunkLanguage, findChunks } from './chunks';

/** A script the size of the document: spaces everywhere except line breaks. */
function blankScript(text: string): string[] {
  const out = new Array<string>(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text[i] === '\n' || text[i] === '\r' ? text[i] : ' ';
  return out;
}

function copy(script: string[], text: string, span: Span, skip: Span[] = []): void {
  for (let i = span.start; i < span.end; i++) {
    if (!skip.some((s) => i >= s.start && i < s.end)) script[i] = text[i];
  }
}

function write(script: string[], at: number, s: string): void {
  for (let i = 0; i < s.length; i++) script[at + i] = s[i];
}

/**
 * Writes `name=dbGetQuery(0,r"(` over the fence and option lines, and `)")` over the closing fence (knitr reads a SQL
 * chunk through DBI, which converts no column as RODBC's sqlQuery does).
 * Pieces that R reads across a line break are kept whole: `dbGetQuery` and `(` must share a line.
 */
function embedInR(script: string[], text: string, chunk: Chunk): boolean {
  if (!chunk.outputVar || chunk.footer.end - chunk.footer.start < 3) return false;
  if (text.slice(chunk.body.start, chunk.body.end).includes(')"')) return false;
  const lines = [chunk.header, ...chunk.optionLines];
  const pieces = [`${chunk.outputVar}=`, 'dbGetQuery(', '0,', 'r"('];
  const placed: { at: number; s: string }[] = [];
  let line = 0;
  let col = lines[0].start;
  for (const piece of pieces) {
    while (line < lines.length && col + piece.length > lines[line].end) {
      line++;
      col = line < lines.length ? lines[line].start : 0;
    }
    if (line >= lines.length) return false;
    placed.push({ at: col, s: piece });
    col += piece.length;
  }
  for (const p of placed) write(script, p.at, p.s);
  write(script, chunk.footer.start, ')")');
  copy(script, text, chunk.body, chunk.optionLines);
  return true;
}

/**
 * A chunk that is never run (eval=FALSE) becomes the body of a function: `\(){` (R's short form of `function(){`, so
 * that it fits over a bare ```{r} fence) written over its fence or an option line, `}` over its closing fence. Its code is still read (completion, checks against what ran before),
 * but what it assigns stays inside. False when that does not fit: then the chunk is left out.
 */
function wrapNotRun(script: string[], text: string, chunk: Chunk): boolean {
  const open = '\\(){';
  if (chunk.footer.end - chunk.footer.start < 1) return false;
  const line = [chunk.header, ...chunk.optionLines].find((l) => l.end - l.start >= open.length);
  if (!line) return false;
  copy(script, text, chunk.body);
  // The rest of an option line (`#| eval: false`) must not be left as code after the `{`.
  write(script, line.start, open.padEnd(line.end - line.start));
  write(script, chunk.footer.start, '}');
  return true;
}

interface Part {
  model: DocumentModel;
  /** Bodies of the chunks this model answers for. */
  bodies: Span[];
  /** The language of each of `bodies`: an output.var SQL chunk is read by the R model. */
  languages: ChunkLanguage[];
}

export function analyseLiterate(text: string): DocumentModel {
  const chunks = findChunks(text);
  const scripts: Partial<Record<ChunkLanguage, { script: string[]; bodies: Span[]; languages: ChunkLanguage[] }>> = {};
  const scriptOf = (language: ChunkLanguage): { script: string[]; bodies: Span[]; languages: ChunkLanguage[] } => (scripts[language] ??= { script: blankScript(text), bodies: [], languages: [] });
  for (const chunk of chunks) {
    if (chunk.notRun && chunk.language === 'r') {
      const r = scriptOf('r');
      if (wrapNotRun(r.script, text, chunk)) {
        r.bodies.push(chunk.body);
        r.languages.push(chunk.language);
      }
      continue;
    }
    // A SQL chunk that is never run fills no data frame: it is analysed as plain SQL.
    if (chunk.language === 'sql' && chunk.outputVar && !chunk.notRun) {
      const r = scriptOf('r');
      if (embedInR(r.script, text, chunk)) {
        r.bodies.push(chunk.body);
        r.languages.push(chunk.language);
        continue;
      }
    }
    const s = scriptOf(chunk.language);
    copy(s.script, text, chunk.body, chunk.language === 'r' ? [] : chunk.optionLines);
    // Chunks are separate batches: a statement never runs on into the next chunk.
    if (chunk.language === 'sql' && chunk.footer.end > chunk.footer.start) s.script[chunk.footer.start] = ';';
    // Inline code is an expression of its own, among the prose around it: its backticks end what comes before.
    if (chunk.inline) s.script[chunk.header.start] = s.script[chunk.footer.start] = ';';
    s.bodies.push(chunk.body);
    s.languages.push(chunk.language);
  }
  const analysers: Record<ChunkLanguage, (t: string) => DocumentModel> = { r: analyseR, sql: analyseSql, stata: analyseStata };
  const parts: Part[] = [];
  for (const language of ['r', 'sql', 'stata'] as const) {
    const s = scripts[language];
    if (s && s.bodies.length) parts.push({ model: analysers[language](s.script.join('')), bodies: s.bodies, languages: s.languages });
  }
  return mergeModels(parts);
}

function mergeModels(parts: Part[]): DocumentModel {
  const inBody = (offset: number, b: Span): boolean => offset >= b.start && offset <= b.end;
  // The text written over fences (`dbGetQuery(0,r"(`) is no one's code: nothing in it is reported.
  const inside = (p: Part, s: Span): boolean => p.bodies.some((b) => s.start >= b.start && s.end <= b.end);
  return {
    tableRefs: parts.flatMap((p) => p.model.tableRefs.filter((t) => inside(p, t.span))),
    columnRefs: parts.flatMap((p) => p.model.columnRefs.filter((c) => inside(p, c.span) && (!c.qualifierSpan || inside(p, c.qualifierSpan)))),
    valueRefs: parts.flatMap((p) => p.model.valueRefs.filter((v) => inside(p, v.span))),
    literals: parts.flatMap((p) => p.model.literals.filter((l) => inside(p, l.span))),
    completionContext: (offset) => {
      for (const part of parts) {
        const k = part.bodies.findIndex((b) => inBody(offset, b));
        if (k < 0) continue;
        const language = part.languages[k];
        const ctx = part.model.completionContext(offset);
        // An output.var SQL chunk is read as SQL in an R string: in the document it is SQL code of its own.
        return ctx.embedded === 'sql' && language === 'sql' ? { ...ctx, embedded: undefined, language } : { ...ctx, language };
      }
      return { kind: 'none', reason: 'text' };
    },
  };
}
