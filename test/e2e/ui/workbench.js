// Playwright helpers for the VS Code (code-server) workbench in chromium: what a user does with the keyboard.
// Selectors are VS Code 1.139's; each wait is generous (first workbench load 7-10 s, server start-up 2-5 s on 2 cores).

async function waitWorkbench(page) {
  await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
  await page.waitForSelector('.part.statusbar', { timeout: 60000 });
}

// Opens a file of the workspace with Quick Open (Ctrl+P) and waits for its editor.
async function openFile(page, name) {
  const base = name.split('/').pop();
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 20000 });
    await input.fill(name);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ timeout: 10000 });
      await page.keyboard.press('Enter');
      await page.locator(`.tab.active[data-resource-name="${base}"]`).waitFor({ timeout: 20000 });
      await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout: 20000 });
      return;
    } catch {
      await page.keyboard.press('Escape'); // file search not ready yet: retry
      await page.waitForTimeout(1000);
    }
  }
  throw new Error(`could not open ${name} with Quick Open`);
}

// Moves the caret with Go to Line (Ctrl+G), `line:column` 1-based.
async function goTo(page, where) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`:${where}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10000 });
}

// The visible lines of the active editor, top to bottom.
const lineText = (page) => page.$eval('.editor-instance .monaco-editor .view-lines', (e) => {
  const lines = [...e.querySelectorAll('.view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
  return lines.map((l) => l.innerText.replace(/\u00a0/g, ' '));
});

// Ctrl+Space until the suggest widget lists all `expect` labels (the language server may still be starting).
async function suggest(page, expect, tries = 12) {
  let labels = [];
  for (let i = 0; i < tries; i++) {
    await page.keyboard.press('Control+Space');
    try {
      await page.waitForSelector('.editor-widget.suggest-widget.visible .monaco-list-row', { timeout: 4000 });
      await page.waitForTimeout(300);
      labels = await page.$$eval('.editor-widget.suggest-widget.visible .monaco-list-row .label-name',
        (rows) => rows.map((r) => r.textContent.trim()));
      if (expect.every((l) => labels.includes(l))) return labels;
    } catch { /* not yet */ }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
  throw new Error(`suggest widget lacks ${expect.filter((l) => !labels.includes(l)).join(', ')} (shows: ${labels.join(', ')})`);
}

// Show Hover (Ctrl+K Ctrl+I) at the caret; returns the hover text once it contains `expect`.
async function hover(page, expect, tries = 6) {
  let text = '';
  for (let i = 0; i < tries; i++) {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    try {
      const h = page.locator('.monaco-hover:visible').first();
      await h.waitFor({ timeout: 5000 });
      await page.waitForTimeout(300);
      text = await h.innerText();
      if (text.includes(expect)) return text;
    } catch { /* not yet */ }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
  throw new Error(`hover lacks "${expect}" (shows: ${text.slice(0, 200)})`);
}

// Runs a command by its title from the Command Palette (F1).
async function command(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10000 });
}

// Leaves the file as it was on disk: close the editor without saving.
async function revertAndClose(page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  for (let i = 0; i < 5 && (await page.locator('.tab.active').count()); i++) await command(page, 'Revert and Close Editor');
}

module.exports = { waitWorkbench, openFile, goTo, lineText, suggest, hover, command, revertAndClose };
