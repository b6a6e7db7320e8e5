// Where a path in treCatalogue.catalogues points. VS Code does not expand variables in an extension's settings,
// so the server expands the ones people write in settings.json: ~, ${userHome} and ${workspaceFolder}.

import * as path from 'path';

export type CataloguePath = { file: string } | { notLoaded: string };

/**
 * The absolute file a configured path names, or why it names none: a relative path (or ${workspaceFolder}) with no
 * workspace folder open. (The server's working folder is wherever the editor started it, so it is never used.)
 */
export function cataloguePath(configured: string, where: { root?: string; home: string }): CataloguePath {
  let p = configured.trim();
  const usesFolder = /\$\{workspace(Folder|Root)\}/.test(p);
  if (usesFolder && !where.root) return { notLoaded: 'names ${workspaceFolder}, and no workspace folder is open' };
  p = p.replace(/\$\{workspace(?:Folder|Root)\}/g, () => where.root ?? '').replace(/\$\{userHome\}/g, () => where.home);
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) p = where.home + p.slice(1);
  if (path.isAbsolute(p)) return { file: path.resolve(p) };
  if (!where.root) return { notLoaded: 'is a relative path, and no workspace folder is open to resolve it against' };
  return { file: path.resolve(where.root, p) };
}
