// The packaged tre-catalogue.vsix, installed into code-server like a user does: it must activate and serve.
// (Packaging mistakes — a file left out of the .vsix, a dependency not bundled — show only here.)
// Run by scripts/e2e/run-ui.js vsix, which installs the .vsix with `code-server --install-extension` first.
const W = require('./workbench');

module.exports = [
  {
    name: 'vsix: the installed extension activates and completes IAPT columns',
    async run(page, shot) {
      await W.openFile(page, 'sql/referrals.sql');
      await W.goTo(page, '2');
      await page.keyboard.press('End');
      await page.keyboard.type(', r.gad');   // the suggest list is virtual: filter it so the rows to check are visible
      const labels = await W.suggest(page, ['gad_firstscore', 'gad_lastscore']);
      await shot('vsix-suggest');
      return `${labels.length} rows shown, e.g. ${labels.slice(0, 3).join(', ')}`;
    },
  },
  {
    name: 'vsix: the installed extension hovers with the embedded catalogue',
    async run(page, shot) {
      await W.openFile(page, 'sql/referrals.sql');
      await W.goTo(page, '8:34');
      const text = await W.hover(page, 'PHQ-9 total score');
      await shot('vsix-hover');
      return text.split('\n')[0];
    },
  },
];
