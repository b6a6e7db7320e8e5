// VS Code client: starts the bundled language server over IPC for SQL, R and Stata documents.
// No network, no telemetry: the server and the catalogue ship inside the extension.

import * as path from 'path';
import { ExtensionContext } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'untitled', language: 'sql' },
      { scheme: 'file', language: 'r' },
      { scheme: 'untitled', language: 'r' },
      { scheme: 'file', language: 'stata' },
      { scheme: 'untitled', language: 'stata' },
      // Catalogue files get their load problems reported; the server only reads them.
      { scheme: 'file', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'treCatalogue' },
    // VS Code shows snippets/*.json itself, so the server must not offer them again.
    initializationOptions: { snippetsInClient: true },
  };
  client = new LanguageClient('treCatalogue', 'TRE Catalogue', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
