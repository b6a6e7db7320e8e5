import * as assert from 'assert';
import * as v8 from 'node:v8';
import { collectIfGrown } from '../server/src/memory';

const used = (): number => v8.getHeapStatistics().used_heap_size;

describe('memory', () => {
  it('collects the garbage of a burst of work once the heap grew', () => {
    collectIfGrown();
    // 2000 × 2000 small integers: about 32 MB of arrays, garbage once the function returns.
    const burst = (): number => Array.from({ length: 2000 }, (_, k) => Array.from({ length: 2000 }, () => k)).length;
    assert.strictEqual(burst(), 2000);
    const before = used();
    collectIfGrown();
    assert.ok(before - used() > 16e6, `heap ${(before / 1e6).toFixed(0)} → ${(used() / 1e6).toFixed(0)} MB`);
  });
});
