import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { eventually, ServiceTestDatabase } from '@sf/testing';
import { JobHandler, Jobs, QueuePolicy } from './jobs';

const SERVICE = 'jobstest';
const logger = pino({ level: 'silent' });

describe('Jobs: the Postgres job queue (pg-boss, real Postgres)', () => {
  let database: ServiceTestDatabase;
  let url: string;
  const running: Jobs[] = [];

  /** A replica's queue with these definitions, started. */
  async function replica(define: (jobs: Jobs) => void): Promise<Jobs> {
    const jobs = new Jobs({ service: SERVICE, databaseUrl: url, logger, pollIntervalMs: 500 });
    define(jobs);
    await jobs.start();
    running.push(jobs);
    return jobs;
  }

  beforeAll(async () => {
    database = await ServiceTestDatabase.create({ name: SERVICE, entities: [], migrations: [] });
    url = (database.dataSource.options as { url: string }).url;
  });
  afterEach(async () => {
    for (const jobs of running.splice(0)) await jobs.stop(2000);
  });
  afterAll(() => database?.close());

  function recorder(): { seen: string[]; handler: JobHandler<{ n: string }> } {
    const seen: string[] = [];
    return { seen, handler: async (data) => void seen.push(data.n) };
  }

  it('keeps its tables in the service role’s own jobs schema, not in the service schema', async () => {
    await replica((jobs) => jobs.define('noop', async () => undefined));
    const tables = await database.dataSource.query(
      `SELECT table_schema FROM information_schema.tables WHERE table_name = 'job' AND table_schema LIKE $1`,
      [`${SERVICE}%`],
    );
    expect(tables).toEqual([{ table_schema: `${SERVICE}_jobs` }]);
  });

  it('runs a job, and retries a failing one with back-off until it succeeds', async () => {
    const attempts: number[] = [];
    const policy: QueuePolicy = { retryLimit: 3, retryDelaySeconds: 1 };
    const jobs = await replica((j) =>
      j.define<{ n: string }>(
        'flaky',
        async (_data, job) => {
          attempts.push(job.retryCount);
          if (attempts.length < 3) throw new Error('receiver down');
        },
        policy,
      ),
    );
    const id = await jobs.send('flaky', { n: 'x' });
    await eventually(async () => expect(await jobs.state('flaky', id!)).toBe('completed'), 20_000, 100);
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('gives up after retryLimit and leaves the job failed', async () => {
    let calls = 0;
    const jobs = await replica((j) =>
      j.define(
        'doomed',
        async () => {
          calls += 1;
          throw new Error('always');
        },
        { retryLimit: 1, retryDelaySeconds: 1, retryBackoff: false },
      ),
    );
    const id = await jobs.send('doomed', {});
    await eventually(async () => expect(await jobs.state('doomed', id!)).toBe('failed'), 20_000, 100);
    expect(calls).toBe(2);
  });

  it('enqueues inside the caller’s transaction: a rolled-back write leaves no job', async () => {
    const { seen, handler } = recorder();
    const jobs = await replica((j) => j.define('tx', handler));
    await database.dataSource
      .transaction(async (manager) => {
        await jobs.send('tx', { n: 'rolled-back' }, { manager });
        throw new Error('the write failed');
      })
      .catch(() => undefined);
    await database.dataSource.transaction((manager) => jobs.send('tx', { n: 'committed' }, { manager }));
    await eventually(async () => expect(seen).toEqual(['committed']), 10_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a poll or two: the rolled-back job would have run by now
    expect(seen).toEqual(['committed']);
  });

  it('does not run a job before it is due', async () => {
    const ran: number[] = [];
    const jobs = await replica((j) => j.define('later', async () => void ran.push(Date.now())));
    const due = new Date(Date.now() + 2000);
    const id = await jobs.send('later', {}, { startAfter: due });
    await eventually(async () => expect(await jobs.state('later', id!)).toBe('completed'), 15_000, 100);
    expect(ran[0]).toBeGreaterThanOrEqual(due.getTime() - 50);
  });

  it('keeps jobs across a restart: sent by a process that stopped, done by the next replicas, each once', async () => {
    const seen: string[] = [];
    const record: JobHandler<{ n: string }> = async (data) => void seen.push(data.n);
    const before = await replica((j) => j.define('durable', record));
    const dueSoon = new Date(Date.now() + 1500);
    for (let i = 0; i < 6; i++) await before.send('durable', { n: String(i) }, { startAfter: dueSoon });
    await before.stop(2000); // gone before any came due
    running.splice(running.indexOf(before), 1);
    expect(seen).toEqual([]);
    await replica((j) => j.define('durable', record));
    await replica((j) => j.define('durable', record));
    await eventually(async () => expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5']), 10_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(seen).toHaveLength(6); // two replicas, each job once
  });

  it('a job id chosen by the caller is one job however often it is sent', async () => {
    const { seen, handler } = recorder();
    const jobs = await replica((j) => j.define('once', handler));
    const id = randomUUID();
    await jobs.send('once', { n: 'a' }, { id });
    await jobs.send('once', { n: 'a' }, { id }).catch(() => null);
    await eventually(async () => expect(seen).toEqual(['a']), 10_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(seen).toEqual(['a']);
  });

  it('applies a changed policy to a queue an earlier version created, heartbeat included', async () => {
    const first = await replica((j) => j.define('evolving', async () => undefined, { retryLimit: 1, expireInSeconds: 120 }));
    await first.stop(2000);
    await replica((j) => j.define('evolving', async () => undefined, { retryLimit: 4, expireInSeconds: 70, heartbeatSeconds: 10 }));
    const schema = `${SERVICE}_jobs`;
    const read = async () =>
      (
        await database.dataSource.query(
          `SELECT retry_limit, expire_seconds, heartbeat_seconds FROM ${schema}.queue WHERE name = 'evolving'`,
        )
      )[0];
    expect(await read()).toEqual({ retry_limit: 4, expire_seconds: 70, heartbeat_seconds: 10 });
    // A policy without a heartbeat clears it again.
    await replica((j) => j.define('evolving', async () => undefined, { retryLimit: 4, expireInSeconds: 70 }));
    expect(await read()).toEqual({ retry_limit: 4, expire_seconds: 70, heartbeat_seconds: null });
  });

  it('refuses a queue nobody defined', async () => {
    const jobs = await replica((j) => j.define('known', async () => undefined));
    await expect(jobs.send('unknown', {})).rejects.toThrow('no job queue named unknown');
  });
});
