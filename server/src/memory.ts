// V8 lets the heap grow well past what is live before it collects, and a language server's garbage comes in bursts
// (a re-analysis drops the old model, every keystroke copies the text). After diagnostics are sent the user has
// paused typing: a full collection then costs them nothing and keeps the process small.

import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** V8's collector, reached without a command-line flag (editors other than VS Code start `node dist/server.js`). */
function findCollector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

const collect = findCollector();
/** Heap growth since the last collection that makes one worth its pause. */
const GROWTH = 8 * 1024 * 1024;
let usedAfterLast = 0;

/** Collects garbage if the heap grew by GROWTH since the last time. Call when a burst of work is done. */
export function collectIfGrown(): void {
  if (!collect) return;
  const used = v8.getHeapStatistics().used_heap_size;
  if (used - usedAfterLast < GROWTH) return;
  collect();
  usedAfterLast = v8.getHeapStatistics().used_heap_size;
}
