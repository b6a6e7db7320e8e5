// Turns a VS Code snippet body into the text it inserts when every tab stop keeps its default.
// Used to show snippets as plain code (completion documentation) and to run them in tests.
// Grammar: https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar (transforms are refused).

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; body?: Node[]; choices?: string[] }
  | { kind: 'variable'; name: string; body?: Node[] };

/** The body's text with defaults: `${1:x}` and its mirrors `$1` become x, a choice its first option, `$0` nothing. */
export function resolveSnippet(body: string): string {
  const nodes = new Parser(body).parse();
  // A bare `$1` mirrors the default given at another occurrence of tab stop 1, wherever that is.
  const defaults = new Map<number, Node[] | string>();
  collectDefaults(nodes, defaults);
  return render(nodes, defaults);
}

function collectDefaults(nodes: Node[], defaults: Map<number, Node[] | string>): void {
  for (const n of nodes) {
    if (n.kind === 'text') continue;
    if (n.kind === 'tabstop') {
      if (n.choices && !defaults.has(n.index)) defaults.set(n.index, n.choices[0] ?? '');
      if (n.body && !defaults.has(n.index)) defaults.set(n.index, n.body);
    }
    if (n.body) collectDefaults(n.body, defaults);
  }
}

function render(nodes: Node[], defaults: Map<number, Node[] | string>): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'variable') out += n.body ? render(n.body, defaults) : '';
    else {
      const d = defaults.get(n.index);
      out += d === undefined ? '' : typeof d === 'string' ? d : render(d, defaults);
    }
  }
  return out;
}

class Parser {
  private p = 0;
  constructor(private readonly s: string) {}

  parse(): Node[] {
    const nodes = this.sequence(false);
    if (this.p < this.s.length) throw new Error(`snippet: unexpected '${this.s[this.p]}' at ${this.p}`);
    return nodes;
  }

  /** Text and tab stops up to the end, or (inside a placeholder) up to its closing brace. */
  private sequence(inPlaceholder: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = (): void => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (this.p < this.s.length) {
      const c = this.s[this.p];
      if (c === '\\' && '$}\\'.includes(this.s[this.p + 1] ?? '')) {
        text += this.s[this.p + 1];
        this.p += 2;
      } else if (c === '}' && inPlaceholder) {
        break;
      } else if (c === '$' && /[0-9A-Za-z_{]/.test(this.s[this.p + 1] ?? '')) {
        flush();
        nodes.push(this.dollar());
      } else {
        text += c;
        this.p++;
      }
    }
    flush();
    return nodes;
  }

  private dollar(): Node {
    this.p++; // $
    if (this.s[this.p] !== '{') {
      const m = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.s.slice(this.p));
      const word = m ? m[0] : '';
      this.p += word.length;
      return /^\d/.test(word) ? { kind: 'tabstop', index: Number(word) } : { kind: 'variable', name: word };
    }
    this.p++; // {
    const m = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.s.slice(this.p));
    if (!m) throw new Error(`snippet: bad placeholder at ${this.p}`);
    this.p += m[0].length;
    const isTabstop = /^\d/.test(m[0]);
    const next = this.s[this.p];
    let node: Node;
    if (next === '}') {
      node = isTabstop ? { kind: 'tabstop', index: Number(m[0]) } : { kind: 'variable', name: m[0] };
    } else if (next === ':') {
      this.p++;
      const body = this.sequence(true);
      node = isTabstop ? { kind: 'tabstop', index: Number(m[0]), body } : { kind: 'variable', name: m[0], body };
    } else if (next === '|' && isTabstop) {
      this.p++;
      node = { kind: 'tabstop', index: Number(m[0]), choices: this.choices() };
    } else {
      throw new Error(`snippet: unsupported placeholder form at ${this.p} (transforms are not supported)`);
    }
    if (this.s[this.p] !== '}') throw new Error(`snippet: unclosed placeholder at ${this.p}`);
    this.p++;
    return node;
  }

  /** `a,b|` with `\,` `\|` `\\` escapes; the caller consumes the closing brace. */
  private choices(): string[] {
    const out: string[] = [];
    let cur = '';
    while (this.p < this.s.length) {
      const c = this.s[this.p];
      if (c === '\\' && ',|\\'.includes(this.s[this.p + 1] ?? '')) {
        cur += this.s[this.p + 1];
        this.p += 2;
      } else if (c === ',') {
        out.push(cur);
        cur = '';
        this.p++;
      } else if (c === '|') {
        out.push(cur);
        this.p++;
        return out;
      } else {
        cur += c;
        this.p++;
      }
    }
    throw new Error('snippet: unclosed choice');
  }
}
