import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { trimNativeHeap } from './native-heap-trim';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

describe('native heap trim', () => {
  it('returns freed C-heap memory that glibc would otherwise keep', async () => {
    // 64 KiB buffers come from glibc's heap (below its mmap threshold), each followed by a small
    // one that stays: the freed space is then between live chunks, which `free` never returns.
    const kept: Buffer[] = [];
    let freed: Buffer[] = [];
    for (let i = 0; i < 1_000; i += 1) {
      freed.push(Buffer.alloc(64 * 1024, 1));
      kept.push(Buffer.allocUnsafeSlow(256));
    }
    freed = [];
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    const before = process.memoryUsage.rss();

    expect(await trimNativeHeap()).toBe(true);

    expect(before - process.memoryUsage.rss()).toBeGreaterThan(32 * MB);
    expect(kept).toHaveLength(1_000);
    expect(freed).toEqual([]);
  });
});
