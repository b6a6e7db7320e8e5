// npm run demo: builds and packages the extension, sets up the harness if needed, installs the .vsix into
// code-server (VS Code 1.139 in the browser) and serves examples/ on http://127.0.0.1:8080 (DEMO_PORT to change;
// a free port if 8080 is taken). Only 127.0.0.1, no telemetry, no update check. Ctrl+C stops it.
// files.autoSave is off: nothing in examples/ changes unless you save it.
const path = require('path');
const { spawnSync } = require('child_process');
const L = require('./lib');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: L.ROOT, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`demo: ${cmd} ${args.join(' ')} failed`); process.exit(1); }
}

(async () => {
  run('bash', ['scripts/e2e/setup.sh']);
  run('npm', ['run', 'package', '--silent']);
  const dataDir = path.join(L.E2E, 'run', 'demo-install');
  const extensionsDir = path.join(L.E2E, 'run', 'demo-extensions');
  require('fs').rmSync(extensionsDir, { recursive: true, force: true });
  console.log(`demo: installed ${L.installVsix(path.join(L.ROOT, 'tre-catalogue.vsix'), dataDir, extensionsDir)}`);
  const folder = path.join(L.ROOT, 'examples');
  let port = +(process.env.DEMO_PORT || 8080);
  const free = await new Promise((resolve) => {
    const s = require('net').createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  if (!free) port = await L.freePort();
  const server = await L.startServer({ kind: 'code-server', name: 'demo', port, extensionsDir, folder });
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  console.log(`\ntre-catalogue demo: VS Code (code-server) with the extension, on examples/\n\n    ${url}\n`);
  console.log(`Open it in a browser on this machine (or forward the port: ssh -L ${port}:127.0.0.1:${port} ...).`);
  console.log(`Try examples/sql/mistakes.sql (4 squiggles, Ctrl+. for quick fixes). Log: ${path.relative(L.ROOT, server.logFile)}. Ctrl+C stops.`);
  const stop = () => { server.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.proc.on('exit', (code) => { console.error(`code-server exited (${code}); see ${server.logFile}`); process.exit(1); });
})().catch((e) => { console.error(`demo: ${(e && e.message) || e}`); process.exit(1); });
