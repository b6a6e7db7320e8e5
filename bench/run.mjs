// `npm run bench`: drives dist/server.js over stdio as an editor does, on generated SQL, R and Stata
// scripts of 1k, 10k and 50k lines, and drives sql-language-server on the same SQL files for comparison.
// Writes bench/RESULTS.md (or BENCH_OUT). Figures are printed, never asserted. Both servers run on the Node that
// runs this script: `npm run bench:node24` runs it on Node 24, as VS Code's extension host runs the server.

import { execSync, spawn } from 'node:child_process';
import { Transform } from 'node:stream';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { EXTENSIONS, generate, LANGUAGES } from './generate.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const YAML = require('yaml');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
/** Keystrokes after a pause (see measure), the pauses PAUSE_STEP apart: 0 to 1.4 s, past the server's 1 s idle wait. */
const PAUSES = 20;
const PAUSE_STEP = 75;
/** Keystrokes of steady typing, STEADY_GAP ms apart (see measure). */
const STEADY = 20;
const STEADY_GAP = 200;
/** Edits each waited on until their diagnostics come (see measure). */
const CHECKED_EDITS = 10;
const SKIP_SQLLS = process.env.BENCH_SQLLS === '0';
const OUT = process.env.BENCH_OUT ?? 'bench/RESULTS.md';
const SQLLS = path.join(ROOT, '.bench/sqlls/node_modules/sql-language-server/npm_bin/cli.js');
/** The server runs with the Node flags the VS Code client gives it (client/server-flags.json), or BENCH_NODE_ARGS. */
const NODE_ARGS = process.env.BENCH_NODE_ARGS !== undefined ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : JSON.parse(fs.readFileSync(path.join(ROOT, 'client/server-flags.json'), 'utf8'));

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** A time-out that does not keep the process alive once everything else is done. */
const after = (ms, value) => new Promise((r) => setTimeout(() => r(value), ms).unref());

/** The completion capabilities VS Code's language client (vscode-languageclient 9) declares, for both servers. */
const CAPABILITIES = {
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    completion: {
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        insertReplaceSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
        labelDetailsSupport: true,
      },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};
const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (x) => (Number.isNaN(x) ? 'n/a' : x < 10 ? x.toFixed(2) : x.toFixed(0));

/** CPU time (user + system) a process has used, in milliseconds. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
function cpuMs(pid) {
  try {
    // The command name, in parentheses, may hold spaces and parentheses itself: the fields follow the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Passes only LSP frames (Content-Length header + body). sql-language-server prints console.time lines
 * ("complete: 11.674ms") to stdout between frames, which a strict client cannot read; editors drop them.
 */
function lspFramesOnly() {
  let buffer = Buffer.alloc(0);
  const header = Buffer.from('Content-Length: ');
  return new Transform({
    transform(chunk, _encoding, done) {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const at = buffer.indexOf(header);
        if (at < 0) {
          buffer = buffer.subarray(Math.max(0, buffer.length - header.length));
          break;
        }
        if (at > 0) buffer = buffer.subarray(at);
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) break;
        const length = Number(/Content-Length: (\d+)/.exec(buffer.subarray(0, end).toString())?.[1] ?? NaN);
        if (!Number.isFinite(length)) {
          buffer = buffer.subarray(header.length);
          continue;
        }
        if (buffer.length < end + 4 + length) break;
        this.push(buffer.subarray(0, end + 4 + length));
        buffer = buffer.subarray(end + 4 + length);
      }
      done();
    },
  });
}

/** Starts a server and returns a small client; resolves when `initialized` has been sent. */
async function start(command, args, { rootUri = null, env = process.env, initializationOptions, readyNotification } = {}) {
  const t0 = now();
  const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  // A server that dies must fail the run loudly, not leave requests pending forever.
  const died = new Promise((_, reject) => proc.on('exit', (code) => reject(new Error(`${path.basename(args[0])} exited (${code}): ${stderr}`))));
  died.catch(() => undefined);
  const request = (method, params) =>
    Promise.race([conn.sendRequest(method, params), died, after(30000, 'time-out').then((v) => Promise.reject(new Error(`${method}: no answer in 30 s (${v})`)))]);
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout.pipe(lspFramesOnly())), new rpc.StreamMessageWriter(proc.stdin));
  const waiters = new Map();
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const w = waiters.get(p.uri);
    // sql-language-server sends no version: any diagnostics after the edit count.
    if (w && (w.version === undefined || p.version === undefined || p.version === w.version)) {
      waiters.delete(p.uri);
      w.resolve(p);
    }
  });
  let ready;
  const readyPromise = readyNotification ? new Promise((r) => (ready = r)) : Promise.resolve();
  conn.onNotification((method) => {
    if (method === readyNotification) ready();
  });
  conn.onRequest(() => null);
  conn.listen();
  const init = await request('initialize', { processId: process.pid, rootUri, rootPath: rootUri ? fileURLToPath(rootUri) : null, capabilities: CAPABILITIES, initializationOptions });
  await conn.sendNotification('initialized', {});
  await Promise.race([readyPromise, after(15000)]);
  const readyMs = now() - t0;
  return {
    proc,
    conn,
    request,
    capabilities: init.capabilities,
    readyMs,
    /** The next diagnostics for the document (for `version`, when the server sends versions). */
    diagnosticsFor: (uri, version) => new Promise((resolve) => waiters.set(uri, { resolve, version })),
    async stop() {
      const rss = peakRss(proc.pid);
      try {
        await Promise.race([conn.sendRequest('shutdown'), after(2000)]);
        await conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      proc.kill();
      conn.dispose();
      return rss;
    },
  };
}

/** Offsets where completion is meaningful (after `r.` in SQL and R, after `summarize ` in Stata). */
function positions(language, text) {
  const marker = language === 'stata' ? 'summarize ' : 'r.';
  const found = [];
  for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) found.push(i + marker.length);
  const step = Math.max(1, Math.floor(found.length / SAMPLES));
  return found.filter((_, k) => k % step === 0).slice(0, SAMPLES);
}

function lineCol(text, offset) {
  let line = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, character: offset - last - 1 };
}

async function measure(server, language, text, file) {
  const uri = pathToFileURL(file).toString();
  const languageId = language;
  const diag = server.diagnosticsFor(uri);
  const t0 = now();
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const firstDiag = await Promise.race([diag.then(() => now() - t0), after(60000, NaN)]);
  const openRss = peakRss(server.proc.pid);
  const offsets = positions(language, text);
  const completion = [];
  const hover = [];
  let items = 0;
  for (const o of offsets) {
    const position = lineCol(text, o);
    let t = now();
    const answer = await server.request('textDocument/completion', { textDocument: { uri }, position });
    completion.push(now() - t);
    items += (Array.isArray(answer) ? answer : answer?.items ?? []).length;
    if (!server.capabilities.hoverProvider) continue;
    t = now();
    await server.request('textDocument/hover', { textDocument: { uri }, position: { line: position.line, character: position.character + 2 } });
    hover.push(now() - t);
  }
  // VmHWM at the end of each phase: it only rises, so the phase where it rises most is where the peak came from.
  const phases = [openRss, peakRss(server.proc.pid)];
  // Typing: insert a character at a completion position, complete, delete it, complete; 50 times.
  const typing = [];
  const at = lineCol(text, offsets[Math.floor(offsets.length / 2)] ?? 0);
  const typed = { line: at.line, character: at.character + 1 };
  let version = 1;
  /** A keystroke at `at`: a 'p' typed there, or deleted again. */
  const keystroke = (insert) =>
    server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [insert ? { range: { start: at, end: at }, text: 'p' } : { range: { start: at, end: typed }, text: '' }] });
  for (let k = 0; k < 50; k++) {
    await keystroke(true);
    let t = now();
    await server.request('textDocument/completion', { textDocument: { uri }, position: typed });
    typing.push(now() - t);
    await keystroke(false);
    t = now();
    await server.request('textDocument/completion', { textDocument: { uri }, position: at });
    typing.push(now() - t);
  }
  phases.push(peakRss(server.proc.pid));
  // Pauses: a keystroke, a pause (0 to 1.4 s, in an order that mixes them), then a keystroke and a completion.
  // Diagnostics run once typing pauses; a keystroke that comes while they run waits for them.
  const paused = [];
  for (let k = 0; k < PAUSES; k++) {
    await keystroke(true);
    await after(((k * 7) % PAUSES) * PAUSE_STEP);
    await keystroke(false);
    const t = now();
    await server.request('textDocument/completion', { textDocument: { uri }, position: at });
    paused.push(now() - t);
  }
  phases.push(peakRss(server.proc.pid));
  // Edit to diagnostics: one keystroke, then nothing until the diagnostics of that version come.
  const checked = [];
  for (let k = 0; k < CHECKED_EDITS; k++) {
    const diagnostics = server.diagnosticsFor(uri, version + 1);
    const t = now();
    await keystroke(k % 2 === 0);
    checked.push(await Promise.race([diagnostics.then(() => now() - t), after(10000, NaN)]));
  }
  phases.push(peakRss(server.proc.pid));
  // Steady typing: five keystrokes a second, each followed by a completion, after the last phase's work is done.
  // What the server spends on them: its CPU time (user + system) over the phase, per keystroke.
  await after(1500);
  const cpu0 = cpuMs(server.proc.pid);
  for (let k = 0; k < STEADY; k++) {
    await keystroke(k % 2 === 0);
    await server.request('textDocument/completion', { textDocument: { uri }, position: k % 2 === 0 ? typed : at });
    await after(STEADY_GAP);
  }
  const steadyCpu = (cpuMs(server.proc.pid) - cpu0) / STEADY;
  phases.push(peakRss(server.proc.pid));
  await server.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  // The same script opened again as another file, in the server that has now run it all: the first open waits for
  // V8 to warm up, this one does not (as when a researcher opens a second long script).
  const peak = peakRss(server.proc.pid);
  await after(500);
  const again = pathToFileURL(file.replace(/(\.\w+)$/, '-again$1')).toString();
  const againDiag = server.diagnosticsFor(again);
  const t1 = now();
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: again, languageId, version: 1, text } });
  const reopenDiag = await Promise.race([againDiag.then(() => now() - t1), after(60000, NaN)]);
  await server.conn.sendNotification('textDocument/didClose', { textDocument: { uri: again } });
  return { firstDiag, reopenDiag, peak, openRss, phases, completion, hover, typing, paused, checked, steadyCpu, samples: offsets.length, items: offsets.length ? items / offsets.length : 0 };
}

/** sql-language-server's json adapter, fed the same IAPT catalogue. */
function sqllsProject(dir) {
  const doc = YAML.parse(fs.readFileSync(path.join(ROOT, 'schemas/iapt/iapt.catalogue.yaml'), 'utf8'));
  const version = doc.naming.versions.at(-1);
  const tables = doc.tables.map((t) => ({
    catalog: null,
    database: 'LLC_1234',
    tableName: `${doc.naming.source}_${t.name}_${version}`,
    columns: t.columns.filter((c) => !c.unconfirmed).map((c) => ({ columnName: c.name, description: c.description ?? '' })),
  }));
  fs.writeFileSync(path.join(dir, 'iapt-schema.json'), JSON.stringify({ tables, functions: [] }));
  fs.writeFileSync(path.join(dir, '.sqllsrc.json'), JSON.stringify({ adapter: 'json', filename: path.join(dir, 'iapt-schema.json') }));
}

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

async function main() {
  const server = path.join(ROOT, 'dist/server.js');
  if (!fs.existsSync(server)) throw new Error('dist/server.js is missing: run npm run build');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tre-bench-'));
  const rows = [];
  const compare = [];
  for (const language of (process.env.BENCH_LANGUAGES ?? LANGUAGES.join(',')).split(',')) {
    for (const lines of SIZES) {
      const generated = generate(language, lines);
      // sql-language-server completes nothing after `r.` in the T-SQL file (in CTEs, or after [bracketed] names),
      // so both are also run on SQL written the way it can read, where it answers with the columns.
      const variants = language === 'sql' ? [['sql', generated], ['sql, plain', generate('sql-plain', lines)]] : [[language, generated]];
      for (const [label, text] of variants) {
        const file = path.join(work, `bench-${lines}-${label.replace(/\W+/g, '-')}.${EXTENSIONS[language]}`);
        fs.writeFileSync(file, text);
        const ours = await start(process.execPath, [...NODE_ARGS, server, '--stdio']);
        const m = await measure(ours, language, text, file);
        await ours.stop();
        const rss = m.peak;
        rows.push({ tool: 'tre-catalogue', language: label, lines, bytes: text.length, ready: ours.readyMs, ...m, rss });
        console.log(`tre-catalogue ${label} ${lines} lines: ready ${fmt(ours.readyMs)} ms, first diagnostics ${fmt(m.firstDiag)} ms (opened again ${fmt(m.reopenDiag)} ms), completion p99 ${fmt(pct(m.completion, 99))} ms, hover p99 ${fmt(pct(m.hover, 99))} ms, typing p99 ${fmt(pct(m.typing, 99))} ms, after a pause p50 ${fmt(pct(m.paused, 50))} max ${fmt(Math.max(...m.paused))} ms, edit→diagnostics p50 ${fmt(pct(m.checked, 50))} ms, CPU per keystroke ${fmt(m.steadyCpu)} ms, RSS after open ${fmt(m.openRss)} MB, peak RSS ${fmt(rss)} MB`);
        if (language !== 'sql' || SKIP_SQLLS || !fs.existsSync(SQLLS)) continue;
        const dir = fs.mkdtempSync(path.join(work, 'sqlls-'));
        // Its log (every message, tens of MB a run) goes to $TMPDIR/sql-language-server.log: into `dir`, removed below.
        sqllsProject(dir);
        const theirs = await start(process.execPath, [SQLLS, 'up', '--method', 'stdio'], { rootUri: pathToFileURL(dir).toString(), env: { ...process.env, HOME: dir, TMPDIR: dir }, readyNotification: 'sqlLanguageServer.finishSetup' });
        const t = await measure(theirs, language, text, path.join(dir, path.basename(file)));
        await theirs.stop();
        const trss = t.peak;
        rows.push({ tool: 'sql-language-server', language: label, lines, bytes: text.length, ready: theirs.readyMs, ...t, rss: trss });
        compare.push({ label, lines, ratio: pct(t.completion, 50) / pct(m.completion, 50), ratio99: pct(t.completion, 99) / pct(m.completion, 99), items: t.items, ours: m.items });
        console.log(`sql-language-server ${label} ${lines} lines: ready ${fmt(theirs.readyMs)} ms, completion p50 ${fmt(pct(t.completion, 50))} ms p99 ${fmt(pct(t.completion, 99))} ms (${t.items.toFixed(0)} items), typing p99 ${fmt(pct(t.typing, 99))} ms, peak RSS ${fmt(trss)} MB`);
      }
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  writeResults(rows, compare);
}

function writeResults(rows, compare) {
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}.`,
    '',
    'Each row: the server started over stdio, one generated script opened, then completion and hover at up to',
    `${SAMPLES} positions spread over the file (after \`r.\` in SQL and R, after \`summarize \` in Stata), then 100`,
    `incremental edits each followed by a completion request ("typing"), then ${PAUSES} keystrokes each after a pause of 0 to ${(PAUSES - 1) * PAUSE_STEP} ms`,
    '("after a pause": the completion of the keystroke; diagnostics run when typing pauses, and a keystroke that comes',
    'while they run waits for them), then 10 single keystrokes each followed by nothing until their diagnostics come',
    '("edit→diagnostics": this includes the time the server waits for typing to pause before it checks: 50 ms, or',
    'with no last check to compare with 50 ms plus 1 ms per 20 KB), then, after 1.5 s of rest, ' + `${STEADY} keystrokes ${STEADY_GAP} ms apart`,
    'each followed by a completion ("CPU per keystroke": the server\'s CPU time, user and system, over those, per',
    'keystroke), then the same script was opened again as another file ("opened again": open to its diagnostics, in a',
    'server that has run all of the above, so with V8 warmed up). Both servers are told the client has VS Code\'s',
    'completion capabilities. `items`: the mean number of completion items answered. Times in milliseconds, RSS in',
    'MB (VmHWM): "after open" is the peak once the first diagnostics came, "peak" the peak up to the second open.',
    '',
    '| tool | language | lines | KB | start→ready | open→diagnostics | opened again | completion p50 / p95 / p99 | items | hover p50 / p95 / p99 | typing p50 / p95 / p99 | after a pause p50 / p95 / max | edit→diagnostics p50 / max | CPU per keystroke | RSS after open | peak RSS |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const three = (xs) => `${fmt(pct(xs, 50))} / ${fmt(pct(xs, 95))} / ${fmt(pct(xs, 99))}`;
    lines.push(`| ${r.tool} | ${r.language} | ${r.lines} | ${(r.bytes / 1024).toFixed(0)} | ${fmt(r.ready)} | ${fmt(r.firstDiag)} | ${fmt(r.reopenDiag)} | ${three(r.completion)} | ${r.items.toFixed(0)} | ${three(r.hover)} | ${three(r.typing)} | ${fmt(pct(r.paused, 50))} / ${fmt(pct(r.paused, 95))} / ${fmt(Math.max(...r.paused))} | ${fmt(pct(r.checked, 50))} / ${fmt(Math.max(...r.checked))} | ${fmt(r.steadyCpu)} | ${fmt(r.openRss)} | ${fmt(r.rss)} |`);
  }
  lines.push(
    '',
    '## Peak RSS by phase',
    '',
    'VmHWM (MB) at the end of each phase of the run above. It only rises: the phase where it rises most set the peak.',
    '"typing" is 100 keystrokes with no pause, each leaving a copy of the text (the size of the file) to the collector;',
    '"pauses" and "checks" are where re-checks run.',
    '',
    '| tool | language | lines | open | completion and hover | typing | pauses | checks | steady typing |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of rows) lines.push(`| ${r.tool} | ${r.language} | ${r.lines} | ${r.phases.map(fmt).join(' | ')} |`);
  if (compare.length) {
    lines.push('', '## Completion: sql-language-server time ÷ tre-catalogue time, same SQL file', '', '| SQL | lines | p50 ratio | p99 ratio | items (sql-language-server / tre-catalogue) |', '|---|---|---|---|---|');
    for (const c of compare) lines.push(`| ${c.label} | ${c.lines} | ${c.ratio.toFixed(1)}× | ${c.ratio99.toFixed(1)}× | ${c.items.toFixed(0)} / ${c.ours.toFixed(0)} |`);
    lines.push('', 'sql-language-server 1.7.1 (npm) with its `json` adapter, fed the IAPT catalogue converted to its schema format', '(tables `nhsd_IAPT_<theme>_v0003` in database `LLC_1234`, 352 columns with descriptions). It declares no hover', '(n/a). It prints timing lines to stdout between LSP messages; the bench drops them, as editors do.');
  } else {
    lines.push('', SKIP_SQLLS ? 'sql-language-server was not run (BENCH_SQLLS=0).' : 'sql-language-server was not installed (run `bash bench/setup.sh`), so no comparison was made.');
  }
  fs.writeFileSync(path.resolve(ROOT, OUT), lines.join('\n') + '\n');
  console.log(`\nwrote ${OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
