// Runs R snippets with Rscript on the synthetic tables. The snippets read tables with
// sqlQuery(conn, "..."): each query is run on the embedded SQLite database here, its result written to
// CSV, and a stand-in sqlQuery in R returns that CSV as text columns, as RODBC's as.is = TRUE does.
// So the SQL inside the R snippets runs too.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Database } from 'sql.js';
import { parseCsv, toCsv } from './data';

const INSTALL = 'install them with scripts/install-r.sh (Debian packages r-base-core and r-cran-dplyr)';

/** Fails, never skips, when R or dplyr is missing: the R snippets must be proven by running them. */
export function requireR(): void {
  const r = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(dplyr)); cat("ok")'], { encoding: 'utf8' });
  if (r.error) throw new Error(`Rscript not found (${r.error.message}): ${INSTALL}`);
  if (r.status !== 0 || r.stdout !== 'ok') throw new Error(`R cannot load dplyr: ${INSTALL}\n${r.stderr}`);
}

/** The SQL strings passed to sqlQuery(conn, "...") in an R script. */
export function sqlQueries(script: string): string[] {
  return [...script.matchAll(/sqlQuery\(conn,\s*("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]) as string);
}

/**
 * Runs `code` (resolved snippets) after a stand-in for RODBC, then writes the data frame `result` to CSV
 * and returns its rows.
 */
export function runR(db: Database, code: string, result: string): Record<string, string | number | null>[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-snippets-r-'));
  try {
    const queries = sqlQueries(code);
    const files = queries.map((sql, i) => {
      const file = path.join(dir, `query${i}.csv`);
      const res = db.exec(sql)[0];
      if (!res) throw new Error(`query returned no result set: ${sql}`);
      fs.writeFileSync(file, toCsv(res.columns, res.values));
      return file;
    });
    const out = path.join(dir, 'result.csv');
    const rString = (s: string): string => JSON.stringify(s);
    const script = [
      'suppressPackageStartupMessages(library(dplyr))',
      `.queries <- c(${queries.map(rString).join(', ')})`,
      `.files <- c(${files.map(rString).join(', ')})`,
      'sqlQuery <- function(channel, query, ...) {',
      '  i <- match(query, .queries)',
      '  if (is.na(i)) stop("query not prepared by the test: ", query)',
      '  read.csv(.files[i], colClasses = "character", na.strings = "NA")',
      '}',
      'conn <- "stand-in connection"',
      code,
      `write.csv(${result}, ${rString(out)}, row.names = FALSE, quote = FALSE, na = "NA")`,
    ].join('\n');
    const file = path.join(dir, 'script.R');
    fs.writeFileSync(file, script);
    const r = spawnSync('Rscript', [file], { encoding: 'utf8' });
    if (r.error) throw new Error(`Rscript could not run (${r.error.message}): ${INSTALL}`);
    if (r.status !== 0) throw new Error(`R failed (exit ${r.status}):\n${r.stderr}\n--- script ---\n${script}`);
    return parseCsv(fs.readFileSync(out, 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
