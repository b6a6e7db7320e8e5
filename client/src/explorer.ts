// The "TRE Catalogue" view in the Explorer side bar: datasets → tables → columns, from the server's
// `treCatalogue/tree` request (the client has no catalogue code). Click inserts the name at the cursor.

import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { CHANGED_NOTIFICATION, EntryLocation, TREE_REQUEST, TreeColumn, TreeDataset, TreeTable } from '../../server/src/protocol';
import { filterTree } from './explorer-filter';

export type Node =
  | { kind: 'dataset'; dataset: TreeDataset }
  | { kind: 'table'; table: TreeTable }
  | { kind: 'column'; table: TreeTable; column: TreeColumn };

/** Inserts a name at the cursor of the active editor: tables in SQL in the qualified form completion uses. */
export async function insertName(names: { sql: string; plain: string }): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return false;
  const text = editor.document.languageId === 'sql' ? names.sql : names.plain;
  return editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, text);
  });
}

/** Opens the catalogue YAML at the entry. */
export async function openEntry(location: EntryLocation): Promise<void> {
  const at = new vscode.Position(location.line, location.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection: new vscode.Range(at, at) });
}

function namesOf(node: Node): { sql: string; plain: string } | undefined {
  if (node.kind === 'table') return { sql: node.table.sqlName, plain: node.table.plainName };
  if (node.kind === 'column') return { sql: node.column.name, plain: node.column.name };
  return undefined;
}

function locationOf(node: Node): EntryLocation {
  return node.kind === 'dataset' ? node.dataset.location : node.kind === 'table' ? node.table.location : node.column.location;
}

export class CatalogueTree implements vscode.TreeDataProvider<Node> {
  private datasets: Promise<TreeDataset[]> | undefined;
  filter = '';
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.datasets = undefined;
    this.changed.fire();
  }

  /** Re-renders with the new filter; the data is kept. */
  setFilter(filter: string): void {
    this.filter = filter;
    this.changed.fire();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      this.datasets ??= this.client.sendRequest<TreeDataset[]>(TREE_REQUEST);
      return filterTree(await this.datasets, this.filter).map((dataset) => ({ kind: 'dataset', dataset }));
    }
    if (node.kind === 'dataset') return node.dataset.tables.map((table) => ({ kind: 'table', table }));
    if (node.kind === 'table') return node.table.columns.map((column) => ({ kind: 'column', table: node.table, column }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    // A filter opens the tree, so that matching columns show without clicking.
    const open = this.filter ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    if (node.kind === 'dataset') {
      const item = new vscode.TreeItem(node.dataset.title, this.filter || node.dataset.tables.length < 20 ? vscode.TreeItemCollapsibleState.Expanded : open);
      item.description = node.dataset.id;
      item.tooltip = node.dataset.description;
      item.contextValue = 'dataset';
      item.iconPath = new vscode.ThemeIcon('database');
      return item;
    }
    const names = namesOf(node);
    const item =
      node.kind === 'table'
        ? new vscode.TreeItem(node.table.name, open)
        : new vscode.TreeItem(node.column.name, vscode.TreeItemCollapsibleState.None);
    if (node.kind === 'table') {
      item.description = node.table.grain ? `one row per ${node.table.grain}` : node.table.title;
      item.tooltip = tooltip([`**${node.table.sqlName}** — ${node.table.title}`, node.table.description, node.table.grain && `One row per **${node.table.grain}**`]);
      item.iconPath = new vscode.ThemeIcon('table');
    } else {
      const c = node.column;
      item.description = [c.type, c.key && `key: ${c.key}`, c.unconfirmed && 'unconfirmed', c.from && `from ${c.from}`].filter(Boolean).join(' · ');
      item.tooltip = tooltip([`**${c.name}**${c.type ? ` · \`${c.type}\`` : ''} · ${node.table.name}`, c.description, c.key && `Key: identifies a **${c.key}**`, c.codes && `Codes: ${c.codes}`]);
      item.iconPath = new vscode.ThemeIcon(c.key ? 'key' : 'symbol-field');
    }
    item.contextValue = node.kind;
    item.command = { command: 'treCatalogue.explorer.insert', title: 'Insert name', arguments: [names] };
    return item;
  }
}

function tooltip(lines: (string | false | undefined)[]): vscode.MarkdownString {
  return new vscode.MarkdownString(lines.filter(Boolean).join('\n\n'));
}

export function registerExplorer(context: vscode.ExtensionContext, client: LanguageClient): CatalogueTree {
  const tree = new CatalogueTree(client);
  const view = vscode.window.createTreeView('treCatalogue.explorer', { treeDataProvider: tree, showCollapseAll: true });
  const setFilter = (filter: string): void => {
    tree.setFilter(filter);
    view.message = filter ? `Filter: "${filter}"` : undefined;
    void vscode.commands.executeCommand('setContext', 'treCatalogue.explorer.filtered', filter !== '');
  };
  context.subscriptions.push(
    view,
    client.onNotification(CHANGED_NOTIFICATION, () => tree.refresh()),
    vscode.commands.registerCommand('treCatalogue.explorer.filter', async () => {
      const filter = await vscode.window.showInputBox({ title: 'Filter the TRE Catalogue', prompt: 'Words in table or column names and descriptions', value: tree.filter });
      if (filter !== undefined) setFilter(filter.trim());
    }),
    vscode.commands.registerCommand('treCatalogue.explorer.clearFilter', () => setFilter('')),
    vscode.commands.registerCommand('treCatalogue.explorer.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('treCatalogue.explorer.insert', async (names: { sql: string; plain: string }) => {
      if (!(await insertName(names))) void vscode.window.showInformationMessage('TRE Catalogue: open a script to insert the name into.');
    }),
    vscode.commands.registerCommand('treCatalogue.explorer.copyName', async (node: Node) => {
      const names = namesOf(node);
      if (names) await vscode.env.clipboard.writeText(names.sql);
    }),
    vscode.commands.registerCommand('treCatalogue.explorer.openEntry', (node: Node) => openEntry(locationOf(node))),
  );
  return tree;
}
