// Stata varlist wildcards: `*` and `~` any characters, `?` one. Matched by hand rather than by a regular
// expression, since a script can hold a wildcard of any length.

import * as assert from 'assert';
import fc from 'fast-check';
import { matchVarlistName, wildcardMatch } from '../../../server/src/languages/stata/varlist';
import { analyserFor } from '../../../server/src/languages/registry';
import { findings } from '../../../server/src/features/diagnostics';
import { iaptCatalogue } from '../../iapt';

const cols = (...names: string[]): { name: string }[] => names.map((name) => ({ name }));
const rules = { caseSensitive: true, abbreviations: true };
const names = (m: ReturnType<typeof matchVarlistName<{ name: string }>>): string[] => (m.kind === 'none' ? [] : m.columns.map((c) => c.name));

describe('varlist wildcards', () => {
  const columns = cols('phq9_firstscore', 'phq9_lastscore', 'gad_firstscore', 'gad7', 'pathwayid');

  it('matches *, ? and ~ as Stata does', () => {
    assert.deepStrictEqual(names(matchVarlistName(columns, 'phq9_*', rules)), ['phq9_firstscore', 'phq9_lastscore']);
    assert.deepStrictEqual(names(matchVarlistName(columns, '*firstscore', rules)), ['phq9_firstscore', 'gad_firstscore']);
    assert.deepStrictEqual(names(matchVarlistName(columns, 'gad?', rules)), ['gad7']);
    assert.deepStrictEqual(names(matchVarlistName(columns, 'p*d', rules)), ['pathwayid']);
    assert.deepStrictEqual(names(matchVarlistName(columns, '*', rules)).length, 5);
    assert.strictEqual(matchVarlistName(columns, 'phq9~', rules).kind, 'ambiguous');
    assert.strictEqual(matchVarlistName(columns, 'x*', rules).kind, 'none');
    assert.strictEqual(wildcardMatch('PHQ9_*', 'phq9_lastscore', false), true);
    assert.strictEqual(wildcardMatch('PHQ9_*', 'phq9_lastscore', true), false);
  });

  it('agrees with the regular expression of the pattern on short patterns and names', () => {
    const reference = (pattern: string, name: string): boolean => new RegExp('^' + pattern.replace(/[*~]/g, '.*').replace(/\?/g, '.') + '$').test(name);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '~'), maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 10 }), (pattern, name) => {
        assert.strictEqual(wildcardMatch(pattern, name, true), reference(pattern, name), `${pattern} ~ ${name}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes a wildcard of 40,000 characters, or one of 2,000 stars, without failing', () => {
    // As regular expressions the first does not compile and the second backtracks for ever.
    assert.strictEqual(matchVarlistName(columns, 'p' + 'a'.repeat(40000) + '*', rules).kind, 'none');
    assert.strictEqual(wildcardMatch('*a'.repeat(2000) + 'b', 'a'.repeat(40), true), false);
    assert.strictEqual(wildcardMatch('*a'.repeat(20) + '*', 'a'.repeat(40), true), true);
  });

  it('gives a do-file with such a wildcard its diagnostics', () => {
    const text = 'odbc load, exec("SELECT r.pathwayid FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r") clear\nkeep p' + 'a'.repeat(40000) + '*\ntab nosuchvar\n';
    const model = analyserFor('stata')!.analyse(text);
    const found = findings(model, iaptCatalogue());
    assert.ok(found.some((f) => f.message.includes('nosuchvar')), JSON.stringify(found.map((f) => f.message)));
  });
});
