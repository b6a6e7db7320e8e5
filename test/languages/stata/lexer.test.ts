import * as assert from 'assert';
import { lexStata } from '../../../server/src/languages/stata/lexer';

const commands = (text: string): string[] => lexStata(text).commands.map((c) => c.tokens.map((t) => t.value).join(' '));

describe('Stata lexer', () => {
  it('ends commands at line ends, joins /// continuations and skips comments', () => {
    const text = '* comment ///\n  still comment\ntab a // note\nkeep a ///\n  b /* x\n y */ c\n';
    assert.deepStrictEqual(commands(text), ['tab a', 'keep a b c']);
    assert.strictEqual(lexStata(text).comments.length, 4);
  });

  it('ends commands at ; after #delimit ; until #delimit cr', () => {
    const text = '#delimit ;\nkeep a\n  b;\n* gone;\ntab a;\n#delimit cr\ntab b\n';
    assert.deepStrictEqual(commands(text), ['keep a b', 'tab a', 'tab b']);
  });

  it('reads compound strings and macros as holes inside strings', () => {
    const text = 'odbc load, exec(`"SELECT "x" FROM `t\'"\') dsn("$dsn")\n';
    const strings = lexStata(text).commands[0].tokens.filter((t) => t.kind === 'string');
    assert.deepStrictEqual(strings.map((s) => s.value), ['SELECT "x" FROM `t\'', '$dsn']);
    assert.deepStrictEqual(strings[0].parts?.map((p) => p.kind), ['text', 'hole']);
    assert.deepStrictEqual(strings[1].parts?.map((p) => p.kind), ['hole']);
  });

  it('never throws, always terminates and keeps every span inside the text', () => {
    const alphabet = ['`', "'", '"', '/', '*', '\n', ' ', 'a', '$', '{', ';', '#delimit ;', '(', ')', '///', '`"', '"\'', ',', '='];
    let seed = 7;
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let i = 0; i < 40; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        text += alphabet[seed % alphabet.length];
      }
      const lex = lexStata(text);
      for (const c of lex.commands) {
        assert.ok(c.span.start >= 0 && c.span.end <= text.length);
        for (const t of c.tokens) assert.ok(t.start >= 0 && t.end <= text.length && t.end > t.start, JSON.stringify({ text, t }));
      }
    }
  });
});

describe('Stata lexer: names and blanks', () => {
  // A name goes on over ASCII letters, digits and _, and over every code unit above 127 (lone surrogates too).
  const namePart = (c: number): boolean => /[A-Za-z0-9_]/.test(String.fromCharCode(c)) || c > 127;
  const blank = (c: number): boolean => [32, 9, 12, 11, 0].includes(c);

  it('ends a name exactly where a character that is no name part comes, for every code unit', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const tok = lexStata(`ab${String.fromCharCode(c)}cd`).commands[0]?.tokens[0];
      if (tok?.kind !== 'word' || tok.end !== (namePart(c) ? 5 : 2)) wrong.push(c.toString(16));
    }
    assert.deepStrictEqual(wrong, []);
  });

  it('skips exactly the blank characters between tokens, and marks the next token spaced', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0x3000; c++) {
      // Line ends end the command; `//` starts a comment.
      if (c === 10 || c === 13 || c === 0x2f) continue;
      const ch = String.fromCharCode(c);
      const toks = lexStata(`a ${ch}${ch}b`).commands[0]?.tokens ?? [];
      const second = toks[1];
      if (blank(c) ? second?.start !== 4 || !second.spaced : second?.start !== 2) wrong.push(c.toString(16));
    }
    assert.deepStrictEqual(wrong, []);
  });
});
