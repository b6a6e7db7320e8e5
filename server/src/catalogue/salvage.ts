// Keeps what a catalogue with YAML syntax errors still says, and leaves out only the entries the errors are in.
//
// The yaml parser's own recovery can lose most of a file to one slip: a tab as indentation in the first table of
// the IAPT catalogue left one table of nine. Here the file is cut into entries by its indentation (top-level keys,
// then the items and keys inside them), each entry is parsed on its own, and an entry that does not parse is cut
// into its own entries in turn. What still does not parse is blanked out (spaces, so offsets hold) and the whole
// file is parsed again. An entry is only ever dropped whole, never joined to another.
//
// A line indented with a tab is taken out first, with what it holds (`heldEnd`): its depth is unknown. So is a line
// indented less than its block, and a broken entry that ends in "key:": the lines that may be theirs go with them.

import { Document, isMap, isScalar, parseDocument, YAMLError } from 'yaml';

export interface Dropped {
  /** 0-based first and last line left out. */
  firstLine: number;
  lastLine: number;
  /** Where and why: the first error the parser found in those lines. */
  offset: number;
  message: string;
}

export interface Salvaged {
  doc: Document;
  dropped: Dropped[];
}

const OPTIONS = { prettyErrors: false, uniqueKeys: true, logLevel: 'error' } as const;

/**
 * parseDocument with the catalogue's options, and without a stack trace for each error: a junk file has tens of
 * thousands, and capturing their stacks was most of the time it took to read one (1.9 of 3 s in a profile).
 */
export function parseYaml(text: string): Document.Parsed {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseDocument(text, OPTIONS);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Entries inside entries: tables > table > columns > column > its fields, with room to spare. */
const MAX_DEPTH = 6;
/** Parsing work allowed, in multiples of the file's length: a junk file must not take many times a full parse. */
const WORK_FACTOR = 4;
/** "key:" with its value on the lines below. */
const KEY_OPENS = /^[^\s#'"{[\-?][^#]*:\s*(#.*)?$/;
/** "- key: ..." (a mapping item). */
const ITEM_MAP = /^- +[^\s#'"{[\-?][^#]*:(\s|$)/;
/** A line that says its value follows on the lines below: "key:", "- key: value", "-", or a block scalar "key: |". */
const OPENS = new RegExp(`${KEY_OPENS.source}|${ITEM_MAP.source}|^-\\s*$|:\\s+[|>][-+0-9]*\\s*(#.*)?$`);
/** A line that starts an entry of a mapping or a list (not the rest of a value that goes on from the line above). */
const SHAPED = /^[^\s#'"{[\-?][^#]*?:(\s|$)|^-(\s|$)/;

interface Line {
  start: number;
  end: number;
  indent: number;
  /** Where the content of a "- " item starts, the depth of the item's fields. */
  itemIndent: number;
  /** The line without its indentation. */
  body: string;
  /** Not blank and not only a comment. */
  significant: boolean;
  /** Its indentation holds a tab, so where it belongs is unknown. */
  tabbed: boolean;
}

/**
 * The file with the entries that hold its syntax errors left out, or undefined when that does not give a file
 * that parses (the caller then keeps the parser's own recovery). `errors` are the parser's, for the whole file.
 */
export function salvage(text: string, errors: readonly YAMLError[]): Salvaged | undefined {
  // A byte-order mark is no part of the first line (and JavaScript's \s would take it for a space).
  const bom = text.startsWith('\ufeff') ? 1 : 0;
  const s = new Salvager(
    text.slice(bom),
    errors.map((e) => ({ code: e.code, offset: e.pos[0] - bom, message: e.message })),
  );
  if (!s.run() || s.dropped.length === 0) return undefined;
  const doc = parseYaml(text.slice(0, bom) + s.blanked());
  if (doc.errors.length > 0) return undefined;
  const dropped = s.dropped.sort((a, b) => a.firstLine - b.firstLine).map((d) => ({ ...d, offset: d.offset + bom }));
  return { doc, dropped };
}

interface ParseError {
  code: string;
  offset: number;
  message: string;
}

class Salvager {
  readonly dropped: Dropped[] = [];
  /** The text with the lines indented by tabs blanked. */
  private work: string;
  private lines: Line[] = [];
  private budget: number;
  private sortedErrors: ParseError[] | undefined;
  /** Sequence items whose "- " is read as two spaces, to parse the item's first field on its own. */
  private readonly masked = new Set<number>();

  constructor(
    text: string,
    private readonly errors: readonly ParseError[],
  ) {
    this.work = text;
    this.budget = text.length * WORK_FACTOR;
    this.readLines();
  }

  /** False when the work budget ran out. */
  run(): boolean {
    this.dropTabbed();
    return this.block(0, this.lines.length, 0);
  }

  private readLines(): void {
    this.lines = [];
    const text = this.work;
    for (let start = 0; start <= text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end).replace(/\r$/, '');
      const lead = /^[ \t]*/.exec(line)?.[0] ?? '';
      const body = line.slice(lead.length);
      const dash = /^- +/.exec(body)?.[0].length ?? 0;
      this.lines.push({ start, end, indent: lead.length, itemIndent: lead.length + dash, body, significant: body !== '' && !body.startsWith('#'), tabbed: lead.includes('\t') });
      start = end + 1;
    }
  }

  /** Each line the parser says is indented with a tab goes, with the lines it holds. */
  private dropTabbed(): void {
    const tabLines = new Set<number>();
    for (const err of this.errors) if (err.code === 'TAB_AS_INDENT') tabLines.add(this.lineAt(err.offset));
    for (let t = 0; t < this.lines.length; t++) {
      if (!tabLines.has(t) || !this.lines[t].tabbed || !this.lines[t].significant) continue;
      const e = this.heldEnd(t, this.lines.length);
      this.drop(t, e, this.lines[t].start, 'Tabs are not allowed as indentation');
      t = e - 1;
    }
    // What follows reads the file without those lines.
    if (this.dropped.length > 0) {
      this.work = this.blanked();
      this.readLines();
    }
  }

  /**
   * Where the lines that line `t` may hold end (at most `limit`), when its own depth cannot be trusted (a tab, a bad
   * indent, a syntax error): for a line whose value follows below ("key:", "- key: value", "key: |"), every line
   * below it at least as deep as the first of them; for any other, the lines below that go on with its value
   * (deeper, not shaped as an entry of their own).
   */
  private heldEnd(t: number, limit: number): number {
    const next = this.nextSignificant(t + 1, limit);
    if (next < 0) return t + 1;
    const line = this.lines[t];
    const depth = this.lines[next].indent;
    let e = t + 1;
    if (OPENS.test(line.body)) {
      while (e < limit && (!this.lines[e].significant || this.lines[e].tabbed || this.lines[e].indent >= depth)) e++;
      return e;
    }
    const deeper = (i: number): boolean => (line.tabbed ? this.lines[i].indent >= depth : this.lines[i].indent > line.indent);
    while (e < limit && (!this.lines[e].significant || this.lines[e].tabbed || (deeper(e) && !SHAPED.test(this.lines[e].body)))) e++;
    return e;
  }

  /** Lines [a, b) hold entries at one depth: check each, and drop a later entry that repeats a key. */
  private block(a: number, b: number, depth: number): boolean {
    const keys = new Set<string>();
    let indent = -1;
    /** Lines before this one were dropped with a line above that may hold them. */
    let skipTo = a;
    for (const [s, e] of this.entries(a, b)) {
      if (s < skipTo) continue;
      if (indent < 0 && !this.lines[s].tabbed) indent = this.indentOf(s);
      else if (this.lines[s].indent < indent) {
        // A line that belongs further out: the lines below it may be its own, not entries of this block.
        skipTo = Math.max(e, this.heldEnd(s, b));
        this.drop(s, skipTo, this.lines[s].start, 'bad indentation: this line is indented less than the lines above it');
        continue;
      }
      const before = this.dropped.length;
      const result = this.entry(s, e, depth);
      if (result === false) return false;
      const whole = this.dropped.length > before ? this.dropped[this.dropped.length - 1] : undefined;
      const last = whole?.firstLine === s ? whole.lastLine : s;
      if (whole && last !== s && OPENS.test(this.lines[last].body)) {
        // The broken entry ends in a line whose value should follow: the entries below may be that value.
        skipTo = this.heldEnd(last, b);
        if (skipTo > e) whole.lastLine = this.lastSignificant(s, skipTo);
      }
      if (typeof result !== 'string') continue;
      if (keys.has(result)) this.drop(s, e, this.lines[s].start + this.indentOf(s), `keys must be unique: '${result}' is given twice; the first is used`);
      else keys.add(result);
    }
    return true;
  }

  /** Splits lines [a, b) where a line starts at the depth of the first one (or shallower) and has no tab. */
  private entries(a: number, b: number): [number, number][] {
    const out: [number, number][] = [];
    let depth = -1;
    let start = -1;
    for (let i = a; i < b; i++) {
      const line = this.lines[i];
      if (!line.significant) continue;
      if (start < 0) {
        start = i;
        if (!line.tabbed) depth = this.indentOf(i);
        continue;
      }
      if (line.tabbed) continue;
      // "key:" and its list written at the key's own depth ("- a" below it) are one entry.
      if (line.indent === depth && /^-(\s|$)/.test(line.body) && !/^-(\s|$)/.test(this.lines[start].body) && !this.masked.has(start)) continue;
      if (depth < 0 || line.indent <= depth) {
        out.push([start, i]);
        start = i;
        if (depth < 0) depth = line.indent;
      }
    }
    if (start >= 0) out.push([start, b]);
    return out;
  }

  /**
   * Lines [s, e) are one entry. Returns its key when it parses (undefined when it has none, e.g. a list item),
   * null when it was dropped or partly dropped, false when the budget ran out.
   */
  private entry(s: number, e: number, depth: number): string | undefined | null | false {
    const parsed = this.parse(s, e);
    if (parsed === false) return false;
    if (parsed.errors.length === 0) return firstKey(parsed);

    const body = this.masked.has(s) ? this.lines[s].body.replace(/^- +/, '') : this.lines[s].body;
    const cause = this.firstError(s, e, parsed);
    const child = this.nextSignificant(s + 1, e);
    if (depth >= MAX_DEPTH || this.lines[s].tabbed || child < 0) {
      this.drop(s, e, cause.offset, cause.message);
      return null;
    }
    if (KEY_OPENS.test(body) && !this.lines[child].tabbed && SHAPED.test(this.lines[child].body)) {
      // "key:" with a mapping or list on the lines below: keep the key and as much of the value as parses.
      return this.block(s + 1, e, depth + 1) ? null : false;
    }
    if (ITEM_MAP.test(body)) {
      // "- key: ..." starts a mapping item: read its fields as entries, the first with "- " as two spaces.
      const before = this.dropped.length;
      this.masked.add(s);
      const ok = this.block(s, e, depth + 1);
      this.masked.delete(s);
      if (!ok) return false;
      // Without its first line the item's other fields would join the item before it: drop it whole.
      const inner = this.dropped.slice(before);
      if (inner.some((d) => d.firstLine === s)) {
        this.dropped.splice(before);
        this.drop(s, e, inner[0].offset, inner[0].message);
      }
      return null;
    }
    this.drop(s, e, cause.offset, cause.message);
    return null;
  }

  /** The whole file's first error in lines [s, e), else the entry's own first error. */
  private firstError(s: number, e: number, parsed: Document.Parsed): { offset: number; message: string } {
    const from = this.lines[s].start;
    const to = this.lines[e - 1].end;
    const own = this.errorFrom(from, to) ?? { code: parsed.errors[0].code, offset: from + parsed.errors[0].pos[0], message: parsed.errors[0].message };
    return { offset: Math.min(own.offset, to), message: own.message.split('\n')[0].trim() };
  }

  /** The first of the whole file's errors at an offset in [from, to] (a junk file has thousands: a binary search). */
  private errorFrom(from: number, to: number): ParseError | undefined {
    const sorted = (this.sortedErrors ??= [...this.errors].sort((a, b) => a.offset - b.offset));
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].offset < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo].offset <= to ? sorted[lo] : undefined;
  }

  private parse(s: number, e: number): Document.Parsed | false {
    const from = this.lines[s].start;
    // With its line break: a CR alone at the end (of a CRLF line) is no line break to the parser.
    const to = Math.min(this.work.length, this.lines[e - 1].end + 1);
    this.budget -= to - from;
    if (this.budget < 0) return false;
    let slice = this.work.slice(from, to);
    if (this.masked.has(s)) {
      const dash = this.lines[s].indent;
      slice = slice.slice(0, dash) + ' ' + slice.slice(dash + 1);
    }
    return parseYaml(slice);
  }

  /** A masked item's first line is at the depth of the item's fields. */
  private indentOf(i: number): number {
    return this.masked.has(i) ? this.lines[i].itemIndent : this.lines[i].indent;
  }

  private nextSignificant(from: number, to: number): number {
    for (let i = from; i < to; i++) if (this.lines[i].significant) return i;
    return -1;
  }

  private lastSignificant(s: number, e: number): number {
    for (let i = e - 1; i > s; i--) if (this.lines[i].significant) return i;
    return s;
  }

  private lineAt(offset: number): number {
    let lo = 0;
    let hi = this.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Drops lines [s, e) (trailing blank lines stay). */
  private drop(s: number, e: number, offset: number, message: string): void {
    this.dropped.push({ firstLine: s, lastLine: this.lastSignificant(s, e), offset, message });
  }

  /** The text with every dropped line blanked: spaces, line breaks kept, so every offset stays where it was. */
  blanked(): string {
    const ranges = this.dropped.map((d) => [this.lines[d.firstLine].start, this.lines[d.lastLine].end]).sort((x, y) => x[0] - y[0]);
    let out = '';
    let at = 0;
    for (const [from, to] of ranges) {
      if (to <= at) continue;
      const start = Math.max(from, at);
      out += this.work.slice(at, start) + this.work.slice(start, to).replace(/[^\r\n]/g, ' ');
      at = to;
    }
    return out + this.work.slice(at);
  }
}

function firstKey(doc: Document.Parsed): string | undefined {
  const root = doc.contents;
  if (!isMap(root) || root.items.length === 0) return undefined;
  const key = root.items[0].key;
  return isScalar(key) ? String(key.value) : undefined;
}
