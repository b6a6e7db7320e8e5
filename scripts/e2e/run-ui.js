// UI tests in headless chromium (playwright-core) against VS Code 1.139 from code-server, 127.0.0.1 only.
//   node scripts/e2e/run-ui.js smoke   test/e2e/ui/smoke.js, extension loaded from the repository (needs `npm run build`)
//   node scripts/e2e/run-ui.js vsix    test/e2e/ui/vsix.js, tre-catalogue.vsix installed into code-server
//                                      (`code-server --install-extension`; needs `npm run package`)
// Screenshots of every test (pass or fail) go to .e2e/screenshots/<name>.png.
const fs = require('fs');
const path = require('path');
const L = require('./lib');
const W = require('../../test/e2e/ui/workbench');

const suite = process.argv[2];
const VSIX = path.join(L.ROOT, 'tre-catalogue.vsix');

// The .vsix must be newer than everything it is built from, or we would test a stale package.
function checkVsixFresh() {
  if (!fs.existsSync(VSIX)) throw new Error('tre-catalogue.vsix missing: run `npm run package` first');
  const built = fs.statSync(VSIX).mtimeMs;
  const newer = [];
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    else if (st.mtimeMs > built) newer.push(path.relative(L.ROOT, p));
  };
  for (const p of ['client/src', 'server/src', 'schemas', 'snippets', 'syntaxes', 'package.json']) walk(path.join(L.ROOT, p));
  if (newer.length) throw new Error(`tre-catalogue.vsix is older than ${newer.slice(0, 3).join(', ')}: run \`npm run package\``);
}

(async () => {
  let server, browser, passed = 0, failed = 0;
  try {
    if (!['smoke', 'vsix'].includes(suite)) throw new Error('usage: run-ui.js smoke|vsix');
    L.requireTools('node24', suite === 'vsix' ? 'code-server' : 'vscode-server', 'playwright-core', 'chromium',
      ...(suite === 'smoke' ? ['dist/extension.js', 'dist/server.js'] : []));
    if (suite === 'vsix') checkVsixFresh();
    const tests = require(`../../test/e2e/ui/${suite}.js`);
    const folder = L.scratchWorkspace(`ws-${suite}`);
    fs.mkdirSync(L.SCREENSHOTS, { recursive: true });
    const stale = `FAILED-${suite === 'smoke' ? 'ui' : 'vsix'}-`; // failure shots of an earlier run of this suite
    for (const f of fs.readdirSync(L.SCREENSHOTS)) if (f.startsWith(stale)) fs.rmSync(path.join(L.SCREENSHOTS, f));
    let url;
    if (suite === 'vsix') {
      // install first (into the server's fresh extensions dir), then start code-server so it loads the extension
      const dataDir = path.join(L.E2E, 'run', 'vsix-install');
      fs.rmSync(dataDir, { recursive: true, force: true });
      const extensionsDir = path.join(dataDir, 'extensions');
      L.log(`installed ${L.installVsix(VSIX, dataDir, extensionsDir)} into ${path.relative(L.ROOT, extensionsDir)}`);
      server = await L.startServer({ kind: 'code-server', name: 'vsix', extensionsDir });
      url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
    } else {
      server = await L.startServer({ kind: 'vscode', name: 'ui' });
      url = L.workbenchUrl(server, folder);
    }
    L.log(`${suite}: ${server.url}, workspace ${path.relative(L.ROOT, folder)}`);
    browser = await L.launchBrowser(suite, { viewport: { width: 1200, height: 720 } });
    const { page } = browser;
    const consoleErrors = [];
    page.on('console', (m) => {
      const t = m.text();
      if (process.env.E2E_VERBOSE) console.log('  console:', m.type(), t.slice(0, 300));
      if (/tre-catalogue|treCatalogue|TRE Catalogue/i.test(t) && m.type() === 'error') consoleErrors.push(t.slice(0, 300));
    });
    await page.goto(url);
    await W.waitWorkbench(page);
    L.log('workbench loaded');
    for (const t of tests) {
      const t0 = Date.now();
      const shot = async (name) => {
        const file = path.join(L.SCREENSHOTS, `${name}.png`);
        await page.screenshot({ path: file });
        L.log(`  screenshot ${path.relative(L.ROOT, file)}`);
      };
      try {
        const detail = await L.withTimeout(t.run(page, shot), 120000, t.name);
        passed++;
        console.log(`PASS ${t.name} (${Date.now() - t0} ms): ${detail}`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${t.name}: ${(e && e.message) || e}`);
        await shot(`FAILED-${t.name.replace(/\W+/g, '-')}`).catch(() => undefined);
      }
      // leave the file unchanged for the next test: close without saving
      await W.revertAndClose(page).catch(() => undefined);
    }
    if (consoleErrors.length) console.log(`console errors from the extension:\n  ${consoleErrors.join('\n  ')}`);
  } catch (e) {
    console.log(`FAIL ${suite}: ${(e && e.stack) || e}`);
    failed++;
  } finally {
    if (browser) await browser.ctx.close().catch(() => undefined);
    if (server) server.stop();
  }
  L.result(`ui-${suite}`, passed, failed);
  process.exit(failed || !passed ? 1 : 0);
})();
