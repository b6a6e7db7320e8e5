// A small RFC 4180 CSV reader (quoted fields, doubled quotes, line breaks inside quotes, CRLF), keeping the line
// each record starts on so that import problems can name it. Written here to add no dependency for one format.
// Fields are separated by commas, or by semicolons (Excel in locales with a decimal comma) or tabs.

import { isUtf8 } from 'buffer';

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export type Delimiter = ',' | ';' | '\t';

export const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

export type Encoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252';

/**
 * Windows-1252 for the bytes 0x80 to 0x9F, where it differs from Latin-1 (the euro sign, curly quotes, dashes and
 * so on). The five bytes it leaves undefined decode to the control character of the same number, as in the WHATWG
 * decoder. Written out rather than asking TextDecoder: Node built without ICU has no windows-1252 decoder, and from
 * Node 20.18.3 the one it has reads these bytes as Latin-1 (nodejs/node#60888: an en dash came out as U+0096).
 */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * The text of a CSV file from its bytes, and the encoding it was read in. A byte-order mark says UTF-8 or UTF-16
 * (Excel's "Unicode text" is UTF-16LE with one); without one, bytes that are valid UTF-8 are read as UTF-8 (plain
 * ASCII among them) and any others as Windows-1252, which Excel's "CSV (comma delimited)" writes on Windows in
 * Western European locales. Valid UTF-8 is most unlikely to come from a Windows-1252 file with accented letters in
 * it: in UTF-8, a byte from 0x80 up never comes alone. The text has no byte-order mark.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return { text: buffer.toString('utf8', 3), encoding: 'UTF-8' };
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: buffer.toString('utf16le', 2), encoding: 'UTF-16LE' };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    // Swapped into little-endian order, which is what Node decodes (an odd last byte is dropped, as utf16le does).
    const swapped = Buffer.alloc((buffer.length - 2) & ~1);
    for (let i = 0; i < swapped.length; i += 2) {
      swapped[i] = buffer[i + 3];
      swapped[i + 1] = buffer[i + 2];
    }
    return { text: swapped.toString('utf16le'), encoding: 'UTF-16BE' };
  }
  // UTF-16 without a byte-order mark (some exports): in a header of Latin letters every other byte is zero. Before the
  // UTF-8 test, since such bytes are valid UTF-8 too (NUL is a character).
  const order = utf16Order(buffer);
  if (order === 'UTF-16LE') return { text: buffer.toString('utf16le'), encoding: 'UTF-16LE' };
  if (order === 'UTF-16BE') return { text: Buffer.from(buffer).swap16().toString('utf16le'), encoding: 'UTF-16BE' };
  if (isUtf8(buffer)) return { text: buffer.toString('utf8'), encoding: 'UTF-8' };
  // Latin-1 maps each byte to the character of the same number, right for Windows-1252 but from 0x80 to 0x9F.
  const text = buffer.toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]);
  return { text, encoding: 'Windows-1252' };
}

/** UTF-16 by its zero bytes: in the first 512, the odd (LE) or even (BE) ones nearly all zero and the others not. */
function utf16Order(buffer: Buffer): Encoding | undefined {
  const n = Math.min(buffer.length, 512) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (buffer[i] === 0) evenZeros++;
    if (buffer[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.9 && evenZeros === 0) return 'UTF-16LE';
  if (evenZeros >= pairs * 0.9 && oddZeros === 0) return 'UTF-16BE';
  return undefined;
}

/**
 * Excel's optional first line stating the delimiter, `sep=;` (or `sep=,`, `sep=` and a tab), which Excel reads and
 * does not show: any case, possibly quoted, after a byte-order mark if there is one. `\t` spelled out is taken as a
 * tab. Gives the stated character (which may be one this reader does not take) and where the next line starts.
 */
export function statedDelimiter(text: string): { delimiter: string; rest: number } | undefined {
  // A spreadsheet that saves the file again may pad the line with empty fields to the width of the table
  // (`sep=;;;;`): runs of the stated character after it are part of the line.
  const m = /^\ufeff?("?)sep=(\\t|[^"\r\n])\1/i.exec(text.slice(0, 64));
  if (!m) return undefined;
  const delimiter = m[2] === '\\t' ? '\t' : m[2];
  let end = m[0].length;
  while (text[end] === delimiter) end++;
  const eol = /^ *(\r\n|\n|\r|$)/.exec(text.slice(end, end + 64));
  if (!eol) return undefined;
  return { delimiter, rest: end + eol[0].length };
}

export function isDelimiter(c: string): c is Delimiter {
  return c === ',' || c === ';' || c === '\t';
}

/**
 * The delimiter of the first record (the header of a dictionary): whichever of comma, semicolon and tab it has most
 * of outside quoted fields, comma on a tie or when it has none. Only the header is read: in the rows below, a
 * semicolon file has decimal commas. A quote opens a field at the start of the line or after any of the three.
 */
export function detectDelimiter(text: string): Delimiter {
  return delimitersByCount(headerCounts(text))[0];
}

/** How often the first line (the header) has each delimiter outside quotes. */
export function headerCounts(text: string): Record<Delimiter, number> {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Blank lines before the header are no record (as in parseCsv).
  while (text[i] === '\n' || text[i] === '\r') i++;
  let fieldStart = true;
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '\n' || ch === '\r') break;
    else if (ch === ',' || ch === ';' || ch === '\t') {
      counts[ch]++;
      fieldStart = true;
      continue;
    } else if (ch === '"' && fieldStart) quoted = true;
    fieldStart = false;
  }
  return counts;
}

/** The delimiters by how often the header line has them outside quotes, most first (ties in list order). */
export function delimitersByCount(counts: Record<Delimiter, number>): Delimiter[] {
  return ([',', ';', '\t'] as const).slice().sort((a, b) => counts[b] - counts[a]);
}

export function parseCsv(text: string, delimiter: Delimiter = ','): CsvRecord[] {
  return [...csvRecords(text, delimiter)];
}

/**
 * The records of `text` one by one, so that a reader may stop early without parsing the rest. `firstLine` is the
 * line of the file `text` starts on (2 after a `sep=` line).
 */
export function* csvRecords(text: string, delimiter: Delimiter = ',', firstLine = 1): Generator<CsvRecord, void, undefined> {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = firstLine;
  let recordLine = firstLine;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        // A line break inside quotes: LF, CRLF (counted at its LF) or a CR alone, as outside them.
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      // A blank line is no record.
      if (fields.length > 1 || fields[0] !== '') yield { line: recordLine, fields };
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += ch;
    i++;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') yield { line: recordLine, fields };
  }
}
