// "TRE Catalogue: Find column": a quick pick over every loaded catalogue, searched by the server
// (names, descriptions and code meanings). Enter inserts the name; the button opens the catalogue entry.

import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { SEARCH_REQUEST, SearchMatch, SearchParams } from '../../server/src/protocol';
import { insertName, openEntry } from './explorer';

interface Item extends vscode.QuickPickItem {
  match: SearchMatch;
}

const OPEN: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: 'Open catalogue entry' };

export function registerFindColumn(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(vscode.commands.registerCommand('treCatalogue.findColumn', () => findColumn(client)));
}

function findColumn(client: LanguageClient): void {
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'TRE Catalogue: Find column';
  pick.placeholder = 'Words of a name, a description or a code meaning (e.g. "phq9", "discharge", "completion of treatment")';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  let asked = 0;
  pick.onDidChangeValue(async (query) => {
    const mine = ++asked;
    pick.busy = true;
    const params: SearchParams = { query, limit: 100 };
    const matches = await client.sendRequest<SearchMatch[]>(SEARCH_REQUEST, params);
    // Answers to earlier keystrokes arrive late: only the latest counts.
    if (mine !== asked) return;
    pick.busy = false;
    pick.items = matches.map((match) => ({
      label: match.kind === 'table' ? `$(table) ${match.name}` : match.name,
      description: match.detail,
      detail: match.matchedOn ? `${match.matchedOn}` : match.description,
      // The server already matched descriptions and code meanings: do not let the quick pick hide those.
      alwaysShow: true,
      buttons: [OPEN],
      match,
    }));
  });
  pick.onDidTriggerItemButton((e) => {
    pick.hide();
    void openEntry(e.item.match.location);
  });
  pick.onDidAccept(async () => {
    const item = pick.selectedItems[0];
    pick.hide();
    if (!item) return;
    const { match } = item;
    if (!(await insertName({ sql: match.sqlName, plain: match.name }))) await openEntry(match.location);
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}
