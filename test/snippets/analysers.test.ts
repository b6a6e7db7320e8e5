// Every snippet body, resolved with its defaults, passes the project's own analyser with no diagnostics.

import * as assert from 'assert';
import { findings } from '../../server/src/features/diagnostics';
import { analyserFor } from '../../server/src/languages/registry';
import { iaptCatalogue } from '../iapt';
import { LANGUAGES, resolved, snippetsOf } from './data';

describe('snippets pass the project analysers', () => {
  for (const lang of LANGUAGES) {
    describe(lang, () => {
      for (const { prefix } of snippetsOf(lang)) {
        it(`${prefix} has no diagnostics`, () => {
          const analyser = analyserFor(lang);
          assert.ok(analyser, `no analyser is registered for '${lang}'`);
          const text = resolved(lang, prefix);
          const found = findings(analyser.analyse(text), iaptCatalogue()).map((f) => `${f.code} '${text.slice(f.span.start, f.span.end)}': ${f.message}`);
          assert.deepStrictEqual(found, []);
        });
      }
    });
  }

  it('the check is real: a misspelt column in a SQL snippet is reported', () => {
    const text = resolved('sql', 'iapt-outcomes').replace('r.phq9_firstscore', 'r.phq9_firstscor');
    const found = findings(analyserFor('sql')!.analyse(text), iaptCatalogue());
    assert.deepStrictEqual(found.map((f) => f.code), ['unknown-column']);
  });
});
