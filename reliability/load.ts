// Steady writes that matter, each under its own Idempotency-Key, and the tally of what became of
// them: a write is acknowledged when the client got a 2xx; a 503 or a cut connection is retried
// with the same key. Afterwards every acknowledged write must be found exactly once. Used by the
// fault runs (reliability/faults.ts) and against a fixture that acknowledges before it commits
// (test/e2e/reliability/planted-bugs.e2e-spec.ts), which it must report.

/** One attempt's answer: a status, or `null` for a connection that was refused or cut. */
export interface Attempt {
  status: number | null;
  body?: unknown;
}

export interface WriteRecord {
  key: string;
  acknowledged: boolean;
  attempts: number;
  /** Statuses of 500 and above other than 503 (an outage's answer). */
  unexpected: number[];
  /** When the write was first tried and when it was acknowledged (ms since the epoch). */
  startedAt: number;
  acknowledgedAt?: number;
}

export interface SteadyWritesOptions {
  /** Sends one attempt of the write named by `key` (the same key on every retry). */
  write(key: string, attempt: number): Promise<Attempt>;
  /** A fresh key per write, from the run's seed. */
  nextKey(): string;
  concurrency: number;
  /** Stop starting new writes when this resolves; writes in flight still finish (or give up). */
  until: Promise<unknown>;
  /** Pause between retries of one write. */
  retryDelayMs?: number;
  /** A write still unacknowledged after this long is given up (it counts as not acknowledged). */
  giveUpAfterMs?: number;
  /** Called on each acknowledgement (a scenario measures its recovery from them). */
  onAcknowledged?(record: WriteRecord): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `concurrency` writers until `until` resolves; answers every write's record. */
export async function steadyWrites(options: SteadyWritesOptions): Promise<WriteRecord[]> {
  let stopped = false;
  void options.until.then(() => (stopped = true));
  const records: WriteRecord[] = [];
  const retryDelay = options.retryDelayMs ?? 100;
  const giveUpAfter = options.giveUpAfterMs ?? 60_000;
  const writer = async () => {
    while (!stopped) {
      const record: WriteRecord = { key: options.nextKey(), acknowledged: false, attempts: 0, unexpected: [], startedAt: Date.now() };
      records.push(record);
      while (Date.now() - record.startedAt < giveUpAfter) {
        record.attempts += 1;
        let attempt: Attempt;
        try {
          attempt = await options.write(record.key, record.attempts);
        } catch {
          attempt = { status: null };
        }
        if (attempt.status !== null && attempt.status >= 200 && attempt.status < 300) {
          record.acknowledged = true;
          record.acknowledgedAt = Date.now();
          options.onAcknowledged?.(record);
          break;
        }
        if (attempt.status !== null && attempt.status >= 500 && attempt.status !== 503) record.unexpected.push(attempt.status);
        // A 4xx other than 409/429 will not change on a retry: the write is refused, not pending.
        if (attempt.status !== null && attempt.status >= 400 && attempt.status < 500 && ![409, 429].includes(attempt.status)) break;
        await sleep(retryDelay);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, writer));
  return records;
}

export interface Tally {
  attempted: number;
  acknowledged: number;
  /** Acknowledged, and not found afterwards. */
  lost: number;
  /** Found more than once under one key. */
  duplicated: number;
  /** Answers of 500 and above other than 503. */
  unexpected5xx: number;
  lostKeys: string[];
  duplicatedKeys: string[];
}

/** Holds the records to what is found afterwards: `found(keys)` counts each key's effects. */
export async function tally(records: WriteRecord[], found: (keys: string[]) => Promise<Map<string, number>>): Promise<Tally> {
  const counts = await found(records.map((r) => r.key));
  const lostKeys = records.filter((r) => r.acknowledged && (counts.get(r.key) ?? 0) === 0).map((r) => r.key);
  const duplicatedKeys = records.filter((r) => (counts.get(r.key) ?? 0) > 1).map((r) => r.key);
  return {
    attempted: records.length,
    acknowledged: records.filter((r) => r.acknowledged).length,
    lost: lostKeys.length,
    duplicated: duplicatedKeys.length,
    unexpected5xx: records.reduce((n, r) => n + r.unexpected.length, 0),
    lostKeys,
    duplicatedKeys,
  };
}

/** A small deterministic generator (mulberry32): every random choice of a run comes from its printed seed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A key from a seeded generator: 32 hex digits. */
export function keyFrom(random: () => number): string {
  let out = '';
  for (let i = 0; i < 4; i++)
    out += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out;
}
