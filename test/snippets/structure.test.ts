// The shape every snippet must have (issue 5): iapt- prefixes, descriptions, tab stops for the project
// schema and the table version, a header naming the definition and its source, and no unverified threshold.
// Stata cannot run here, so for Stata this and the analyser test are the whole check.

import * as assert from 'assert';
import { OUTCOME_COLUMNS } from './cases';
import { LANGUAGES, resolved, snippetsOf } from './data';

const REQUIRED = ['iapt-connect', 'iapt-dedup', 'iapt-first-last-score', 'iapt-outcomes', 'iapt-outcome-flags', 'iapt-rates', 'iapt-waiting-times', 'iapt-link'];
const COMMENT: Record<string, string> = { sql: '--', r: '#', stata: '*' };

/** The code without its comments (whole-line comments, and SQL / R comments after code). */
function codeOnly(lang: string, text: string): string {
  const marker = COMMENT[lang];
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith(marker))
    .map((line) => (lang === 'stata' ? line : line.split(marker)[0]))
    .join('\n');
}

// Numbers the snippets may contain in code: the contract's cut-offs and changes (PHQ-9 10 and 6, GAD-7 8
// and 4), 2 treatment contacts, 0/1 flags and indexes, 1.0 for a decimal division, varchar(5), TOP (100),
// and the PHQ-9 SNOMED code.
// A new number here needs a source in derivations.md §0 first; the ADSM numbers have none (D3).
const ALLOWED_NUMBERS = new Set(['0', '1', '1.0', '2', '4', '5', '6', '8', '10', '100', '720433000']);
// Score columns of the anxiety disorder specific measures (derivations.md §1.1), whose thresholds are unverified.
const ADSM_COLUMNS = /\b(adsm|agoraalone|socialphobia|panicdisorder|ocd|ptsd|anxietyinventory|biq|cfs|ibs|phq15)_(first|last)score\b/i;

describe('snippet files', () => {
  for (const lang of LANGUAGES) {
    describe(lang, () => {
      it('has the required iapt- snippets, each with a description', () => {
        const snippets = snippetsOf(lang);
        assert.deepStrictEqual(snippets.map((s) => s.prefix).sort(), [...REQUIRED].sort());
        for (const s of snippets) {
          assert.match(s.prefix, /^iapt-/);
          assert.ok(s.description.trim().length > 20, `${s.prefix}: description`);
        }
      });

      for (const prefix of REQUIRED) {
        it(`${prefix}: tab stops for schema (LLC_XXXX) and version (v0003), header with definition and source`, () => {
          const body = snippetsOf(lang).find((s) => s.prefix === prefix)!.body;
          // Tab stop 1 is always the schema and 2 always the version, with the same default everywhere.
          assert.deepStrictEqual([...new Set([...body.matchAll(/\$\{1:([^}]*)\}/g)].map((m) => m[1]))], ['LLC_XXXX']);
          assert.deepStrictEqual([...new Set([...body.matchAll(/\$\{2:([^}]*)\}/g)].map((m) => m[1]))], ['v0003']);
          assert.doesNotMatch(body, /\$\{[12]\|/);
          const text = resolved(lang, prefix);
          assert.match(text, /\[LLC_XXXX\]\.\[nhsd_IAPT_[a-z_]+_v0003\]/);

          const marker = COMMENT[lang];
          const header = text.split('\n').filter((_, i, lines) => lines.slice(0, i + 1).every((l) => l.startsWith(marker)));
          assert.ok(header[0].startsWith(`${marker} ${prefix}: `), `${prefix}: first line names the snippet`);
          assert.ok(header.some((l) => l.includes('Definition:')), `${prefix}: header names the definition`);
          assert.ok(header.some((l) => l.includes('Source:')), `${prefix}: header names the source`);
        });

        it(`${prefix}: no ADSM score and no number without a source`, () => {
          const code = codeOnly(lang, resolved(lang, prefix));
          assert.doesNotMatch(code, ADSM_COLUMNS);
          const numbers = [...code.matchAll(/\b\d+(\.\d+)?\b/g)].map((m) => m[0]);
          assert.deepStrictEqual(numbers.filter((n) => !ALLOWED_NUMBERS.has(n)), []);
        });
      }
    });
  }

  it('SQL iapt-dedup, iapt-first-last-score, iapt-outcomes and iapt-rates avoid dialect-only constructs', () => {
    // They run on SQLite in sql.test.ts; these words would run on only one of SQLite and SQL Server.
    const oneDialect = /\b(LIMIT|IFNULL|ISNULL|TOP|TRY_CAST|DATEDIFF|GETDATE|julianday|strftime|datetime|printf|iif)\b|\|\||#|@/i;
    for (const prefix of ['iapt-dedup', 'iapt-first-last-score', 'iapt-outcomes', 'iapt-rates']) {
      assert.doesNotMatch(codeOnly('sql', resolved('sql', prefix)), oneDialect, prefix);
    }
  });

  it('connect: R uses RODBC with DSN LLC_DB, Stata odbc load with dsn(LLC_DB), SQL a fully qualified query', () => {
    const r = resolved('r', 'iapt-connect');
    assert.match(r, /library\(RODBC\)/);
    assert.match(r, /conn <- odbcConnect\(dsn = "LLC_DB"\)/);
    assert.match(r, /sqlQuery\(conn, "SELECT \* FROM \[LLC_XXXX\]\.\[nhsd_IAPT_demographics_and_referral_v0003\]"/);
    assert.match(resolved('stata', 'iapt-connect'), /^odbc load, exec\("SELECT \* FROM \[LLC_XXXX\]\.\[nhsd_IAPT_demographics_and_referral_v0003\]"\) dsn\(LLC_DB\) clear$/m);
    assert.match(resolved('sql', 'iapt-connect'), /FROM \[LLC_XXXX\]\.\[nhsd_IAPT_demographics_and_referral_v0003\];$/);
    for (const prefix of REQUIRED) {
      for (const line of resolved('stata', prefix).split('\n').filter((l) => l.startsWith('odbc load'))) {
        assert.match(line, / dsn\(LLC_DB\) clear$/, `${prefix}: ${line}`);
      }
    }
  });

  it('outcomes: an R dplyr pipeline over referrals, and Stata generated variables, with the contract names', () => {
    const r = resolved('r', 'iapt-outcomes');
    assert.match(r, /^outcomes <- referrals %>%$/m);
    const stata = resolved('stata', 'iapt-outcomes');
    for (const column of OUTCOME_COLUMNS) {
      assert.match(r, new RegExp(`^    ${column} = `, 'm'), `R ${column}`);
      assert.match(stata, new RegExp(`^generate byte ${column} = `, 'm'), `Stata ${column}`);
    }
  });

  it('first-last-score defaults to the PHQ-9 SNOMED code 720433000 in every language', () => {
    for (const lang of LANGUAGES) {
      const body = snippetsOf(lang).find((s) => s.prefix === 'iapt-first-last-score')!.body;
      assert.match(body, /codedasstooltype = '\$\{3:720433000\}'/, lang);
    }
  });
});
