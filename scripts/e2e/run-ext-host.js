// Extension-host tests, offline: the replacement for @vscode/test-electron's runTests().
// Starts code-server's bundled VS Code server (127.0.0.1, --enable-smoke-test-driver), opens a scratch copy of
// test/e2e/fixtures/ in headless chromium with ?payload=[["extensionDevelopmentPath", <repository>],
// ["extensionTestsPath", test/e2e/ext-host/index.js]]: the extension loads from the repository folder and the
// tests run inside the real Node extension host; the workbench reports the exit code via codeAutomationExit.
// Usage: node scripts/e2e/run-ext-host.js   (E2E_CASES=<regex> runs only matching cases; needs `npm run build`)
const path = require('path');
const L = require('./lib');

(async () => {
  let server, browser, passed = 0, failed = 0;
  try {
    L.requireTools('node24', 'vscode-server', 'playwright-core', 'chromium', 'dist/extension.js', 'dist/server.js');
    const folder = L.scratchWorkspace('ws-ext-host');
    server = await L.startServer({ kind: 'vscode', name: 'ext-host' });
    L.log(`VS Code server on ${server.url}, workspace ${path.relative(L.ROOT, folder)}`);
    browser = await L.launchBrowser('ext-host');
    const { page } = browser;
    const exit = new Promise((resolve) => {
      page.exposeFunction('codeAutomationLog', (type, args) => {
        const line = (args || []).map(String).join(' ');
        if (!/^\[ext-test\]/.test(line) && !process.env.E2E_VERBOSE) return;
        console.log(`  ${line}`);
        const m = /^\[ext-test\] (PASS|FAIL) /.exec(line);
        if (m && m[1] === 'PASS') passed++;
        else if (m) failed++;
      });
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    const tests = path.join(L.ROOT, 'test/e2e/ext-host/index.js');
    await page.goto(L.workbenchUrl(server, folder, [['extensionTestsPath', `vscode-remote://${server.host}${tests}`]]));
    const code = await L.withTimeout(exit, +(process.env.TEST_TIMEOUT || 180000), 'extension tests');
    L.log(`extension tests exit code: ${code}`);
    if (code !== 0 && failed === 0) failed = 1; // the run itself failed (extension missing, activation error, ...)
  } catch (e) {
    console.error(`FAIL ext-host: ${(e && e.stack) || e}`);
    failed++;
  } finally {
    if (browser) await browser.ctx.close().catch(() => undefined);
    if (server) server.stop();
  }
  L.result('ext-host', passed, failed);
  process.exit(failed || !passed ? 1 : 0);
})();
