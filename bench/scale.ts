// How each analyser's time grows with the number of times a script repeats one construct (temp tables, frames,
// tempfiles, data frames...): a construct whose cost grows with the square of its count shows as a ratio near 4
// from one column to the next, where linear work shows near 2. Two such cases were found this way (SQL temp
// tables, Stata frames and saved datasets: 8,000 took 2 s). Run by `npm run bench:scale`; writes bench/SCALING.md.
// Figures are printed, never asserted.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyserFor } from '../server/src/languages/registry';

const TABLE = '[LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]';
const BLOCKS: Record<string, { language: string; block: (i: number) => string }> = {
  'SQL SELECT ... INTO #temp, then a query on it': {
    language: 'sql',
    block: (i) => `SELECT r.pathwayid, r.endcode INTO #t${i} FROM ${TABLE} r;\nSELECT t.endcode FROM #t${i} t WHERE t.endcode = '46';\n`,
  },
  'SQL DECLARE @table, INSERT, SELECT': {
    language: 'sql',
    block: (i) => `DECLARE @t${i} TABLE (k int, v varchar(10));\nINSERT INTO @t${i} SELECT 1, 'a';\nSELECT k FROM @t${i};\n`,
  },
  'SQL CTE': { language: 'sql', block: (i) => `WITH c${i} AS (SELECT r.pathwayid FROM ${TABLE} r) SELECT c.pathwayid FROM c${i} c;\n` },
  'SQL CREATE TABLE, SELECT, DROP': { language: 'sql', block: (i) => `CREATE TABLE dbo.t${i} (k int);\nSELECT k FROM dbo.t${i};\nDROP TABLE dbo.t${i};\n` },
  'R query into a data frame, then a join': {
    language: 'r',
    block: (i) =>
      `d${i} <- dbGetQuery(con, "SELECT r.pathwayid, r.endcode FROM ${TABLE} r")\nj${i} <- left_join(d${i}, d${Math.max(0, i - 1)}, by = "pathwayid") %>% mutate(z${i} = 1)\n`,
  },
  'R function definition and call': { language: 'r', block: (i) => `f${i} <- function(x) {\n  x %>% filter(endcode == "46") %>% mutate(k = ${i})\n}\nres${i} <- f${i}(df)\n` },
  'R query string built with paste0, then run': {
    language: 'r',
    block: (i) => `q${i} <- "SELECT r.pathwayid FROM ${TABLE} r"\nq${i} <- paste0(q${i}, " WHERE r.endcode = '46'")\nx${i} <- dbGetQuery(con, q${i})\n`,
  },
  'R new column ($ and mutate)': { language: 'r', block: (i) => `df$col${i} <- df$phq9_firstscore + ${i}\ndf <- df %>% mutate(m${i} = col${i} * 2)\n` },
  'Stata save, then merge': { language: 'stata', block: (i) => `use "demo.dta", clear\ngenerate x${i} = 1\nsave "part${i}", replace\nmerge 1:1 pathwayid using "part${Math.max(0, i - 1)}"\n` },
  'Stata frame create / change': { language: 'stata', block: (i) => `frame create f${i}\nframe change f${i}\nuse "demo.dta", clear\nkeep pathwayid endcode\nframe change default\n` },
  'Stata preserve / restore': { language: 'stata', block: (i) => `preserve\nkeep if endcode == "46"\ngenerate y${i} = 2\nrestore\n` },
  'Stata tempfile and save': { language: 'stata', block: (i) => `tempfile t${i}\nsave \`t${i}'\nlocal m${i} = ${i}\nsummarize phq9_firstscore if endcode == "46"\n` },
  'Stata generate': { language: 'stata', block: (i) => `generate g${i} = phq9_firstscore + ${i}\n` },
};
const COUNTS = (process.env.BENCH_COUNTS ?? '1000,2000,4000,8000').split(',').map(Number);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const rows: string[] = [];
for (const [name, { language, block }] of Object.entries(BLOCKS)) {
  const analyser = analyserFor(language);
  if (!analyser) throw new Error(`no analyser for ${language}`);
  const times = COUNTS.map((n) => {
    let text = '';
    for (let i = 0; i < n; i++) text += block(i);
    // Warm: the code is compiled before it is timed.
    analyser.analyse(text.slice(0, 20_000));
    return median([0, 1, 2].map((k) => {
      const t = performance.now();
      analyser.analyse(text + ' '.repeat(k));
      return performance.now() - t;
    }));
  });
  const ratio = times[times.length - 1] / times[times.length - 2];
  const row = `| ${name} | ${language} | ${times.map((t) => t.toFixed(0)).join(' | ')} | ${ratio.toFixed(1)} |`;
  console.log(row);
  rows.push(row);
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
const out = `# Scaling by construct

Written by \`npm run bench:scale\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.

Each row: a script of one construct repeated ${COUNTS[0].toLocaleString('en-GB')} to ${COUNTS[COUNTS.length - 1].toLocaleString('en-GB')} times, analysed whole in process (no LSP), the median
of three runs after a warm-up, in milliseconds. The last column is the time at the last count over the time at the one before:
about 2 where the cost grows with the count, about 4 where it grows with its square.

| construct | language | ${COUNTS.map((n) => n.toLocaleString('en-GB')).join(' | ')} | last ÷ the one before |
|---|---|${COUNTS.map(() => '---|').join('')}---|
${rows.join('\n')}
`;
fs.writeFileSync(path.join(__dirname, 'SCALING.md'), out);
console.log('wrote bench/SCALING.md');
