import pino from 'pino';
import { startIdleMemoryTrim, type IdleMemoryTrim } from './idle-memory-trim';

const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('idle memory trim', () => {
  let trim: IdleMemoryTrim | null = null;
  afterEach(() => {
    trim?.stop();
    trim = null;
  });

  it('collects once the loop has been idle and memory grew, then waits for more growth', async () => {
    trim = startIdleMemoryTrim(logger, { intervalMs: 40, idleSamples: 2, idleUtilisation: 0.5, growthBytes: 1 });
    // Garbage a load would leave: the collection is what returns it.
    expect(Array.from({ length: 200_000 }, (_, i) => ({ i, text: `row ${i}` }))).toHaveLength(200_000);
    // The first trim also loads the C-heap trim's binding, which takes a while on a busy machine.
    for (const until = Date.now() + 5_000; trim.trims.length === 0 && Date.now() < until;) await sleep(40);
    expect(trim.trims.length).toBeGreaterThanOrEqual(1);
    const [first] = trim.trims;
    expect(first.beforeBytes).toBeGreaterThan(0);
    expect(first.afterBytes).toBeGreaterThan(0);

    // Without new growth past the threshold, no further collection however long it stays idle.
    trim.stop();
    trim = startIdleMemoryTrim(logger, { intervalMs: 40, idleSamples: 2, idleUtilisation: 0.5, growthBytes: 1024 ** 4 });
    await sleep(300);
    expect(trim.trims).toEqual([]);
  });

  it('never collects while the event loop is busy', async () => {
    trim = startIdleMemoryTrim(logger, { intervalMs: 40, idleSamples: 2, idleUtilisation: 0.5, growthBytes: 1 });
    const until = Date.now() + 400;
    // Busy: each turn of the loop spins 30 ms before yielding, so every sample is mostly busy.
    while (Date.now() < until) {
      const spinUntil = Date.now() + 30;
      while (Date.now() < spinUntil) {
        /* busy */
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(trim.trims).toEqual([]);
  });

  it('is one per process: a second start returns the running one', () => {
    trim = startIdleMemoryTrim(logger);
    expect(startIdleMemoryTrim(logger)).toBe(trim);
  });
});
