import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { trimNativeHeap } from './native-heap-trim';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

describe('native heap trim', () => {
  it('returns freed C-heap memory that glibc would otherwise keep', async () => {
    // 64 KiB buffers come from glibc's heap (below its mmap threshold); one more block allocated
    // after them stays, so once they are freed their space lies below a live chunk, where `free`
    // never returns it (it only shrinks the heap from its top).
    const freed: Buffer[] = Array.from({ length: 1_000 }, () => Buffer.alloc(64 * 1024, 1));
    const pin = Buffer.alloc(100 * 1024, 1);
    freed.length = 0;
    gc();
    // V8 frees array buffers' memory on a background thread after the collection.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = process.memoryUsage.rss();

    expect(await trimNativeHeap()).toBe(true);

    expect(before - process.memoryUsage.rss()).toBeGreaterThan(32 * MB);
    expect(pin).toHaveLength(100 * 1024);
    expect(freed).toEqual([]);
  });
});
