import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../../../server/src/features/code-actions';
import { complete } from '../../../server/src/features/completion';
import { defaultDiagnosticSettings, diagnostics } from '../../../server/src/features/diagnostics';
import { hover } from '../../../server/src/features/hover';
import { analyseLiterate } from '../../../server/src/languages/literate/analyse';
import { findChunks } from '../../../server/src/languages/literate/chunks';
import { DocumentModel, Span } from '../../../server/src/languages/model';
import { analyserFor, languageOfFile } from '../../../server/src/languages/registry';
import { iaptCatalogue, REPO } from '../../iapt';

const DEMOG = '[LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]';
const EXAMPLES = path.join(REPO, 'examples', 'notebooks');
const catalogue = iaptCatalogue();
const fence = '```';

const qmdDoc = (text: string): TextDocument => TextDocument.create('file:///report.qmd', 'quarto', 1, text);
/** `code text` of every diagnostic, the text read at its range. */
function flagged(text: string): string[] {
  const doc = qmdDoc(text);
  return diagnostics(doc, analyseLiterate(text), catalogue).map((d) => `${d.code} ${doc.getText(d.range)}`);
}
/** The caret is ‸: Quarto's `#|` option lines already use |. */
function labelsAt(fixture: string): string[] {
  const offset = fixture.indexOf('‸');
  assert.ok(offset >= 0, 'fixture has no ‸ caret');
  const text = fixture.slice(0, offset) + fixture.slice(offset + 1);
  return complete(qmdDoc(text), analyseLiterate(text), catalogue, offset).map((i) => i.label);
}
/** Every span the model reports. */
function spans(m: DocumentModel): Span[] {
  return [
    ...m.tableRefs.flatMap((t) => [t.span, ...t.partSpans]),
    ...m.columnRefs.flatMap((c) => (c.qualifierSpan ? [c.span, c.qualifierSpan] : [c.span])),
    ...m.valueRefs.map((v) => v.span),
    ...m.literals.map((l) => l.span),
  ];
}

describe('R Markdown and Quarto: chunks', () => {
  it('finds ```{r}, ```{sql}, ```{stata} and plain ```r fences, and nothing in the YAML header, prose or other fences', () => {
    const text = [
      '---', 'title: "SELECT x FROM y"', '---', 'Prose: df$col', '',
      `${fence}{r setup, include=FALSE}`, 'x <- 1', fence,
      `${fence}{python}`, 'print(1)', fence,
      `${fence}{{r}}`, 'shown <- verbatim', fence,
      `${fence}{sql, connection=con, output.var="df"}`, 'SELECT 1', fence,
      `${fence}{stata}`, 'summarize x', fence,
      `${fence}sql`, 'SELECT 2', fence,
      '````markdown', `${fence}{r}`, 'inside <- an_example', fence, '````',
    ].join('\n');
    const chunks = findChunks(text);
    assert.deepStrictEqual(
      chunks.map((c) => [c.language, text.slice(c.body.start, c.body.end), c.outputVar]),
      [['r', 'x <- 1\n', undefined], ['sql', 'SELECT 1\n', 'df'], ['stata', 'summarize x\n', undefined], ['sql', 'SELECT 2\n', undefined]],
    );
  });

  it('reads Quarto #| options: output.var, and option lines that SQL must not see', () => {
    const text = `${fence}{sql}\n#| connection: con\n#| output.var: "ref"\nSELECT 1\n${fence}\n`;
    const [chunk] = findChunks(text);
    assert.strictEqual(chunk.outputVar, 'ref');
    assert.deepStrictEqual(chunk.optionLines.map((s) => text.slice(s.start, s.end)), ['#| connection: con', '#| output.var: "ref"']);
  });

  it('keeps CRLF line ends and an unclosed last chunk', () => {
    const text = `${fence}{r}\r\nx <- 1\r\n${fence}\r\n${fence}{r}\r\ny <- 2`;
    const chunks = findChunks(text);
    assert.deepStrictEqual(chunks.map((c) => text.slice(c.body.start, c.body.end)), ['x <- 1\r\n', 'y <- 2']);
  });

  it('registers rmd, rmarkdown and quarto, and .Rmd / .qmd files', () => {
    for (const id of ['rmd', 'rmarkdown', 'quarto']) assert.ok(analyserFor(id), id);
    assert.strictEqual(languageOfFile('report.qmd'), 'quarto');
    assert.strictEqual(languageOfFile('analysis.Rmd'), 'rmd');
  });
});

describe('R Markdown and Quarto: analysis', () => {
  it('gives R chunks the R analyser, one script: a data frame from an earlier chunk is known later', () => {
    const text = `Prose.\n\n${fence}{r}\nref <- sqlQuery(conn, "SELECT pathwayid, phq9_firstscore FROM ${DEMOG}")\n${fence}\n\nMore prose.\n\n${fence}{r}\nmean(ref$phq9_firstscor)\n${fence}\n`;
    assert.deepStrictEqual(flagged(text), ['unknown-column phq9_firstscor']);
    assert.ok(labelsAt(text.replace('ref$phq9_firstscor', 'ref$‸')).includes('phq9_firstscore'));
  });

  it('gives ```{sql} chunks the SQL analyser with exact positions; option lines and fences are not SQL', () => {
    const text = `${fence}{sql}\n#| connection: con\nSELECT endcod FROM ${DEMOG}\nWHERE endcode = '99'\n${fence}\n`;
    assert.deepStrictEqual(flagged(text), ['unknown-column endcod', 'invalid-value 99']);
    assert.ok(labelsAt(`${fence}{sql connection=con}\nSELECT r.‸ FROM ${DEMOG} r\n${fence}\n`).includes('servdischdate'));
  });

  it('keeps SQL chunks apart: a statement never runs on into the next chunk', () => {
    const text = `${fence}{sql}\nSELECT pathwayid FROM ${DEMOG}\n${fence}\n\n${fence}{sql}\nSELECT endcod FROM ${DEMOG}\n${fence}\n`;
    assert.deepStrictEqual(flagged(text), ['unknown-column endcod']);
  });

  it('makes an output.var SQL chunk an R data frame for later R chunks (knitr and Quarto option forms)', () => {
    const knitr = `${fence}{sql, connection=con, output.var="scores"}\nSELECT pathwayid, phq9_lastscore FROM ${DEMOG}\n${fence}\n\n${fence}{r}\nsummary(scores$phq9_lastscor)\n${fence}\n`;
    assert.deepStrictEqual(flagged(knitr), ['unknown-column phq9_lastscor']);
    const quarto = `${fence}{sql}\n#| connection: con\n#| output.var: scores\nSELECT pathwayid, phq9_lastscore FROM ${DEMOG}\n${fence}\n\n${fence}{r}\nsummary(scores$‸)\n${fence}\n`;
    assert.deepStrictEqual(labelsAt(quarto).filter((l) => !l.includes('(')).sort(), ['pathwayid', 'phq9_lastscore']);
    // The query itself is still checked, and completes, inside the chunk.
    assert.deepStrictEqual(flagged(quarto.replace('phq9_lastscore FROM', 'phq9_lastscor FROM').replace('‸', '')), ['unknown-column phq9_lastscor']);
    assert.ok(labelsAt(quarto.replace('phq9_lastscore FROM', 'phq9_‸ FROM').replace('$‸', '$')).includes('phq9_firstscore'));
  });

  it('reads an output.var SQL chunk as knitr does, through DBI: the codes stay as the database has them', () => {
    // knitr's sql engine fetches with DBI, which converts no column ('01' stays '01'; RODBC's sqlQuery would make it 1).
    const text = `${fence}{sql, connection=con, output.var="ref"}\nSELECT pathwayid, employstatus FROM ${DEMOG}\n${fence}\n\n${fence}{r}\nref$employstatus == "1"\n${fence}\n`;
    assert.deepStrictEqual(flagged(text), ['invalid-value 1']);
  });

  it('reads inline R code (`r ...`, Quarto\'s `{r} ...`) in document order, and no other code span', () => {
    const load = `${fence}{r}\nref <- sqlQuery(conn, "SELECT pathwayid, endcode FROM ${DEMOG}")\n${fence}\n\n`;
    const prose = 'We have `r nrow(ref)` referrals, `r sum(ref$endcod == "46")` finished; see `ref` and `r`.\nQuarto: `{r} mean(ref$phq9_firstscore)`.\n';
    assert.deepStrictEqual(flagged(load + prose), ['unknown-column endcod', 'unknown-column phq9_firstscore']);
    assert.ok(labelsAt(load + 'Completed: `r sum(ref$‸)`.\n').includes('endcode'));
    // Before the chunk that makes ref, ref is not known: nothing is said.
    assert.deepStrictEqual(flagged(prose + load), []);
    // Inside a fence (verbatim markdown, another language) it is no code.
    assert.deepStrictEqual(flagged(`${load}\`\`\`\`markdown\nSee \`r ref$endcod\`\n\`\`\`\`\n`), []);
  });

  it('falls back to plain SQL when the query cannot be written as an R string: still checked, data frame unknown', () => {
    const text = `${fence}{sql, output.var="x"}\nSELECT endcod AS ")" FROM ${DEMOG}\n${fence}\n${fence}{r}\nx$anything\n${fence}\n`;
    assert.deepStrictEqual(flagged(text), ['unknown-column endcod']);
  });

  it('gives ```{stata} chunks the Stata analyser, chunks in order', () => {
    const text = `${fence}{stata}\nodbc load, exec("SELECT pathwayid, phq9_firstscore FROM ${DEMOG}") dsn(LLC_DB) clear\n${fence}\n\nProse.\n\n${fence}{stata}\nsummarize phq9_first_score\n${fence}\n`;
    assert.deepStrictEqual(flagged(text), ['unknown-column phq9_first_score']);
  });

  it('hovers and quick-fixes inside chunks', () => {
    const text = `Intro\n\n${fence}{r}\nref <- sqlQuery(conn, "SELECT phq9_firstscore FROM ${DEMOG}")\nmean(ref$phq9_firstscor)\n${fence}\n`;
    const doc = qmdDoc(text);
    const model = analyseLiterate(text);
    const h = hover(doc, model, catalogue, text.indexOf('phq9_firstscore'));
    assert.ok(h && JSON.stringify(h.contents).includes('PHQ-9'));
    const [d] = diagnostics(doc, model, catalogue);
    const fixes = codeActions(doc, model, catalogue, d.range, defaultDiagnosticSettings);
    assert.ok(fixes.some((f) => f.title.includes("'phq9_firstscore'")), fixes.map((f) => f.title).join());
  });

  it('completes nothing in prose or in the YAML header', () => {
    assert.deepStrictEqual(labelsAt(`---\ntitle: SELECT r.‸ FROM ${DEMOG} r\n---\n`), []);
    assert.deepStrictEqual(labelsAt(`ref$‸ in prose\n${fence}{r}\nref <- 1\n${fence}\n`), []);
  });

  it('reports every span inside a chunk body, and the examples without a diagnostic', () => {
    for (const name of ['recovery-report.qmd', 'phq9-change.Rmd']) {
      const text = fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
      const model = analyseLiterate(text);
      const bodies = findChunks(text).map((c) => c.body);
      const all = spans(model);
      assert.ok(all.length > 20, `${name}: ${all.length} spans`);
      for (const s of all) assert.ok(bodies.some((b) => s.start >= b.start && s.end <= b.end), `${name}: ${JSON.stringify(s)} outside chunks`);
      assert.deepStrictEqual(diagnostics(qmdDoc(text), model, catalogue), [], name);
    }
  });
});

describe('R Markdown and Quarto: chunks with eval = FALSE', () => {
  const first = `${fence}{r}\nref <- sqlQuery(conn, "SELECT pathwayid, endcode, phq9_firstscore FROM ${DEMOG}")\n${fence}\n\n`;
  const last = `\n${fence}{r}\nsummary(ref$phq9_firstscore); ref$phq9_firstscor\n${fence}\n`;

  it('what a chunk that does not run assigns does not reach later chunks', () => {
    for (const off of [`${fence}{r, eval=FALSE}\n`, `${fence}{r eval=F}\n`, `${fence}{r label, echo = TRUE, eval = FALSE}\n`, `${fence}{r}\n#| eval: false\n`]) {
      const text = `${first}${off}ref <- ref %>% select(pathwayid)\nthreshold <- 10\nref$endcod\n${fence}\n${last}`;
      // Inside it the code is still checked against what ran before.
      assert.deepStrictEqual(flagged(text), ['unknown-column endcod', 'unknown-column phq9_firstscor'], off);
      assert.ok(labelsAt(`${first}${off}ref$‸\n${fence}\n${last}`).includes('phq9_firstscore'), off);
    }
  });

  it('without an eval option of their own, chunks follow the document default: execute: eval: false, opts_chunk$set(eval = FALSE)', () => {
    const body = `ref <- ref %>% select(pathwayid)\nref$endcod\n${fence}\n${last}`;
    for (const yaml of ['execute:\n  echo: true\n  eval: false\n', 'execute: {echo: true, eval: false}\n', 'knitr:\n  opts_chunk:\n    eval: false # not run\n']) {
      // The YAML header says it for every chunk: the first one too.
      assert.deepStrictEqual(flagged(`---\ntitle: "x"\n${yaml}---\n\n${first}${fence}{r}\nref$endcod\n${fence}\n`), [], yaml);
      const text = `---\ntitle: "x"\n${yaml}---\n\n${fence}{r, eval=TRUE}\nref <- sqlQuery(conn, "SELECT pathwayid, endcode, phq9_firstscore FROM ${DEMOG}")\n${fence}\n\n${fence}{r}\n${body}`;
      // The last chunk, which does not run, is checked against the first, whose eval=TRUE runs it.
      assert.deepStrictEqual(flagged(text), ['unknown-column endcod', 'unknown-column phq9_firstscor'], yaml);
    }
    const set = `${fence}{r setup}\nknitr::opts_chunk$set(echo = TRUE, eval = FALSE)\n${fence}\n\n`;
    assert.deepStrictEqual(flagged(`${first}${set}${fence}{r}\n${body}`), ['unknown-column endcod', 'unknown-column phq9_firstscor']);
    // An option of its own runs it; opts_chunk$set(eval = TRUE) runs the chunks after it.
    assert.deepStrictEqual(flagged(`${first}${set}${fence}{r}\n#| eval: true\n${body}`), ['unknown-column endcod', 'unknown-column phq9_firstscore', 'unknown-column phq9_firstscor']);
    const reset = `${fence}{r, eval = TRUE}\nopts_chunk$set(eval = TRUE)\n${fence}\n\n`;
    assert.deepStrictEqual(flagged(`${first}${set}${reset}${fence}{r}\n${body}`), ['unknown-column endcod', 'unknown-column phq9_firstscore', 'unknown-column phq9_firstscor']);
    // Without a header at the top, and in a chunk that does not run, nothing changes.
    assert.deepStrictEqual(flagged(`# execute:\n#   eval: false\n\n${first}${fence}{r}\n${body}`), ['unknown-column endcod', 'unknown-column phq9_firstscore', 'unknown-column phq9_firstscor']);
    const notRunSet = `${fence}{r, eval=FALSE}\nknitr::opts_chunk$set(eval = FALSE)\n${fence}\n\n`;
    assert.deepStrictEqual(flagged(`${first}${notRunSet}${fence}{r}\n${body}`), ['unknown-column endcod', 'unknown-column phq9_firstscore', 'unknown-column phq9_firstscor']);
  });

  it('a SQL chunk that does not run fills no data frame', () => {
    const text = `${fence}{sql, connection=con, output.var="df", eval=FALSE}\nSELECT pathwayid FROM ${DEMOG}\n${fence}\n\n${fence}{r}\ndf$anything\n${fence}\n`;
    assert.deepStrictEqual(flagged(text), []);
  });
});
