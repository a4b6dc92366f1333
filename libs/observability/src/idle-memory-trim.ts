import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from 'pino';
import { trimNativeHeap } from './native-heap-trim';

/** V8's `gc()` extension; `flavor: 'last-resort'` is its memory-reducing full collection. */
type GcFunction = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

export interface IdleMemoryTrimOptions {
  /** How often the loop's utilisation is sampled. */
  intervalMs: number;
  /** Samples in a row below `idleUtilisation` before the process counts as idle. */
  idleSamples: number;
  /** Share of the sample the event loop spent busy, below which it was idle. */
  idleUtilisation: number;
  /** RSS growth since the last trim (or the start) that makes one worth its pause. */
  growthBytes: number;
}

const DEFAULTS: IdleMemoryTrimOptions = { intervalMs: 3_000, idleSamples: 2, idleUtilisation: 0.02, growthBytes: 12 * 1024 * 1024 };

export interface IdleMemoryTrim {
  /** Trims done so far, with the resident memory before and after each. */
  readonly trims: { beforeBytes: number; afterBytes: number; pauseMs: number; nativeTrimmed: boolean }[];
  stop(): void;
}

let running: IdleMemoryTrim | null = null;

/**
 * Hands the memory a busy spell left behind back to the system once the process is idle.
 *
 * Under load V8 grows the old generation and, when a collection frees pages, keeps them committed
 * in its page pool for reuse; only a memory-reducing collection returns the pool. Its own memory
 * reducer rarely starts one in these services: once traffic stops, it keeps judging the
 * allocation rate high from the last samples of the load. Measured on a service after a load
 * (bench/RESULTS.md): 75 MB of pooled pages beside a 60 MB heap, kept for minutes. So, once the
 * event loop has been idle for `idleSamples` samples and resident memory has grown by
 * `growthBytes` since the last trim, this runs that collection itself, then returns what glibc
 * keeps of the native memory freed (`trimNativeHeap`): one pause of tens of milliseconds while
 * nothing is waiting, never under load. One per process, however many apps it hosts (tests start
 * several).
 */
export function startIdleMemoryTrim(logger: Logger, options: Partial<IdleMemoryTrimOptions> = {}): IdleMemoryTrim {
  if (running) return running;
  const settings = { ...DEFAULTS, ...options };
  const gc = exposeGc();
  const trims: IdleMemoryTrim['trims'] = [];
  let baseline = 0; // the first idle spell after start trims too: booting leaves the most garbage
  let idleInARow = 0;
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  let trimming = false;
  const timer = setInterval(() => {
    if (trimming) return;
    const now = performance.eventLoopUtilization();
    const sample = performance.eventLoopUtilization(now, last);
    last = now;
    idleInARow = sample.utilization < settings.idleUtilisation ? idleInARow + 1 : 0;
    if (idleInARow < settings.idleSamples) return;
    const before = process.memoryUsage.rss();
    if (before - baseline < settings.growthBytes) return;
    trimming = true;
    const started = performance.now();
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    // Then the C heap: the collection has just freed the native memory its objects held.
    void trimNativeHeap()
      .catch(() => false) // the C heap's trim is a bonus: its failure must not stop the next trims
      .then((nativeTrimmed) => {
        const pauseMs = Math.round(performance.now() - started);
        baseline = process.memoryUsage.rss();
        trims.push({ beforeBytes: before, afterBytes: baseline, pauseMs, nativeTrimmed });
        if (trims.length > 20) trims.shift();
        logger.debug(
          { rss_before_mb: mb(before), rss_after_mb: mb(baseline), pause_ms: pauseMs, native_trimmed: nativeTrimmed },
          'idle memory trimmed',
        );
        // The trim itself shows in the next sample as busy time; start counting afresh.
        last = performance.eventLoopUtilization();
        idleInARow = 0;
        trimming = false;
      });
  }, settings.intervalMs);
  timer.unref();
  running = {
    trims,
    stop: () => {
      clearInterval(timer);
      running = null;
    },
  };
  return running;
}

/** The `gc` function without `--expose-gc` on every command line (Dockerfile, k8s, compose, npm start). */
function exposeGc(): GcFunction {
  const existing = (globalThis as { gc?: GcFunction }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as GcFunction;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
