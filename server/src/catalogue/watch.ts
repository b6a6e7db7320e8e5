// Follows the user's catalogue files and folders on disk, for changes made outside the editor (or in an editor
// that sends no didSave). Polling (fs.watchFile), since it survives editors that save by replacing the file and
// network drives where file events do not arrive. Changes that come close together are reported as one.

import * as fs from 'fs';

export interface CatalogueChanges {
  /** Files whose contents may have changed. */
  files: string[];
  /** Whether the list of files may have changed: a folder changed, or a file that came from one went. */
  list: boolean;
}

/** How long the watcher waits for more changes before it reports (a folder of files changed at once is one report). */
export const SETTLE_MS = 150;

/** Polls stay at two per second for a few files, and at about 100 stat calls a second in all for many. */
const intervalFor = (paths: number): number => Math.max(500, paths * 10);

export class CatalogueWatcher {
  private readonly watched = new Set<string>();
  /** Watched paths last seen missing. */
  private readonly absent = new Set<string>();
  private folders = new Set<string>();
  private fromFolders = new Set<string>();
  private pending: CatalogueChanges = { files: [], list: false };
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly report: (changes: CatalogueChanges) => void) {}

  /** Watches exactly these paths: the files loaded, those of them listed from folders, and the folders. */
  watch(files: readonly string[], fromFolders: readonly string[], folders: readonly string[]): void {
    this.folders = new Set(folders);
    this.fromFolders = new Set(fromFolders);
    const wanted = new Set([...files, ...fromFolders, ...folders]);
    for (const f of this.watched) {
      if (wanted.has(f)) continue;
      fs.unwatchFile(f);
      this.watched.delete(f);
      this.absent.delete(f);
    }
    const interval = intervalFor(wanted.size);
    for (const f of wanted) {
      if (this.watched.has(f)) continue;
      this.watched.add(f);
      fs.watchFile(f, { interval, persistent: false }, (cur, prev) => this.seen(f, cur, prev));
    }
  }

  /** The folders may hold other files than when they were listed (listed before a load that took a while). */
  listMayHaveChanged(): void {
    this.add({ files: [], list: true });
  }

  private seen(f: string, cur: fs.Stats, prev: fs.Stats): void {
    // A path that comes back after it was gone (a folder renamed away and back) is reported with the stats it
    // had before it went: the same time and size, yet a change.
    const gone = cur.ino === 0 && cur.mtimeMs === 0;
    const back = !gone && this.absent.delete(f);
    if (gone) this.absent.add(f);
    if (!back && cur.mtimeMs === prev.mtimeMs && cur.size === prev.size) return;
    // A folder's entries changed, or a file it held went (its folder is listed again, rather than each of a
    // folder's files reported missing). A configured path may also have turned into a folder.
    if (this.folders.has(f) || cur.isDirectory() || (gone && this.fromFolders.has(f))) this.add({ files: [], list: true });
    else this.add({ files: [f], list: false });
  }

  private add(changes: CatalogueChanges): void {
    for (const f of changes.files) if (!this.pending.files.includes(f)) this.pending.files.push(f);
    this.pending.list ||= changes.list;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const report = this.pending;
      this.pending = { files: [], list: false };
      this.report(report);
    }, SETTLE_MS);
    this.timer.unref();
  }
}
