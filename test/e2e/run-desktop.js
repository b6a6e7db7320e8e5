// The same extension-host tests (test/e2e/ext-host/index.js) under @vscode/test-electron, for machines that can
// download VS Code desktop (update.code.visualstudio.com). Offline, use `npm run test:e2e` (code-server) instead.
// Usage: npm run build && npm run test:vscode-desktop        (VSCODE_VERSION=stable|insiders|1.x.y, default stable)
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { ROOT, scratchWorkspace } = require('../../scripts/e2e/lib');

(async () => {
  const folder = scratchWorkspace('ws-desktop');
  const code = await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'test/e2e/ext-host/index.js'),
    launchArgs: [folder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  process.exit(code);
})().catch((e) => {
  console.error(`FAIL vscode-desktop: ${(e && e.message) || e}`);
  process.exit(1);
});
