import * as assert from 'assert';
import { lexR } from '../../../server/src/languages/r/lexer';
import { parseR } from '../../../server/src/languages/r/parse';
import { REF, flagged, completeR, labels } from './helpers';

describe('R lexer and parser', () => {
  it('reads comments, strings, raw strings, backtick names and operators', () => {
    const text = 'x <- r"(a "quoted" (thing))" # c\n`my var` <<- \'s\\\'q\' |> f() %>% g -> y';
    const kinds = lexR(text).map((t) => `${t.kind}:${t.value}`);
    assert.deepStrictEqual(kinds, [
      'ident:x', 'op:<-', 'string:a "quoted" (thing)', 'comment:# c', 'ident:my var', 'op:<<-', "string:s\\'q", 'op:|>', 'ident:f', 'punct:(', 'punct:)', 'op:%>%', 'ident:g', 'op:->', 'ident:y',
    ]);
  });

  it('reads raw strings with dashes and other brackets, and runs unterminated ones to the end', () => {
    assert.strictEqual(lexR('r"-[a]"b]-"').map((t) => t.value)[0], 'a]"b');
    const open = lexR('q <- R"{SELECT');
    assert.strictEqual(open[2].unterminated, true);
    assert.strictEqual(open[2].value, 'SELECT');
  });

  it('ends statements at newlines outside brackets and continues them inside', () => {
    assert.strictEqual(parseR('a <- 1\nb <- 2').exprs.length, 2);
    assert.strictEqual(parseR('f(a,\n  b)\ng(x)').exprs.length, 2);
    assert.strictEqual(parseR('x %>%\n  f()').exprs.length, 1);
  });

  it('recovers from an unclosed call on the next statement', () => {
    const { exprs } = parseR('f(a, b\ny <- 2');
    assert.ok(exprs.length >= 1);
    assert.ok(exprs.some((e) => e.k === 'binary' && e.op === '<-'));
  });

  it('reads functions, formulas, if/else and named arguments', () => {
    const text = REF + `f <- function(d, n = 2) { d$phq9_firstscore + n }
if (TRUE) { a <- 1 } else { a <- 2 }
m <- lm(phq9_lastscore ~ phq9_firstscore + gad_firstscor, data = ref)
g <- \\(x) x + 1`;
    assert.deepStrictEqual(flagged(text), ['unknown-column gad_firstscor']);
  });

  it('never throws on broken input and keeps going after it', () => {
    const text = REF + ')))]]}}} <- -> |> %>% $ @ :: ( [ [[ { "\nref$endcod';
    assert.doesNotThrow(() => flagged(text));
  });

  it('assignment forms: <-, =, ->, <<- and assign-in-function', () => {
    assert.deepStrictEqual(flagged(REF + 'a = ref\na$endcod'), ['unknown-column endcod']);
    assert.deepStrictEqual(flagged(REF + 'ref -> b\nb$endcod'), ['unknown-column endcod']);
    // <<- inside a function may run any time: the variable is unknown afterwards.
    assert.deepStrictEqual(flagged(REF + 'f <- function() ref <<- iris\nref$endcod'), []);
    // a branch may not run
    assert.deepStrictEqual(flagged(REF + 'if (x) ref <- iris\nref$endcod'), []);
  });

  it('completes after a backtick-free $ at the end of a line above another statement', () => {
    assert.ok(labels(completeR(REF + 'ref$|\ny <- 2')).includes('endcode'));
  });
});
