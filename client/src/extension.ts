// VS Code client: starts the bundled language server over IPC for SQL, R and Stata documents, R Markdown and
// Quarto documents, and the SQL, R and Stata cells of Jupyter notebooks.
// No network, no telemetry: the server and the catalogue ship inside the extension.

import * as path from 'path';
import { ExtensionContext } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { CatalogueTree, registerExplorer } from './explorer';
import { registerFindColumn } from './find-column';
// Node flags for the server process (bundled from JSON, which `npm run bench` reads too). A small young
// generation, since the server's garbage dies young, and a heap limit below the 4 GB default, under which V8
// collects old garbage (the text of every edited version) sooner: peak memory on a 10,000-line script falls
// from about 130 MB to 90 MB (bench/RESULTS.md). 1.5 GB is still several times what a 5 MB script needs.
import serverFlags from '../server-flags.json';

let client: LanguageClient | undefined;

/** What `activate` returns: the explorer's tree, so the extension-host tests can walk it as the view does. */
export interface TreCatalogueApi {
  catalogueTree: CatalogueTree;
}

export async function activate(context: ExtensionContext): Promise<TreCatalogueApi> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: serverFlags } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...serverFlags, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'untitled', language: 'sql' },
      { scheme: 'file', language: 'r' },
      { scheme: 'untitled', language: 'r' },
      { scheme: 'file', language: 'stata' },
      { scheme: 'untitled', language: 'stata' },
      // Jupyter cells: the server reads each notebook whole (notebook sync), so a cell sees earlier cells.
      { notebook: 'jupyter-notebook', language: 'sql' },
      { notebook: 'jupyter-notebook', language: 'r' },
      { notebook: 'jupyter-notebook', language: 'stata' },
      // Python cells for their %%sql / %%R / %%stata and %sql magics.
      { notebook: 'jupyter-notebook', language: 'python' },
      // R Markdown and Quarto: `rmd` and `quarto` whether this extension or the R / Quarto extensions define them.
      { scheme: 'file', language: 'rmd' },
      { scheme: 'untitled', language: 'rmd' },
      { scheme: 'file', language: 'quarto' },
      { scheme: 'untitled', language: 'quarto' },
      // Catalogue files get their load problems reported; the server only reads them.
      { scheme: 'file', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'treCatalogue' },
    // VS Code shows snippets/*.json itself, so the server must not offer them again.
    initializationOptions: { snippetsInClient: true },
  };
  client = new LanguageClient('treCatalogue', 'TRE Catalogue', serverOptions, clientOptions);
  await client.start();
  const catalogueTree = registerExplorer(context, client);
  registerFindColumn(context, client);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  return { catalogueTree };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
