// UI smoke tests in the browser (Playwright + chromium, VS Code 1.139 from code-server), with the extension loaded from
// the repository. Each test gets the page with the workbench on a scratch copy of test/e2e/fixtures/ and a `shot(name)`
// that saves .e2e/screenshots/<name>.png. Run by scripts/e2e/run-ui.js smoke.
const W = require('./workbench');

module.exports = [
  {
    name: 'ui: typing after alias. shows IAPT columns in the suggest widget',
    async run(page, shot) {
      await W.openFile(page, 'sql/referrals.sql');
      await W.goTo(page, '2');
      await page.keyboard.press('End');
      await page.keyboard.type(', r.phq9_');
      const labels = await W.suggest(page, ['phq9_firstscore', 'phq9_lastscore']);
      // Ctrl+Space again expands the details of the selected item (description from the catalogue)
      await page.keyboard.press('Control+Space');
      await page.waitForSelector('.suggest-details-container .suggest-details', { timeout: 5000 }).catch(() => undefined);
      await page.waitForTimeout(500);
      await shot('suggest');
      await page.keyboard.press('Enter');
      const lines = await W.lineText(page);
      if (!lines.some((l) => /r\.phq9_\w+score/.test(l))) throw new Error(`accepted suggestion not in the text: ${lines[1]}`);
      return `suggest widget: ${labels.slice(0, 4).join(', ')}…; accepted`;
    },
  },
  {
    name: 'ui: hover on a measure code shows the catalogue documentation',
    async run(page, shot) {
      await W.openFile(page, 'sql/referrals.sql');
      await W.goTo(page, '8:34');
      const text = await W.hover(page, 'PHQ-9 total score');
      await shot('hover');
      return text.split('\n')[0];
    },
  },
  {
    name: 'ui: a misspelt column is squiggled and its quick fix applies',
    async run(page, shot) {
      await W.openFile(page, 'sql/mistakes.sql');
      await page.waitForSelector('.editor-instance .monaco-editor .squiggly-warning', { timeout: 30000 });
      const squiggles = await page.locator('.editor-instance .monaco-editor .squiggly-warning').count();
      await W.goTo(page, '9:28');
      await W.hover(page, "Did you mean 'phq9_firstscore'");
      await shot('squiggle-hover');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
      const item = page.locator('.action-widget .monaco-list-row', { hasText: "Change to 'phq9_firstscore'" }).first();
      await item.waitFor({ timeout: 10000 });
      await shot('quickfix');
      await item.click();
      await page.waitForFunction(() => document.querySelector('.editor-instance .monaco-editor .view-lines').innerText.includes('r.phq9_firstscore,'), null, { timeout: 10000 });
      return `${squiggles} squiggles; quick fix applied`;
    },
  },
  {
    name: 'ui: TRE Catalogue: Find column finds a column by a code meaning and inserts it',
    async run(page, shot) {
      await W.openFile(page, 'sql/empty.sql');
      // The command opens a quick pick of its own in the same widget, so W.command (which waits for it to close) won't do.
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill('>TRE Catalogue: Find column');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'TRE Catalogue: Find column' }).first().waitFor({ timeout: 10000 });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'TRE Catalogue: Find column' }).waitFor({ timeout: 10000 });
      await page.keyboard.type('completion of treatment');
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'endcode' }).first();
      await row.waitFor({ timeout: 15000 });
      await shot('find-column');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('.editor-instance .monaco-editor .view-lines').innerText.includes('endcode'), null, { timeout: 10000 });
      return 'found endcode by "completion of treatment" and inserted it';
    },
  },
];
