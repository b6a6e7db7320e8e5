// A minimal LSP client over stdio for tests: spawns dist/server.js and speaks JSON-RPC to it, as an editor does.

import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { CompletionItem, CompletionList, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { REPO } from '../iapt';

export const SERVER = path.join(REPO, 'dist', 'server.js');

export class Client {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  stderr = '';

  /**
   * `nodeArgs` go before the server script (for example `--require` a preload). `where` is the server process's
   * working folder and the workspace folder the client opened (none by default).
   */
  constructor(initializationOptions?: object, nodeArgs: string[] = [], capabilities: object = {}, where: { cwd?: string; rootUri?: string } = {}) {
    if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` first');
    this.proc = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: where.cwd });
    this.proc.stderr?.on('data', (d) => (this.stderr += d));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      for (const w of this.waiters.filter((x) => x.uri === p.uri)) w.resolve(p);
    });
    this.conn.onNotification('window/showMessage', () => undefined);
    this.conn.onRequest('window/showMessageRequest', () => null);
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.listen();
    this.init = this.conn.sendRequest('initialize', { processId: process.pid, rootUri: where.rootUri ?? null, capabilities, initializationOptions }).then(async (r) => {
      await this.conn.sendNotification('initialized', {});
      return r;
    });
  }

  readonly init: Promise<unknown>;

  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, resolve }));
  }

  async open(uri: string, text: string, languageId = 'sql'): Promise<PublishDiagnosticsParams> {
    const next = this.nextDiagnostics(uri);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return next;
  }

  async stop(): Promise<void> {
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    this.conn.dispose();
    await new Promise((r) => (this.proc.exitCode !== null ? r(null) : this.proc.on('exit', r)));
  }
}

/** The items of a completion answer, which may be an array or a list. */
export const items = (r: CompletionItem[] | CompletionList | null): CompletionItem[] => (Array.isArray(r) ? r : r?.items ?? []);
export const labels = (r: CompletionItem[] | CompletionList | null): string[] => items(r).map((i) => i.label);
