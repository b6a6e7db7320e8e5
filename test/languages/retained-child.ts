// Run by retained.test.ts in a process of its own, with --expose-gc: how much more heap a model keeps after a
// chain of partial re-analyses (as while typing goes on without a pause) than a fresh model of the same text.

import * as fs from 'fs';
import * as path from 'path';
import { analyserFor } from '../../server/src/languages/registry';
import { DocumentModel } from '../../server/src/languages/model';

const [languageId, folder] = process.argv.slice(2);
const analyser = analyserFor(languageId);
if (!analyser?.reanalyse) throw new Error(`no incremental analyser for ${languageId}`);
const gc = (globalThis as unknown as { gc: () => void }).gc;
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const one = fs.readdirSync(folder).map((f) => fs.readFileSync(path.join(folder, f), 'utf8')).join('\n');
const first = Array.from({ length: 60 }, () => one).join('\n');
const at = first.indexOf('\n', first.length >> 1) + 1;
// A keystroke at the start of a line in the middle: a space typed, then deleted.
const version = (k: number): string => (k % 2 === 0 ? first.slice(0, at) + ' ' + first.slice(at) : first);
const KEYSTROKES = 40;
// Once first, so that the code compiled on the way is not counted as kept.
analyser.reanalyse(analyser.analyse(first), version(0), at, at + 1);
const before = heap();
/** What a fresh model of the last version keeps (it is let go on return). */
const freshBytes = (): number => {
  const fresh = analyser.analyse(version(KEYSTROKES - 1));
  const kept = heap() - before;
  // Read after the measurement, so that the model is alive during it.
  return fresh.validUntil === undefined ? kept : NaN;
};
const alone = freshBytes();
let model: DocumentModel = analyser.analyse(first);
for (let k = 0; k < KEYSTROKES; k++) {
  const text = version(k);
  // Completion just after the caret, then the first step of the re-check, which reads on past it (the next
  // keystroke's completion stops sooner again).
  model = analyser.reanalyse(model, text, at, at + 1);
  model = analyser.reanalyse(model, text, Infinity, at + 20_000);
}
const chained = heap() - before;
// The names carried past where the last analysis stopped, against how many different names the script has.
const later = model.laterTableRefs?.length ?? 0;
const all = analyser.analyse(first).tableRefs;
const spellings = new Set(all.map((r) => r.parts.join('.'))).size;
process.stdout.write(JSON.stringify({ chained, alone, textBytes: first.length, partial: model.validUntil !== undefined, refs: model.tableRefs.length, later, spellings, total: all.length }));
