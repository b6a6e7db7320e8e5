// Code chunks of R Markdown (.Rmd) and Quarto (.qmd) documents: ```{r label, echo=FALSE}, ```{sql
// connection=con, output.var="df"}, ```{stata}, and plain ```r / ```sql / ```stata fences, and inline R code
// (`r nrow(ref)`). Everything else (YAML header, prose, other fences) is not code and is never analysed.

import { Span } from '../model';

export type ChunkLanguage = 'r' | 'sql' | 'stata';

export interface Chunk {
  language: ChunkLanguage;
  /** The opening fence line, without its line break. */
  header: Span;
  /** The code between the fences (from the start of the line after the header to the start of the closing fence). */
  body: Span;
  /** The closing fence line without its line break; empty at the end of the document when the chunk is unclosed. */
  footer: Span;
  /** knitr's `output.var="df"` (header) or Quarto's `#| output.var: df` (body): the R variable a SQL chunk fills. */
  outputVar?: string;
  /** Quarto `#| option: value` lines in the body: comments in R, but not in SQL or Stata, so they are blanked. */
  optionLines: Span[];
  /**
   * knitr's `eval=FALSE` (header) or Quarto's `#| eval: false`: the chunk is shown but never run. Without an eval
   * option of its own, the document's default: Quarto's `execute: eval: false` (or `knitr: opts_chunk: eval: false`)
   * in the YAML header, and `knitr::opts_chunk$set(eval = FALSE)` in a chunk run before it.
   */
  notRun?: boolean;
  /**
   * Inline R code in prose: `r nrow(ref)` (knitr) or `{r} nrow(ref)` (Quarto). The header is the opening "`r ",
   * the footer the closing backtick, the body the expression; knitr runs it where it stands, between the chunks.
   */
  inline?: boolean;
}

const LANGUAGES: Record<string, ChunkLanguage> = { r: 'r', sql: 'sql', stata: 'stata' };

// ```{r ...}: the engine is the first word inside the braces. `{{r}}` (Quarto's verbatim chunk) has no word there.
const EXECUTABLE = /^[ \t]*(`{3,}|~{3,})[ \t]*\{[ \t]*([A-Za-z]+)\b([^}]*)\}[ \t]*$/;
// ```r or ```sql: a plain fence with a language info string.
const PLAIN = /^[ \t]*(`{3,}|~{3,})[ \t]*([A-Za-z]+)[ \t]*$/;
const ANY_FENCE = /^[ \t]*(`{3,}|~{3,})/;
const OUTPUT_VAR_HEADER = /\boutput\.var[ \t]*=[ \t]*(["'])([A-Za-z.][\w.]*)\1/;
const OPTION_LINE = /^[ \t]*#\|/;
const EVAL_HEADER = /(?:^|[\s,])eval[ \t]*=[ \t]*(FALSE|F|TRUE|T)[ \t]*(?:,|$)/;
const EVAL_OPTION = /^[ \t]*#\|[ \t]*eval[ \t]*:[ \t]*(false|False|FALSE|true|True|TRUE)[ \t]*$/;
// knitr::opts_chunk$set(..., eval = FALSE, ...) on a line of its own: the default of the chunks after it.
const OPTS_CHUNK_SET = /^[ \t]*(?:knitr::)?opts_chunk\$set\(([^()#]*)\)[ \t]*;?[ \t]*(?:#.*)?$/;
const EVAL_ARG = /(?:^|,)[ \t]*eval[ \t]*=[ \t]*(FALSE|F|TRUE|T)[ \t]*(?:,|$)/;
const runs = (value: string): boolean => value.startsWith('T') || value.startsWith('t');
const OUTPUT_VAR_OPTION = /^[ \t]*#\|[ \t]*output\.var[ \t]*:[ \t]*(["']?)([A-Za-z.][\w.]*)\1[ \t]*$/;

interface Line {
  start: number;
  /** End of the line's text, before \r\n or \n. */
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const stop = nl < 0 ? text.length : nl;
    const end = stop > start && text[stop - 1] === '\r' ? stop - 1 : stop;
    lines.push({ start, end, text: text.slice(start, end) });
    if (nl < 0) break;
    start = nl + 1;
  }
  return lines;
}

/**
 * Whether chunks run by default, by the YAML header at the top of the document: Quarto's `execute:` (and its
 * `knitr: opts_chunk:`) with `eval: false` on a line of its own, or `execute: {eval: false}`.
 */
function runByDefault(lines: Line[]): boolean {
  if (lines[0]?.text.trimEnd() !== '---') return true;
  let run = true;
  // The parent keys of the lines in force, by indentation.
  const keys: { indent: number; key: string }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].text.replace(/[ \t]+#.*$/, '');
    if (/^(---|\.\.\.)[ \t]*$/.test(line)) return run;
    const m = /^([ ]*)([A-Za-z_][\w.-]*)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m) continue;
    const indent = m[1].length;
    while (keys.length && keys[keys.length - 1].indent >= indent) keys.pop();
    const path = keys.map((k) => k.key).join('.');
    const value = m[3];
    if (m[2] === 'eval' && (path === 'execute' || path === 'knitr.opts_chunk') && /^(false|False|FALSE|true|True|TRUE)$/.test(value)) run = runs(value);
    const flow = /^\{(.*)\}$/.exec(value);
    if (flow && (m[2] === 'execute' && path === '')) {
      const e = /(?:^|,)[ \t]*eval[ \t]*:[ \t]*(false|true)[ \t]*(?:,|$)/i.exec(flow[1]);
      if (e) run = runs(e[1]);
    }
    if (value === '') keys.push({ indent, key: m[2] });
  }
  // No closing line: not a YAML header.
  return true;
}

// `r expr` or `{r} expr` on one line: knitr's inline code (an expression that holds no backtick).
const INLINE_R = /`(r|\{r\})[ \t]+([^`\r\n]*[^`\s])[ \t]*`/g;

function inlineR(line: Line): Chunk[] {
  const out: Chunk[] = [];
  for (const m of line.text.matchAll(INLINE_R)) {
    const start = line.start + (m.index ?? 0);
    const bodyStart = start + m[0].indexOf(m[2], 1 + m[1].length);
    const close = start + m[0].length - 1;
    out.push({ language: 'r', inline: true, header: { start, end: bodyStart }, body: { start: bodyStart, end: bodyStart + m[2].length }, footer: { start: close, end: close + 1 }, optionLines: [] });
  }
  return out;
}

export function findChunks(text: string): Chunk[] {
  const lines = linesOf(text);
  const chunks: Chunk[] = [];
  let run = runByDefault(lines);
  for (let i = 0; i < lines.length; i++) {
    const open = ANY_FENCE.exec(lines[i].text);
    if (!open) {
      if (lines[i].text.includes('`')) chunks.push(...inlineR(lines[i]));
      continue;
    }
    const fence = open[1];
    const exec = EXECUTABLE.exec(lines[i].text);
    const plain = exec ? undefined : PLAIN.exec(lines[i].text);
    const language = LANGUAGES[(exec?.[2] ?? plain?.[2] ?? '').toLowerCase()];
    // The closing fence: the same character, at least as many, nothing else on the line.
    const close = new RegExp(`^[ \\t]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j].text)) j++;
    if (language) {
      const bodyStart = i + 1 < lines.length ? lines[i + 1].start : lines[i].end;
      const footer = j < lines.length ? { start: lines[j].start, end: lines[j].end } : { start: text.length, end: text.length };
      const chunk: Chunk = { language, header: { start: lines[i].start, end: lines[i].end }, body: { start: bodyStart, end: Math.max(bodyStart, footer.start) }, footer, optionLines: [] };
      const fromHeader = exec && OUTPUT_VAR_HEADER.exec(exec[3]);
      if (fromHeader) chunk.outputVar = fromHeader[2];
      let own: boolean | undefined;
      const header = exec && EVAL_HEADER.exec(exec[3]);
      if (header) own = runs(header[1]);
      // Quarto puts chunk options in `#|` lines at the top of the body.
      let k = i + 1;
      for (; k < j && OPTION_LINE.test(lines[k].text); k++) {
        chunk.optionLines.push({ start: lines[k].start, end: lines[k].end });
        const option = OUTPUT_VAR_OPTION.exec(lines[k].text);
        if (option) chunk.outputVar = option[2];
        const evalOption = EVAL_OPTION.exec(lines[k].text);
        if (evalOption) own = runs(evalOption[1]);
      }
      if (!(own ?? run)) chunk.notRun = true;
      // An R chunk that runs may set the default of those after it.
      else if (language === 'r') {
        for (; k < j; k++) {
          const set = OPTS_CHUNK_SET.exec(lines[k].text);
          const arg = set && EVAL_ARG.exec(set[1]);
          if (arg) run = runs(arg[1]);
        }
      }
      chunks.push(chunk);
    }
    i = j;
  }
  return chunks;
}
