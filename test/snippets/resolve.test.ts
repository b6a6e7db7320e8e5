import * as assert from 'assert';
import { resolveSnippet } from '../../server/src/features/snippet-text';

describe('resolveSnippet (tab stops at their defaults)', () => {
  it('takes placeholder defaults and mirrors them at bare tab stops', () => {
    assert.strictEqual(resolveSnippet('FROM [${1:LLC_XXXX}].[t_${2:v0003}] -- $1 ${1}'), 'FROM [LLC_XXXX].[t_v0003] -- LLC_XXXX LLC_XXXX');
    // The default may be given after the first mirror.
    assert.strictEqual(resolveSnippet('$1 then ${1:x}'), 'x then x');
  });

  it('takes the first option of a choice, with escaped , and |', () => {
    assert.strictEqual(resolveSnippet('${3|a\\,b,c|} $3'), 'a,b a,b');
    assert.strictEqual(resolveSnippet('${4|x\\|y,z|}'), 'x|y');
  });

  it('drops $0 and tab stops without a default', () => {
    assert.strictEqual(resolveSnippet('a$0b${0}c$5d${6}'), 'abcd');
  });

  it('unescapes \\$, \\} and \\\\, and keeps other $ and } as text', () => {
    assert.strictEqual(resolveSnippet('\\$x \\${1:a\\}b} \\\\ } $ ${1}'), '$x ${1:a}b} \\ } $ ');
    assert.strictEqual(resolveSnippet('${1:a\\}b} function(x) { x }'), 'a}b function(x) { x }');
  });

  it('resolves nested placeholders and variables with defaults', () => {
    assert.strictEqual(resolveSnippet('${1:a ${2:b} c} $2 ${TM_FILENAME:file} $TM_SELECTED_TEXT.'), 'a b c b file .');
  });

  it('refuses transforms and unclosed placeholders', () => {
    assert.throws(() => resolveSnippet('${1/a/b/}'), /transforms/);
    assert.throws(() => resolveSnippet('${1:abc'), /unclosed/);
  });
});
