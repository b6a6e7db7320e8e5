// A document of 128 KB or more, kept so that an edit copies no text, and so that from a million characters on no
// version's text is a copy in V8's heap.
//
// vscode-languageserver-textdocument joins substrings of the last text at every edit, and the first read makes V8
// copy the joined string into one flat string in its heap. At 50,000 lines that is 3 MB per keystroke, and a copy
// that is still the current text when V8 collects the young generation moves to the old one, where only a full
// collection frees it (bench/NOTES.md, "Memory"). Here the characters live in a Buffer that an edit changes in
// place. A version's string is made from it at its first read (keystrokes nobody reads in between make none), by
// Node, which makes a string of this size outside V8's heap (an "external" string): its characters never take room
// in the heap, and go when the string does. The cost is more full collections when typing goes on at a steady pace.
// Under a million characters the strings are in the heap, as TextDocument's are, but still only made when read.

import { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/**
 * From this length on the server keeps a document as a LargeDocument. Its strings are then large objects for V8
 * (over 128 KB), and from 1,031,913 characters on Node makes them outside V8's heap.
 */
export const LARGE_DOCUMENT = 128 * 1024;

/** A code unit above U+00FF (surrogates included: without the u flag a regex reads code units). */
const beyondLatin1 = /[\u0100-\uffff]/;

const CR = 13;
const LF = 10;
const isEol = (c: number): boolean => c === CR || c === LF;

/** The index of the first line start after `offset`. */
function firstAfter(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] > offset) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Where each line starts: after \n, after \r not followed by \n, and after \r\n. */
function lineStarts(text: string, from: number, to: number, base: number, out: number[]): void {
  let i = text.indexOf('\n', from);
  let r = text.indexOf('\r', from);
  for (;;) {
    if (i < 0 || i >= to) i = to;
    if (r < 0 || r >= to) r = to;
    if (i === to && r === to) return;
    if (r < i) {
      // \r\n counts once, at the \n.
      if (r + 1 < to && text.charCodeAt(r + 1) === LF) {
        r = text.indexOf('\r', r + 1);
        continue;
      }
      out.push(base + r + 1);
      r = text.indexOf('\r', r + 1);
    } else {
      out.push(base + i + 1);
      i = text.indexOf('\n', i + 1);
    }
  }
}

export class LargeDocument implements TextDocument {
  private bytes: Buffer;
  /** Code units in use (the Buffer keeps room to grow). */
  private length: number;
  /** Two bytes per code unit once the text has one above U+00FF; until then one (Latin-1). */
  private wide: boolean;
  /** This version's string, made at the first read: typing with no request in between makes none. */
  private text: string | undefined;
  private lineOffsets: number[];

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.bytes = Buffer.alloc(0);
    this.wide = false;
    this.length = 0;
    this.lineOffsets = [0];
    this.replaceAll(text);
  }

  getText(range?: Range): string {
    const text = (this.text ??= this.bytes.toString(this.encoding, 0, this.length * this.unit));
    return range ? text.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : text;
  }

  get lineCount(): number {
    return this.lineOffsets.length;
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.length), 0);
    const starts = this.lineOffsets;
    const line = firstAfter(starts, offset) - 1;
    return { line, character: this.beforeEol(offset, starts[line]) - starts[line] };
  }

  offsetAt(position: Position): number {
    const starts = this.lineOffsets;
    if (position.line >= starts.length) return this.length;
    if (position.line < 0) return 0;
    const start = starts[position.line];
    if (position.character <= 0) return start;
    const next = position.line + 1 < starts.length ? starts[position.line + 1] : this.length;
    return this.beforeEol(Math.min(start + position.character, next), start);
  }

  getLineRange(line: number): Range {
    const starts = this.lineOffsets;
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (line >= starts.length) {
      const last = starts.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.length - starts[last] } };
    }
    const next = line + 1 < starts.length ? starts[line + 1] : this.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeEol(next, starts[line]) - starts[line] } };
  }

  getEOLCharacters(line: number): string {
    const starts = this.lineOffsets;
    if (line < 0 || line >= starts.length) return '';
    const next = line + 1 < starts.length ? starts[line + 1] : this.length;
    return this.getText().substring(this.beforeEol(next, starts[line]), next);
  }

  /** Applies one change (as TextDocument.update does); the new version's string is made when first read. */
  apply(change: TextDocumentContentChangeEvent, version: number): void {
    this.version = version;
    if (!('range' in change)) {
      this.replaceAll(change.text);
      return;
    }
    const a = this.offsetAt(change.range.start);
    const b = this.offsetAt(change.range.end);
    const from = Math.min(a, b);
    const to = Math.max(a, b);
    const inserted = change.text;
    if (!this.wide && beyondLatin1.test(inserted)) {
      const text = this.getText();
      this.wide = true;
      this.bytes = this.encode(text, this.length + inserted.length);
    }
    const unit = this.unit;
    const newLength = this.length - (to - from) + inserted.length;
    if (newLength * unit > this.bytes.length) {
      const grown = Buffer.allocUnsafe((newLength + (newLength >> 4)) * unit);
      this.bytes.copy(grown, 0, 0, this.length * unit);
      this.bytes = grown;
    }
    // Buffer.copy moves overlapping ranges correctly.
    this.bytes.copy(this.bytes, (from + inserted.length) * unit, to * unit, this.length * unit);
    this.bytes.write(inserted, from * unit, this.encoding);
    this.length = newLength;
    this.text = undefined;
    this.updateLines(from, to, inserted);
  }

  private replaceAll(text: string): void {
    this.wide = beyondLatin1.test(text);
    this.length = text.length;
    this.bytes = this.encode(text, text.length + (text.length >> 4));
    // The string as sent is in V8's heap: the document's own is made from the Buffer, as after an edit.
    this.text = undefined;
    this.lineOffsets = [0];
    lineStarts(text, 0, text.length, 0, this.lineOffsets);
  }

  private encode(text: string, room: number): Buffer {
    const bytes = Buffer.allocUnsafe(Math.max(room, text.length) * this.unit);
    bytes.write(text, 0, this.encoding);
    return bytes;
  }

  private updateLines(from: number, to: number, inserted: string): void {
    // A \r\n made at either edge of the edit removes a line start outside it: count them all again. (An edit
    // cannot split a pair: offsets from positions never fall between \r and \n.)
    const pairAt = (i: number): boolean => i > 0 && this.code(i - 1) === CR && this.code(i) === LF;
    if (pairAt(from) || pairAt(from + inserted.length)) {
      const text = this.getText();
      this.lineOffsets = [0];
      lineStarts(text, 0, text.length, 0, this.lineOffsets);
      return;
    }
    const starts = this.lineOffsets;
    // Line starts after `from` up to `to` are gone, those after `to` move by the change in length.
    const first = firstAfter(starts, from);
    const last = firstAfter(starts, to);
    const added: number[] = [];
    lineStarts(inserted, 0, inserted.length, from, added);
    if (added.length < 10_000) starts.splice(first, last - first, ...added);
    else this.lineOffsets = starts.slice(0, first).concat(added, starts.slice(last));
    const diff = inserted.length - (to - from);
    if (diff === 0) return;
    const moved = this.lineOffsets;
    for (let i = first + added.length; i < moved.length; i++) moved[i] += diff;
  }

  /** Moves an offset back over line-end characters, so that it never falls inside or after a line break. */
  private beforeEol(offset: number, lineStart: number): number {
    while (offset > lineStart && isEol(this.code(offset - 1))) offset--;
    return offset;
  }

  /** Bytes per code unit in the Buffer, and how they are written. */
  private get unit(): 1 | 2 {
    return this.wide ? 2 : 1;
  }

  private get encoding(): 'utf16le' | 'latin1' {
    return this.wide ? 'utf16le' : 'latin1';
  }

  /** The code unit at `i` (0 <= i < length), read from the Buffer: no string needs to be made for it. */
  private code(i: number): number {
    if (i < 0 || i >= this.length) return NaN;
    return this.wide ? this.bytes.readUInt16LE(2 * i) : this.bytes[i];
  }
}
