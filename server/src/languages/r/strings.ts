// R string literals: their value after escapes, with the host offset of every character, so SQL
// inside them maps back exactly. Also the pieces of queries built with paste / paste0 / sprintf / glue.

import { charEnd, charStart, LiteralPiece, plainPiece, SqlPiece } from '../embedded';
import { Span } from '../model';
import { RToken } from './lexer';

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** The characters of a string token with their host offsets. */
export function stringPiece(text: string, tok: RToken): LiteralPiece {
  const start = tok.contentStart ?? tok.start;
  const end = tok.contentEnd ?? tok.end;
  const content = text.slice(start, end);
  // Search the content only, not `text` from `start`: that scans to the next backslash anywhere in the script.
  if (tok.raw || !content.includes('\\')) return plainPiece(content, start);
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = start;
  while (i < end) {
    const from = i;
    let ch = text[i];
    if (ch === '\\' && i + 1 < end) {
      const e = text[i + 1];
      i += 2;
      if (e === 'x' || e === 'u' || e === 'U') {
        const braced = text[i] === '{';
        if (braced) i++;
        const max = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        let hex = '';
        while (i < end && hex.length < max && /[0-9a-fA-F]/.test(text[i])) hex += text[i++];
        if (braced && text[i] === '}') i++;
        const code = hex ? parseInt(hex, 16) : 0;
        ch = code <= 0x10ffff ? String.fromCodePoint(code) : '?';
      } else ch = SIMPLE[e] ?? e;
    } else i++;
    // One host span per UTF-16 unit, so `text` and the offset arrays stay the same length.
    for (let u = 0; u < ch.length; u++) {
      out += ch[u];
      starts.push(from);
      ends.push(i);
    }
  }
  return { kind: 'literal', text: out, starts, ends };
}

export function stringValue(text: string, tok: RToken): string {
  return tok.raw || !tok.value.includes('\\') ? tok.value : stringPiece(text, tok).text;
}

/** The content span of a string token (without quotes). */
export function contentSpan(tok: RToken): Span {
  return { start: tok.contentStart ?? tok.start, end: tok.contentEnd ?? tok.end };
}

/** Splits a glue template into literal pieces and {holes}; `{{` and `}}` are literal braces. */
export function gluePieces(piece: LiteralPiece, open = '{', close = '}'): SqlPiece[] {
  return splitPieces(piece, (s, i) => {
    if (s.startsWith(open + open, i)) return { literal: open, length: 2 };
    if (s.startsWith(close + close, i)) return { literal: close, length: 2 };
    if (s.startsWith(open, i)) {
      let depth = 0;
      for (let j = i; j < s.length; j++) {
        if (s.startsWith(open, j)) depth++;
        else if (s.startsWith(close, j) && --depth === 0) return { length: j + 1 - i };
      }
      return { length: s.length - i };
    }
    return undefined;
  });
}

/** Splits a sprintf format into literal pieces and %s-style holes; `%%` is a literal percent sign. */
export function sprintfPieces(piece: LiteralPiece): SqlPiece[] {
  return splitPieces(piece, (s, i) => {
    if (s[i] !== '%') return undefined;
    if (s[i + 1] === '%') return { literal: '%', length: 2 };
    const m = /^%[-+ 0#]*(\d+\$)?\d*(\.\d+)?[sdifeEgGxXo]/.exec(s.slice(i, i + 24));
    return m ? { length: m[0].length } : undefined;
  });
}

type Special = { literal?: string; length: number } | undefined;

function splitPieces(piece: LiteralPiece, special: (s: string, i: number) => Special): SqlPiece[] {
  const out: SqlPiece[] = [];
  const s = piece.text;
  let cur = { text: '', starts: [] as number[], ends: [] as number[] };
  const flush = (): void => {
    if (cur.text) out.push({ kind: 'literal', ...cur });
    cur = { text: '', starts: [], ends: [] };
  };
  let i = 0;
  while (i < s.length) {
    const sp = special(s, i);
    if (!sp) {
      cur.text += s[i];
      cur.starts.push(charStart(piece, i));
      cur.ends.push(charEnd(piece, i));
      i++;
      continue;
    }
    const length = Math.max(1, sp.length);
    const last = Math.min(s.length, i + length) - 1;
    if (sp.literal !== undefined) {
      cur.text += sp.literal;
      cur.starts.push(charStart(piece, i));
      cur.ends.push(charEnd(piece, last));
    } else {
      flush();
      out.push({ kind: 'hole', span: { start: charStart(piece, i), end: charEnd(piece, last) } });
    }
    i += length;
  }
  flush();
  return out;
}
