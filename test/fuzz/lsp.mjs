// LSP fuzzer for dist/server.js: drives the real server over stdio with random documents, incremental edits and
// requests, checks invariants, and compares an incrementally edited document with the same text opened fresh.
//
// Run:   npm run fuzz   (or, once built: node test/fuzz/lsp.mjs). Not part of `npm test`: it runs for minutes and
//        its cases are random; a failing case is written to OUT and replays with REPLAY=.
// Env knobs:
//   SEED=1            PRNG seed (deterministic choices; timing is not)
//   ITERS=200         number of documents (iterations)
//   EDITS=25          max edit notifications per document
//   LANGS=sql,r,stata,rmd,quarto,notebook   languages to fuzz
//   TIME_LIMIT=540    stop starting new iterations after this many seconds
//   TIMEOUT=5000      per-request bound in ms
//   QUIET=1500        "typing paused" = no publishDiagnostics for this many ms
//   CAPS=vscode|plain client capabilities (vscode: itemDefaults + lazy detail, plain: none)
//   LARGE=0.03        probability of a large (>128 KB, LargeDocument) document
//   CONSIST=1         run the consistency check (incremental vs fresh) at the end of each iteration
//   OUT=.fuzz-out     directory for failing cases (JSON, replayable; git-ignored)
//   REPLAY=file.json  replay one recorded case (no randomness) and report whether it still fails
//   VERBOSE=1         log every iteration
//   PAST=4            at the end of an iteration, compare up to this many diagnostics published for earlier versions
//                     with those of that version's text opened fresh
//   GRAIN=0           1: settings with grain-mismatch on (joins and aggregates of every query are checked)
//   CATALOGUES=       comma-separated catalogue files or folders for treCatalogue.catalogues (tables that add to IAPT's)
//   PASTEND=1         also send changes whose range starts past the last line (0: never). Such a change once corrupted
//                     the server's line table (vscode-languageserver-textdocument; see `inside` in server/src/models.ts)
//   SHADOW=0.25       probability, after an edit/keystroke, of comparing completion/hover/definition at once (partial
//                     model) with a fresh document of the same text
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { generate } from '../../bench/generate.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const SEED = Number(env.SEED ?? 1);
const ITERS = Number(env.ITERS ?? 200);
const EDITS = Number(env.EDITS ?? 25);
const LANGS = (env.LANGS ?? 'sql,r,stata,rmd,quarto,notebook').split(',');
const TIME_LIMIT = Number(env.TIME_LIMIT ?? 540) * 1000;
const TIMEOUT = Number(env.TIMEOUT ?? 5000);
const QUIET = Number(env.QUIET ?? 1500);
const CAPS = env.CAPS ?? 'vscode';
const LARGE = Number(env.LARGE ?? 0.03);
const CONSIST = env.CONSIST !== '0';
const OUT = path.resolve(ROOT, env.OUT ?? '.fuzz-out');
const VERBOSE = env.VERBOSE === '1';
const SHADOW = Number(env.SHADOW ?? 0.25);
const PASTEND = env.PASTEND !== '0';
const PAST = Number(env.PAST ?? 4);
// GRAIN=1: the client's settings turn grain-mismatch on (it reads the queries' joins and aggregates).
const GRAIN = env.GRAIN === '1';
const CATALOGUES = (env.CATALOGUES ?? '').split(',').filter(Boolean).map((p) => path.resolve(p));
fs.mkdirSync(OUT, { recursive: true });

// ---------- PRNG ----------
let seed = SEED >>> 0 || 1;
function rand() {
  // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const ri = (n) => Math.floor(rand() * n);
const pick = (a) => a[ri(a.length)];
const chance = (p) => rand() < p;

// ---------- material ----------
const read = (p) => fs.readFileSync(path.join(ROOT, p), 'utf8');
const ex = (dir, re) => fs.readdirSync(path.join(ROOT, 'examples', dir)).filter((f) => re.test(f)).map((f) => read(`examples/${dir}/${f}`));
const EXAMPLES = {
  sql: ex('sql', /\.sql$/),
  r: ex('r', /\.R$/),
  stata: ex('stata', /\.do$/),
  rmd: ex('notebooks', /\.Rmd$/),
  quarto: ex('notebooks', /\.qmd$/),
};
const NB_CELLS = ex('notebooks', /\.ipynb$/).flatMap((t) => {
  const j = JSON.parse(t);
  const lang = (j.metadata?.kernelspec?.language ?? 'R').toLowerCase() === 'python' ? 'sql' : (j.metadata?.kernelspec?.language ?? 'r').toLowerCase();
  return j.cells.map((c) => ({ kind: c.cell_type === 'code' ? 2 : 1, languageId: c.cell_type === 'code' ? (lang === 'stata' ? 'stata' : lang === 'sql' ? 'sql' : 'r') : 'markdown', text: Array.isArray(c.source) ? c.source.join('') : c.source }));
});

const FRAGMENTS = [
  "'", '"', '`', '(', ')', '[', ']', '{', '}', '.', ',', ';', ' ', '\n', '\r\n', '\r', '\t', '\\', '\\\\', '\\"', "\\'",
  'FROM ', 'FROM [LLC_1234].', 'JOIN nhsd.', 'SELECT ', 'SELECT r.', 'WHERE r.', ' r.', 'r.', 'a.', 'c.', 'df$', 'ref_0$',
  ' %>% ', '%>%\n  ', '|> ', 'filter(', 'mutate(', 'select(', 'odbc load, exec("', 'exec("SELECT ', 'dbGetQuery(con, "SELECT ',
  'sqlQuery(conn, "SELECT * FROM ', 'generate x = ', 'keep ', 'summarize ', 'use ', 'merge 1:1 pathwayid using ', '* ', '// ', '/* ', '*/',
  '-- ', '#', '# ', '```{r}\n', '```{sql, connection=con}\n', '```\n', '---\n', '```{stata}\n', 'WITH t AS (', ') SELECT ', 'AS x',
  'é', 'ß', 'Ω', '中文', '\u00a0', '😀', '👩‍💻', '\ud83d', '\ude00', '\u0000', '\u2028', '\ufeff', 'nhsd_IAPT_care_activities_v0003',
  '[nhsd_IAPT_demographics_and_referral_v0003]', 'phq9_firstscore', 'endcode', "'46'", ' IN (', ' = ', '== "', '$', '@', '`x y`', '::',
  'ALTER TABLE #t ADD ', ' UNION ALL SELECT ', ' ORDER BY ', ' COLLATE DATABASE_DEFAULT', ' GROUPING SETS ((', ' WITHIN GROUP (ORDER BY ',
  ' (NOLOCK) ', 'CASE r.endcode WHEN ', 'CREATE VIEW v AS ', 'IF EXISTS (SELECT ', '#t.', ' AT TIME ZONE ', "'n' = ",
  'iapt', '\niapt', 'iapt-', 'local m ', '`m\'', '${', '///\n', '#delimit ;\n', 'library(DBI)\n', 'tbl(con, "', 'in_schema("LLC_1234", "', 'data.table(', '[, .(',
];

let lastEditEnd;
const TYPED = ['r.phq9', ' r.', 'FROM nhsd.IAPT', 'FROM [LLC_1234].[nhsd_', 'SELECT a.', 'df$phq', 'ref_0$', ' %>% filter(phq', 'summarize phq', 'keep path',
  'odbc load, exec("SELECT r.', 'dbGetQuery(con, "SELECT r.", "FROM r', "WHERE endcode = '", 'r.endcode IN (\'', 'x\b\by', 'r.p\b\bc.', '"SELECT * FROM nhsd.', 'generate y = phq', 'merge 1:1 pathwayid using ',
  '\n```{r}\nx <- df$', '\n```{sql}\nSELECT r.', 'r.😀\b\b.', '`r df$'];
function fragment() {
  if (chance(0.03)) return pick(FRAGMENTS).repeat(200 + ri(3000)); // very long line
  if (chance(0.1)) return Array.from({ length: 2 + ri(4) }, () => pick(FRAGMENTS)).join('');
  if (chance(0.05)) return String.fromCharCode(ri(0x10000));
  return pick(FRAGMENTS);
}

function sliceOf(text) {
  const a = ri(text.length + 1);
  const b = Math.min(text.length, a + ri(400));
  return text.slice(a, b);
}

function baseText(lang) {
  const parts = [];
  const n = 1 + ri(3);
  for (let k = 0; k < n; k++) {
    const r = rand();
    if (lang === 'rmd' || lang === 'quarto') {
      if (r < 0.5) parts.push(pick(EXAMPLES[lang]));
      else if (r < 0.75) parts.push('```{r}\n' + generate('r', 10 + ri(30)) + '```\n');
      else if (r < 0.9) parts.push('```{sql, connection=con}\n' + generate('sql', 10 + ri(30)) + '```\n');
      else parts.push('Some prose with `r inline` and ' + fragment() + '\n');
    } else {
      if (r < 0.45) parts.push(pick(EXAMPLES[lang]));
      else if (r < 0.8) parts.push(generate(lang, 5 + ri(60)));
      else parts.push(sliceOf(pick(EXAMPLES[lang])));
    }
  }
  let text = parts.join(chance(0.5) ? '\n' : '');
  if (chance(0.15)) text = text.replace(/\n/g, '\r\n');
  else if (chance(0.05)) text = text.replace(/\n/g, '\r');
  if (chance(0.1)) text = text.replace(/ {4}/g, '\t');
  // a few random mutations
  const m = ri(6);
  for (let k = 0; k < m; k++) {
    const at = ri(text.length + 1);
    text = text.slice(0, at) + fragment() + text.slice(at);
  }
  if (chance(LARGE)) text = generate(lang === 'rmd' || lang === 'quarto' ? 'r' : lang, 3400) + text;
  return text;
}

// ---------- positions/ranges ----------
function lineLengths(doc) {
  const text = doc.getText();
  const out = [];
  for (let l = 0; l < doc.lineCount; l++) {
    const s = doc.offsetAt({ line: l, character: 0 });
    const e = l + 1 < doc.lineCount ? doc.offsetAt({ line: l + 1, character: 0 }) : text.length;
    let len = e - s;
    if (len > 0 && text[s + len - 1] === '\n') len--;
    if (len > 0 && text[s + len - 1] === '\r') len--;
    out.push(len);
  }
  return out;
}
function checkRange(range, doc, what, lens = lineLengths(doc)) {
  const bad = (m) => `${what}: ${m} ${JSON.stringify(range)} (lines=${doc.lineCount})`;
  if (!range || !range.start || !range.end) return bad('missing range');
  for (const p of [range.start, range.end]) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return bad('bad position');
    if (p.line >= doc.lineCount) return bad('line past end');
    if (p.character > lens[p.line]) return bad(`character past line end (len ${lens[p.line]})`);
  }
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) return bad('start after end');
  return undefined;
}
function randomPosition(doc, wild = 0.1) {
  if (chance(wild)) return { line: ri(doc.lineCount + 3), character: ri(200) };
  const text = doc.getText();
  // bias towards interesting spots (after '.', '$', ' ', quotes)
  let off = ri(text.length + 1);
  if (chance(0.5)) {
    const m = /[.$" '([]/g;
    m.lastIndex = off;
    const hit = m.exec(text);
    if (hit) off = hit.index + 1;
  }
  return doc.positionAt(off);
}

// ---------- server ----------
const CAPABILITIES_VSCODE = {
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    completion: {
      contextSupport: true,
      completionItem: { snippetSupport: true, insertReplaceSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] }, labelDetailsSupport: true },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
  notebookDocument: { synchronization: { dynamicRegistration: false } },
};

const failures = [];
const stats = {};
const count = (k, n = 1) => (stats[k] = (stats[k] ?? 0) + n);
let currentCase; // the record of the iteration under way
function fail(kind, detail, extra) {
  const f = { kind, detail: String(detail).slice(0, 2000), iter: currentCase?.iter, lang: currentCase?.lang, ...extra };
  failures.push(f);
  console.log(`FAIL [${kind}] iter=${f.iter} lang=${f.lang}: ${f.detail.slice(0, 400)}`);
  if (currentCase) currentCase.failed.push({ kind, detail: f.detail.slice(0, 2000) });
}

async function startServer() {
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: ROOT });
  const srv = { proc, exited: false, diags: new Map(), lastDiagAt: 0, stderr: '' };
  proc.stderr.on('data', (d) => {
    const s = String(d);
    srv.stderr += s;
    if (/Error|at .*\(.*:\d+:\d+\)|TypeError|RangeError|Uncaught|exception/i.test(s)) fail('stderr', s);
  });
  proc.on('exit', (code, sig) => {
    srv.exited = true;
    fail('exit', `server exited code=${code} signal=${sig}; stderr tail: ${srv.stderr.slice(-1500)}`);
  });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  srv.conn = conn;
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    srv.lastDiagAt = Date.now();
    count('publishDiagnostics');
    const list = srv.diags.get(p.uri) ?? [];
    list.push(p);
    srv.diags.set(p.uri, list);
    srv.docs?.get(p.uri)?.allDiags.push(p);
  });
  for (const m of ['window/logMessage', 'window/showMessage']) {
    conn.onNotification(m, (p) => {
      if ((p.type === 1 || p.type === 2) && /Error|\n\s+at /.test(p.message ?? '')) fail('log', `${m} type=${p.type}: ${p.message}`);
    });
  }
  const settings = { catalogues: CATALOGUES, ...(GRAIN ? { diagnostics: { enable: true, severity: 'warning', grainMismatch: true } } : {}) };
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => settings));
  conn.onRequest(() => null);
  conn.onError((e) => fail('rpc-error', e?.[0]?.message ?? String(e)));
  conn.listen();
  const caps = CAPS === 'plain' ? {} : CAPABILITIES_VSCODE;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: caps, workspaceFolders: null });
  await conn.sendNotification('initialized', {});
  srv.request = async (method, params) => {
    count(method);
    const t0 = Date.now();
    let timer;
    const timeout = new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`timeout after ${TIMEOUT} ms`)), TIMEOUT)));
    try {
      const r = await Promise.race([conn.sendRequest(method, params), timeout]);
      return r;
    } catch (e) {
      fail(e.message.startsWith('timeout') ? 'timeout' : 'request-error', `${method} ${JSON.stringify(params).slice(0, 300)}: ${e.message} (${Date.now() - t0} ms)`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };
  return srv;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Waits until no diagnostics arrived for QUIET ms (and at least QUIET since `since`). */
async function quiet(srv, since = Date.now()) {
  const t0 = Date.now();
  for (;;) {
    const last = Math.max(srv.lastDiagAt, since);
    const wait = last + QUIET - Date.now();
    if (wait <= 0) return;
    if (Date.now() - t0 > 30000) return fail('no-quiet', 'diagnostics kept coming for 30 s');
    await sleep(wait);
  }
}

// ---------- a tracked document on the client side ----------
class Doc {
  constructor(srv, uri, languageId, text) {
    this.srv = srv;
    this.uri = uri;
    this.languageId = languageId;
    this.doc = TextDocument.create(uri, languageId, 1, text);
    this.versions = new Map([[1, this.doc]]);
    this.allDiags = [];
    (srv.docs ??= new Map()).set(uri, this);
  }
  get version() {
    return this.doc.version;
  }
  async open() {
    count('didOpen');
    await this.srv.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri, languageId: this.languageId, version: 1, text: this.doc.getText() } });
  }
  /** Applies changes locally (the reference semantics: vscode-languageserver-textdocument) and sends them. */
  async change(changes) {
    const v = this.doc.version + 1;
    this.doc = applyChanges(this.doc, changes, v);
    this.versions.set(v, this.doc);
    if (this.versions.size > 60) this.versions.delete(this.versions.keys().next().value);
    count('didChange');
    count('contentChanges', changes.length);
    await this.srv.conn.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri, version: v }, contentChanges: changes });
  }
  async close() {
    count('didClose');
    await this.srv.conn.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri } });
    this.srv.docs.delete(this.uri);
  }
}

/**
 * The reference semantics of didChange: each change applied in turn (as TextDocument.update does), but with a fresh
 * line table before each, since TextDocument.update (vscode-languageserver-textdocument 1.0.16) corrupts its line
 * table for a range whose start, once ordered, is past the last line.
 */
function applyChanges(doc, changes, version) {
  let d = doc;
  for (const c of changes) d = TextDocument.update(TextDocument.create(d.uri, d.languageId, d.version, d.getText()), [c], version);
  return TextDocument.create(d.uri, d.languageId, version, d.getText());
}
function randomChange(doc) {
  const r = rand();
  if (r < 0.03) return { text: chance(0.5) || !EXAMPLES[doc.languageId] ? mutateText(doc.getText()) : baseText(doc.languageId) };
  const text = doc.getText();
  let a = ri(text.length + 1);
  let b = a;
  if (chance(0.4)) b = Math.min(text.length, a + ri(chance(0.2) ? 300 : 8));
  let start = doc.positionAt(a);
  let end = doc.positionAt(b);
  const wild = rand();
  if (wild < 0.05) end = { line: end.line, character: end.character + 1 + ri(50) }; // past end of line
  else if (wild < 0.08) end = { line: doc.lineCount + ri(3), character: ri(10) }; // past end of document
  else if (wild < 0.09 && PASTEND) [start, end] = [{ line: doc.lineCount + ri(3), character: ri(10) }, chance(0.5) ? start : { line: doc.lineCount + ri(3), character: ri(10) }]; // starts past the end
  else if (wild < 0.11) [start, end] = [end, start]; // reversed
  if (!PASTEND && start.line >= doc.lineCount && end.line >= doc.lineCount) start = end = doc.positionAt(doc.getText().length);
  else if (wild < 0.13) start = { line: start.line, character: start.character + 1 + ri(20) };
  let newText = '';
  if (a === b || chance(0.6)) newText = chance(0.15) ? sliceOf(text) : fragment();
  return { range: { start, end }, text: newText };
}
function mutateText(text) {
  const at = ri(text.length + 1);
  return text.slice(0, at) + fragment() + text.slice(Math.min(text.length, at + ri(20)));
}

// ---------- checks on answers ----------
function itemsOf(answer) {
  return Array.isArray(answer) ? answer : answer?.items ?? [];
}
function checkCompletion(answer, doc, where) {
  if (answer === undefined || answer === null) return;
  const lens = lineLengths(doc);
  const errs = [];
  const e = answer.itemDefaults?.editRange;
  if (e) errs.push('range' in e || 'insert' in e ? ('insert' in e ? [checkRange(e.insert, doc, 'itemDefaults.editRange.insert', lens), checkRange(e.replace, doc, 'itemDefaults.editRange.replace', lens)] : [checkRange(e, doc, 'itemDefaults.editRange', lens)]) : [checkRange(e, doc, 'itemDefaults.editRange', lens)]);
  for (const it of itemsOf(answer)) {
    if (it.textEdit) errs.push('range' in it.textEdit ? checkRange(it.textEdit.range, doc, `item ${it.label} textEdit`, lens) : [checkRange(it.textEdit.insert, doc, 'insert', lens), checkRange(it.textEdit.replace, doc, 'replace', lens)]);
    for (const ed of it.additionalTextEdits ?? []) errs.push(checkRange(ed.range, doc, `item ${it.label} additionalTextEdit`, lens));
    if (typeof it.label !== 'string') errs.push(`item without label ${JSON.stringify(it)}`);
  }
  for (const m of errs.flat().filter(Boolean).slice(0, 3)) fail('range', `completion at ${JSON.stringify(where)}: ${m}`);
}

function normDiag(d) {
  return JSON.stringify({ r: d.range, m: d.message, c: d.code, s: d.severity, src: d.source, data: d.data });
}
function normCompletion(a) {
  if (!a) return JSON.stringify(a);
  const items = itemsOf(a).map((i) => ({ ...i, data: i.data }));
  return JSON.stringify({ inc: a.isIncomplete ?? false, def: a.itemDefaults, items });
}
function normLocations(a, uri) {
  return JSON.stringify(a ?? null).split(JSON.stringify(uri).slice(1, -1)).join('<self>');
}

// ---------- one text-document iteration ----------
async function textIteration(srv, it, lang, record) {
  lastEditEnd = undefined;
  const uri = `file:///fuzz/${it}-a.${lang}`;
  const d = new Doc(srv, uri, lang, record ? record.initialText : baseText(lang));
  const rec = record ?? { lang, initialText: d.doc.getText(), steps: [], probes: [] };
  currentCase.rec = rec;
  await d.open();
  const nEdits = record ? record.steps.length : 1 + ri(EDITS);
  const settleAt = record ? -1 : chance(0.5) ? Math.max(0, nEdits - 1 - ri(3)) : -1;
  for (let k = 0; k < nEdits; k++) {
    if (record ? record.steps[k]?.settle : k === settleAt) {
      // let a full check finish (so that the next edits take the early path, Analyser.sameAs)
      await quiet(srv, Date.now());
      if (!record) rec.steps.push({ settle: true, changes: [] });
      if (record) continue;
    }
    let changes;
    if (record) changes = record.steps[k].changes;
    else if (chance(0.25)) {
      // typing: a word typed one keystroke at a time (with completion after each, as an editor asks)
      const word = pick(TYPED);
      let at = randomPosition(d.doc, 0);
      for (const ch of word) {
        const c = ch === '\b' ? { range: { start: { line: at.line, character: Math.max(0, at.character - 1) }, end: at }, text: '' } : { range: { start: at, end: at }, text: ch };
        rec.steps.push({ changes: [c] });
        await d.change([c]);
        at = d.doc.positionAt(d.doc.offsetAt(c.range.start) + c.text.length);
        lastEditEnd = at;
        if (chance(SHADOW)) await shadowCheck(srv, d, [at], rec);
        else if (chance(0.6)) await completionAndResolve(srv, d, d.doc, at);
        if (chance(0.1)) await hoverCheck(srv, d, d.doc, at);
        if (chance(0.05)) await sleep(ri(300));
      }
      continue;
    } else {
      const n = chance(0.2) ? 2 + ri(4) : 1;
      changes = [];
      // build changes against the progressively updated doc
      let tmp = d.doc;
      for (let j = 0; j < n; j++) {
        const c = randomChange(tmp);
        changes.push(c);
        tmp = applyChanges(tmp, [c], tmp.version + 1);
      }
      rec.steps.push({ changes });
    }
    await d.change(changes);
    const lc = changes[changes.length - 1];
    if (lc.range) lastEditEnd = d.doc.positionAt(Math.min(d.doc.offsetAt(lc.range.start), d.doc.offsetAt(lc.range.end)) + lc.text.length);
    if (!record && chance(SHADOW)) await shadowCheck(srv, d, [lastEditEnd ?? randomPosition(d.doc, 0), randomPosition(d.doc, 0)], rec);
    else if (!record) await randomRequests(srv, d);
    if (record && record.steps[k].shadow) await shadowCheck(srv, d, record.steps[k].shadow, rec);
    if (!record && chance(0.1)) await sleep(ri(chance(0.5) ? 100 : 1200));
  }
  if (CONSIST) await consistency(srv, d, it, rec, !!record);
  await d.close();
  srv.diags.delete(uri);
}

async function randomRequests(srv, d) {
  const n = ri(3);
  const pend = [];
  for (let k = 0; k < n; k++) {
    const snap = d.doc;
    const position = randomPosition(snap);
    const r = rand();
    const p = r < 0.45 ? completionAndResolve(srv, d, snap, position) : r < 0.7 ? hoverCheck(srv, d, snap, position) : r < 0.85 ? definitionCheck(srv, d, snap, position) : codeActionCheck(srv, d, snap, position);
    // sometimes don't wait (requests pipelined with edits)
    if (chance(0.7)) await p;
    else pend.push(p);
  }
  await Promise.all(pend);
  // check the latest diagnostics for ranges
  checkPublished(srv, d);
}

function checkPublished(srv, d) {
  const list = srv.diags.get(d.uri) ?? [];
  for (const p of list.splice(0, list.length - 1)) checkDiagnostics(p, d);
  const last = list[list.length - 1];
  if (last && !last.checked) checkDiagnostics(last, d);
}
function checkDiagnostics(p, d) {
  if (p.checked) return;
  p.checked = true;
  count('diagnosticsChecked', p.diagnostics.length);
  const doc = p.version !== undefined ? d.versions.get(p.version) : d.doc;
  if (!doc) return;
  if (p.version !== undefined && p.version > d.version) return fail('diag-version', `diagnostics for future version ${p.version} > ${d.version}`);
  const lens = lineLengths(doc);
  for (const diag of p.diagnostics) {
    const m = checkRange(diag.range, doc, `diagnostic v${p.version} '${diag.message}'`, lens);
    if (m) return fail('range', m);
  }
}

async function completionAndResolve(srv, d, snap, position) {
  const a = await srv.request('textDocument/completion', { textDocument: { uri: d.uri }, position, context: { triggerKind: 1 } });
  checkCompletion(a, snap, position);
  const items = itemsOf(a);
  count('completionItems', items.length);
  if (items.length && chance(0.6)) {
    for (let k = 0; k < 1 + ri(3); k++) {
      const it = pick(items);
      const item = { ...it, data: it.data ?? a.itemDefaults?.data };
      const r = await srv.request('completionItem/resolve', item);
      if (r && r.label !== it.label) fail('resolve', `label changed ${it.label} -> ${r.label}`);
    }
  }
}
async function hoverCheck(srv, d, snap, position) {
  const h = await srv.request('textDocument/hover', { textDocument: { uri: d.uri }, position });
  if (h?.range) {
    const m = checkRange(h.range, snap, `hover at ${JSON.stringify(position)}`);
    if (m) fail('range', m);
  }
  if (h && !h.contents) fail('hover', `hover without contents ${JSON.stringify(h)}`);
}
async function definitionCheck(srv, d, snap, position) {
  const r = await srv.request('textDocument/definition', { textDocument: { uri: d.uri }, position });
  for (const loc of r ? (Array.isArray(r) ? r : [r]) : []) {
    const range = loc.range ?? loc.targetRange;
    if ((loc.uri ?? loc.targetUri) === d.uri) {
      const m = checkRange(range, snap, `definition at ${JSON.stringify(position)}`);
      if (m) fail('range', m);
    }
  }
}
async function codeActionCheck(srv, d, snap, position) {
  // diagnostics published for the current version
  const list = srv.diags.get(d.uri) ?? [];
  const last = list[list.length - 1];
  let diags = last && (last.version === undefined || last.version === snap.version) ? last.diagnostics : [];
  let range = { start: position, end: position };
  if (diags.length && chance(0.7)) {
    const one = pick(diags);
    range = one.range;
  }
  const ctx = diags.filter((x) => !(x.range.end.line < range.start.line || x.range.start.line > range.end.line));
  if (!ctx.length && chance(0.5)) ctx.push({ range, message: 'fake', source: 'TRE Catalogue' });
  count('codeActionDiagnostics', ctx.length);
  const acts = await srv.request('textDocument/codeAction', { textDocument: { uri: d.uri }, range, context: { diagnostics: ctx } });
  for (const a of acts ?? []) {
    count('codeActionsReturned');
    for (const [u, edits] of Object.entries(a.edit?.changes ?? {})) {
      if (u !== d.uri) {
        fail('codeaction', `edit for another uri ${u}`);
        continue;
      }
      for (const e of edits) {
        const m = checkRange(e.range, snap, `codeAction '${a.title}'`);
        if (m) fail('range', m);
      }
      // overlapping edits would not apply cleanly
      const sorted = [...edits].map((e) => [snap.offsetAt(e.range.start), snap.offsetAt(e.range.end)]).sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < sorted.length; i++) if (sorted[i][0] < sorted[i - 1][1]) fail('codeaction', `overlapping edits in '${a.title}'`);
      try {
        TextDocument.applyEdits(snap, edits);
      } catch (e) {
        fail('codeaction', `edits do not apply: ${e.message}`);
      }
    }
  }
}

/** The same request in the edited document and in one of the same text opened fresh, each normalised for comparison. */
async function askBoth(srv, aUri, bUri, method, position) {
  const ra = await srv.request(method, { textDocument: { uri: aUri }, position });
  const rb = await srv.request(method, { textDocument: { uri: bUri }, position });
  const norm = (r, uri) => (method === 'textDocument/completion' ? normCompletion(r) : normLocations(r, uri));
  return { ra, na: norm(ra, aUri), nb: norm(rb, bUri) };
}

// ---------- shadow check: right after an edit (partial model), compare with the same text opened fresh ----------
let shadowN = 0;
async function shadowCheck(srv, a, positions, rec) {
  const last = rec.steps[rec.steps.length - 1];
  if (last && !last.shadow && !currentCase.replay) last.shadow = positions;
  const s = new Doc(srv, `file:///fuzz/shadow${++shadowN}.${a.languageId}`, a.languageId, a.doc.getText());
  await s.open();
  count('shadowChecks');
  for (const position of positions) {
    for (const method of ['textDocument/completion', 'textDocument/hover', 'textDocument/definition']) {
      const { ra, na, nb } = await askBoth(srv, a.uri, s.uri, method, position);
      count('shadowRequests');
      if (method === 'textDocument/completion') {
        checkCompletion(ra, a.doc, position);
        count('shadowCompletionItems', itemsOf(ra).length);
      }
      if (na !== nb) fail(`shadow-${method.split('/')[1]}`, `v${a.version} at ${JSON.stringify(position)}: incremental ${na.slice(0, 600)}\n  fresh ${nb.slice(0, 600)}`, { case: rec });
    }
  }
  await s.close();
  srv.diags.delete(s.uri);
}

// ---------- consistency ----------
async function consistency(srv, a, it, rec, replay) {
  const text = a.doc.getText();
  const b = new Doc(srv, `file:///fuzz/${it}-b.${a.languageId}`, a.languageId, text);
  await b.open();
  await quiet(srv, Date.now());
  const la = srv.diags.get(a.uri)?.at(-1);
  const lb = srv.diags.get(b.uri)?.at(-1);
  checkPublished(srv, a);
  checkPublished(srv, b);
  count('consistencyChecks');
  if (!lb) fail('no-diagnostics', `fresh document got no diagnostics`);
  if (la && la.version !== undefined && la.version !== a.version) fail('stale-diagnostics', `last diagnostics of edited doc are for v${la.version}, doc is v${a.version}`, { case: rec });
  if (la && lb) {
    const da = la.diagnostics.map(normDiag).join('\n');
    const db = lb.diagnostics.map(normDiag).join('\n');
    if (da !== db) fail('consistency-diagnostics', `incremental ${la.diagnostics.length} vs fresh ${lb.diagnostics.length}\n${diffLines(da, db)}`, { case: rec });
    // every publish for the final version (the early ones of Analyser.sameAs too) must be the fresh ones
    else
      for (const p of a.allDiags.filter((x) => x.version === a.version && x !== la)) {
        count('earlyDiagnosticsCompared');
        const dp = p.diagnostics.map(normDiag).join('\n');
        if (dp !== db) fail('consistency-early-diagnostics', `a publish for v${p.version} (${p.diagnostics.length}) differs from fresh (${lb.diagnostics.length})\n${diffLines(dp, db)}`, { case: rec });
      }
  }
  // every publish of an earlier version (early ones of Analyser.sameAs included) must be that version's fresh diagnostics
  const earlier = a.allDiags.filter((p) => p.version !== undefined && p.version < a.version && a.versions.has(p.version));
  for (const p of earlier.slice(-PAST)) {
    const text = a.versions.get(p.version).getText();
    const fresh = await freshDiagnostics(srv, `file:///fuzz/${it}-v${p.version}-${++shadowN}.${a.languageId}`, a.languageId, text);
    count('pastVersionDiagnosticsCompared');
    if (!fresh) continue;
    const dp = p.diagnostics.map(normDiag).join('\n');
    const df = fresh.diagnostics.map(normDiag).join('\n');
    const stepIndex = rec.steps.filter((x) => !x.settle).length - (a.version - p.version);
    if (dp !== df) fail('past-version-diagnostics', `published for v${p.version} (after ${stepIndex} edit steps): ${p.diagnostics.length} vs fresh ${fresh.diagnostics.length}\n${diffLines(dp, df)}`, { case: rec, version: p.version });
  }
  const probes = replay ? rec.probes : Array.from({ length: 4 }, () => randomPosition(a.doc, 0.05));
  if (!replay && lastEditEnd) probes.push(lastEditEnd);
  if (!replay) rec.probes = probes;
  for (const position of probes) {
    for (const method of ['textDocument/completion', 'textDocument/hover', 'textDocument/definition']) {
      const { ra, na, nb } = await askBoth(srv, a.uri, b.uri, method, position);
      count('consistencyRequests');
      if (na !== nb) fail(`consistency-${method.split('/')[1]}`, `at ${JSON.stringify(position)}: incremental ${na.slice(0, 500)}\n  fresh ${nb.slice(0, 500)}`, { case: rec });
      if (method === 'textDocument/completion') checkCompletion(ra, a.doc, position);
    }
  }
  await b.close();
  srv.diags.delete(b.uri);
}

/** Opens a document, waits for its first diagnostics (sent at once for a new document), closes it. */
async function freshDiagnostics(srv, uri, languageId, text) {
  const d = new Doc(srv, uri, languageId, text);
  await d.open();
  const t0 = Date.now();
  while (!d.allDiags.length && Date.now() - t0 < TIMEOUT) await sleep(10);
  const got = d.allDiags[0];
  if (!got) fail('no-diagnostics', `fresh document ${uri} got no diagnostics in ${TIMEOUT} ms`);
  await d.close();
  srv.diags.delete(uri);
  return got;
}
function diffLines(x, y) {
  const xs = new Set(x.split('\n'));
  const ys = new Set(y.split('\n'));
  const out = [];
  for (const l of xs) if (!ys.has(l)) out.push('- ' + l);
  for (const l of ys) if (!xs.has(l)) out.push('+ ' + l);
  return out.slice(0, 8).join('\n');
}

// ---------- notebooks ----------
let nbCounter = 0;
function randomCells() {
  const n = 1 + ri(5);
  return Array.from({ length: n }, () => {
    if (chance(0.5)) {
      const c = pick(NB_CELLS);
      return { ...c, text: chance(0.3) ? mutateText(c.text) : c.text };
    }
    const lang = pick(['sql', 'r', 'stata', 'markdown']);
    return { kind: lang === 'markdown' ? 1 : 2, languageId: lang, text: lang === 'markdown' ? '# notes ' + fragment() : chance(0.5) ? sliceOf(generate(lang, 40)) : generate(lang, 5 + ri(20)) };
  });
}
class Notebook {
  constructor(srv, uri, cells) {
    this.srv = srv;
    this.uri = uri;
    this.version = 1;
    this.cells = cells.map((c) => this.newCell(c));
  }
  newCell(c) {
    const curi = `vscode-notebook-cell:${this.uri.slice(5)}#C${++nbCounter}`;
    return { kind: c.kind, languageId: c.languageId, doc: TextDocument.create(curi, c.languageId, 1, c.text) };
  }
  async open() {
    count('notebook/didOpen');
    await this.srv.conn.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: this.uri, notebookType: 'jupyter-notebook', version: this.version, cells: this.cells.map((c) => ({ kind: c.kind, document: c.doc.uri })) },
      cellTextDocuments: this.cells.map((c) => ({ uri: c.doc.uri, languageId: c.languageId, version: c.doc.version, text: c.doc.getText() })),
    });
  }
  async editCell(i, changes) {
    const c = this.cells[i];
    c.doc = applyChanges(c.doc, changes, c.doc.version + 1);
    this.version++;
    count('notebook/didChange');
    await this.srv.conn.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: this.uri, version: this.version },
      change: { cells: { textContent: [{ document: { uri: c.doc.uri, version: c.doc.version }, changes }] } },
    });
  }
  async structure(start, deleteCount, inserted) {
    const added = inserted.map((c) => this.newCell(c));
    const removed = this.cells.splice(start, deleteCount, ...added);
    (this.removed ??= []).push(...removed.map((c) => c.doc.uri));
    this.version++;
    count('notebook/structure');
    await this.srv.conn.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: this.uri, version: this.version },
      change: {
        cells: {
          structure: {
            array: { start, deleteCount, cells: added.map((c) => ({ kind: c.kind, document: c.doc.uri })) },
            didOpen: added.map((c) => ({ uri: c.doc.uri, languageId: c.languageId, version: 1, text: c.doc.getText() })),
            didClose: removed.map((c) => ({ uri: c.doc.uri })),
          },
        },
      },
    });
  }
  async close() {
    count('notebook/didClose');
    await this.srv.conn.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: this.uri }, cellTextDocuments: this.cells.map((c) => ({ uri: c.doc.uri })) });
  }
}

async function notebookIteration(srv, it, record) {
  const uri = `file:///fuzz/nb${it}-a.ipynb`;
  const rec = record ?? { lang: 'notebook', cells: randomCells(), steps: [], probes: [] };
  currentCase.rec = rec;
  const nb = new Notebook(srv, uri, rec.cells);
  await nb.open();
  const nSteps = record ? record.steps.length : 1 + ri(EDITS);
  for (let k = 0; k < nSteps; k++) {
    let step = record?.steps[k];
    if (!step) {
      if (chance(0.15)) {
        const start = ri(nb.cells.length + 1);
        step = { structure: { start, deleteCount: chance(0.5) ? Math.min(nb.cells.length - start, ri(2)) : 0, cells: chance(0.7) ? randomCells().slice(0, 1 + ri(2)) : [] } };
      } else if (nb.cells.length) {
        const i = ri(nb.cells.length);
        step = { cell: i, changes: [randomChange(nb.cells[i].doc)] };
      } else continue;
      rec.steps.push(step);
    }
    if (step.structure) await nb.structure(step.structure.start, step.structure.deleteCount, step.structure.cells);
    else await nb.editCell(step.cell, step.changes);
    if (!record && nb.cells.length) {
      for (let q = 0; q < ri(3); q++) {
        const c = pick(nb.cells);
        const d = { uri: c.doc.uri, doc: c.doc, version: c.doc.version, versions: new Map([[c.doc.version, c.doc]]) };
        const position = randomPosition(c.doc);
        const r = rand();
        if (r < 0.5) await completionAndResolve(srv, d, c.doc, position);
        else if (r < 0.75) await hoverCheck(srv, d, c.doc, position);
        else if (r < 0.9) await definitionCheck(srv, d, c.doc, position);
        else await codeActionCheck(srv, d, c.doc, position);
      }
    }
    if (!record && chance(0.1)) await sleep(ri(400));
  }
  if (CONSIST) {
    const fresh = new Notebook(srv, `file:///fuzz/nb${it}-b.ipynb`, nb.cells.map((c) => ({ kind: c.kind, languageId: c.languageId, text: c.doc.getText() })));
    await fresh.open();
    await quiet(srv, Date.now());
    count('consistencyChecks');
    for (const u of nb.removed ?? []) {
      const l = srv.diags.get(u)?.at(-1);
      count('removedCellsChecked');
      if (l && l.diagnostics.length) fail('removed-cell-diagnostics', `cell ${u} removed from the notebook still has ${l.diagnostics.length} diagnostics: ${l.diagnostics[0].message}`, { case: rec });
    }
    for (let i = 0; i < nb.cells.length; i++) {
      const ca = nb.cells[i];
      const cb = fresh.cells[i];
      if (ca.kind !== 2) continue;
      const la = srv.diags.get(ca.doc.uri)?.at(-1);
      const lb = srv.diags.get(cb.doc.uri)?.at(-1);
      for (const [l, c] of [[la, ca], [lb, cb]]) {
        if (!l) continue;
        const m = l.diagnostics.map((x) => checkRange(x.range, c.doc, `notebook cell diag '${x.message}'`)).find(Boolean);
        if (m) fail('range', m, { case: rec });
      }
      const da = (la?.diagnostics ?? []).map(normDiag).join('\n');
      const db = (lb?.diagnostics ?? []).map(normDiag).join('\n');
      if (da !== db) fail('consistency-diagnostics', `notebook cell ${i}: incremental vs fresh\n${diffLines(da, db)}`, { case: rec });
      const positions = record ? rec.probes.filter((p) => p.cell === i) : [{ cell: i, ...randomPosition(ca.doc, 0) }];
      if (!record) rec.probes.push(...positions);
      for (const p of positions) {
        const position = { line: p.line, character: p.character };
        for (const method of ['textDocument/completion', 'textDocument/hover', 'textDocument/definition']) {
          const ra = await srv.request(method, { textDocument: { uri: ca.doc.uri }, position });
          const rb = await srv.request(method, { textDocument: { uri: cb.doc.uri }, position });
          let na = method === 'textDocument/completion' ? normCompletion(ra) : JSON.stringify(ra ?? null);
          let nb2 = method === 'textDocument/completion' ? normCompletion(rb) : JSON.stringify(rb ?? null);
          // cell uris differ: normalise
          nb.cells.forEach((c, j) => (na = na.split(c.doc.uri).join(`<cell${j}>`)));
          fresh.cells.forEach((c, j) => (nb2 = nb2.split(c.doc.uri).join(`<cell${j}>`)));
          count('consistencyRequests');
          if (na !== nb2) fail(`consistency-nb-${method.split('/')[1]}`, `cell ${i} at ${JSON.stringify(position)}: incremental ${na.slice(0, 400)}\n  fresh ${nb2.slice(0, 400)}`, { case: rec });
        }
      }
    }
    await fresh.close();
  }
  await nb.close();
}

// ---------- main ----------
async function main() {
  const srv = await startServer();
  const t0 = Date.now();
  if (env.REPLAY) {
    const rec = JSON.parse(fs.readFileSync(env.REPLAY, 'utf8'));
    const runs = Number(env.REPEAT ?? 1);
    let failed = 0;
    for (let k = 0; k < runs; k++) {
      currentCase = { iter: `replay${k}`, lang: rec.lang, failed: [], replay: true };
      if (rec.lang === 'notebook') await notebookIteration(srv, `r${k}`, rec);
      else await textIteration(srv, `r${k}`, rec.lang, rec);
      if (currentCase.failed.length) failed++;
    }
    console.log(`replay: ${failed}/${runs} runs failed`);
    await shutdown(srv);
    process.exit(failed ? 1 : 0);
  }
  for (let it = 0; it < ITERS; it++) {
    if (Date.now() - t0 > TIME_LIMIT) break;
    if (srv.exited) break;
    const lang = LANGS[it % LANGS.length];
    currentCase = { iter: it, lang, failed: [] };
    const seedAtStart = seed;
    if (lang === 'notebook') await notebookIteration(srv, it, undefined);
    else await textIteration(srv, it, lang, undefined);
    count(`iter:${lang}`);
    if (currentCase.failed.length) {
      const file = path.join(OUT, `case-s${SEED}-i${it}-${lang}.json`);
      fs.writeFileSync(file, JSON.stringify({ ...currentCase.rec, seedAtStart, failures: currentCase.failed }, null, 1));
      console.log(`  case written to ${path.relative(ROOT, file)}`);
    }
    if (VERBOSE) console.log(`iter ${it} ${lang} done (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  await shutdown(srv);
  console.log('\n== stats ==');
  for (const [k, v] of Object.entries(stats).sort()) console.log(`${k}: ${v}`);
  const kinds = {};
  for (const f of failures) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  console.log('== failures ==', JSON.stringify(kinds));
  process.exit(failures.length ? 1 : 0);
}
async function shutdown(srv) {
  if (srv.exited) return;
  srv.proc.removeAllListeners('exit');
  try {
    await Promise.race([srv.conn.sendRequest('shutdown'), sleep(2000)]);
    await srv.conn.sendNotification('exit');
  } catch {
    /* gone */
  }
  await sleep(200);
  srv.proc.kill();
}
main().catch((e) => {
  console.error(e);
  process.exit(2);
});
