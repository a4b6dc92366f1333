import { Counter, Registry } from 'prom-client';
import { PgBoss, type Job, type Queue, type SendOptions } from 'pg-boss';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '@sf/database';

/** The schema pg-boss keeps a service's jobs in: beside the service's own, owned by its role. */
export function jobsSchemaOf(service: string): string {
  return `${service}_jobs`;
}

export interface JobsOptions {
  service: string;
  /** The service role's connection URL. */
  databaseUrl: string;
  logger: Logger;
  metrics?: Registry;
  /** How often an idle worker looks for due jobs (CommonConfig.jobsPollIntervalMs); a new job wakes workers at once. */
  pollIntervalMs?: number;
  /** Connections pg-boss may hold (workers, maintenance, the listener). */
  poolSize?: number;
}

/** How a queue retries and runs its jobs; every field has pg-boss's meaning. */
export interface QueuePolicy {
  /** Attempts after the first (default 2). */
  retryLimit?: number;
  /** Seconds before the first retry (default 1 with back-off). */
  retryDelaySeconds?: number;
  /** Exponential back-off with jitter (default true). */
  retryBackoff?: boolean;
  retryDelayMaxSeconds?: number;
  /** A job running longer than this is taken as lost and retried (default 15 minutes). */
  expireInSeconds?: number;
  /**
   * While a job runs, its worker refreshes it every half of this; a job not refreshed for this long
   * (its process died) is failed and retried then, not when `expireInSeconds` runs out. At least 10.
   */
  heartbeatSeconds?: number;
  /** Jobs of this queue one replica runs at once (default 1). */
  concurrency?: number;
  /** `singleton`: one job of the queue active at a time across replicas; `stately`: one per state. */
  policy?: 'standard' | 'singleton' | 'stately';
}

export interface JobContext {
  id: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Aborted when the job expires or the service stops. */
  signal: AbortSignal;
}

export type JobHandler<T> = (data: T, job: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** When it is due (default now). */
  startAfter?: Date;
  /** At most one queued job per key (with a `stately`/`singleton` queue, per state). */
  singletonKey?: string;
  /** A UUID chosen by the caller: the same id twice is one job. */
  id?: string;
  /** Enqueue in this transaction: the job exists only if the caller's write commits. */
  manager?: EntityManager;
}

interface Definition {
  name: string;
  handler: JobHandler<object>;
  policy: QueuePolicy;
}

/** How often pg-boss looks for lost jobs (expired, or a heartbeat missed): the bound on noticing a crash. */
const SUPERVISE_INTERVAL_SECONDS = 10;

/**
 * A service's Postgres job queue (pg-boss, ADR 0013): scheduled, retried and recurring work that
 * survives restarts and is shared by replicas. Features register their queues while the module
 * starts (`define`), enqueue with `send` (inside their own transaction when given `manager`) and
 * recur with `schedule`. Workers start once the application has bootstrapped and stop, letting
 * running jobs finish, before the database closes.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, Definition>();
  private readonly outcomes: Counter<'queue' | 'outcome'> | null;
  private started = false;

  private get pollSeconds(): number {
    return Math.max(0.5, (this.options.pollIntervalMs ?? 2000) / 1000);
  }

  constructor(private readonly options: JobsOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: jobsSchemaOf(options.service),
      application_name: `${options.service}-jobs`,
      max: options.poolSize ?? 4,
      createSchema: false, // provisioned with the service's role as owner
      useListenNotify: true,
      superviseIntervalSeconds: SUPERVISE_INTERVAL_SECONDS,
    });
    this.boss.on('error', (error: Error) => options.logger.warn({ err: error.message }, 'job queue error'));
    this.outcomes = options.metrics
      ? new Counter({
          name: 'sf_jobs_total',
          help: 'Jobs run, by queue and outcome',
          labelNames: ['queue', 'outcome'],
          registers: [options.metrics],
        })
      : null;
  }

  /** Registers a queue and its handler; call before the application has bootstrapped. */
  define<T extends object>(name: string, handler: JobHandler<T>, policy: QueuePolicy = {}): void {
    if (this.started) throw new Error(`job queue ${name} defined after the workers started`);
    if (this.definitions.has(name)) throw new Error(`job queue ${name} defined twice`);
    this.definitions.set(name, { name, handler: handler as JobHandler<object>, policy });
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const definition of this.definitions.values()) {
      const options = queueOptions(definition.policy);
      await this.boss.createQueue(definition.name, options);
      // createQueue leaves a queue that exists as it was: a policy changed since applies from here.
      const { policy: _unchangeable, ...changeable } = options;
      await this.boss.updateQueue(definition.name, changeable);
      await this.boss.work<object>(
        definition.name,
        {
          batchSize: 1,
          localConcurrency: definition.policy.concurrency ?? 1,
          pollingIntervalSeconds: this.pollSeconds,
          // NOTIFY wakes workers for new jobs only; retries and deferred jobs come due by polling.
          notifyPollingIntervalSeconds: this.pollSeconds,
        },
        ([job]) => this.run(definition, job),
      );
    }
    this.started = true;
  }

  /** Stops taking jobs and waits (bounded) for the running ones; unfinished ones run again later. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true }).catch((error: Error) => {
      this.options.logger.warn({ err: error.message }, 'job queue did not stop cleanly');
    });
  }

  /** Enqueues a job; answers its id (null when a singleton key already holds one). */
  async send<T extends object>(name: string, data: T, options: EnqueueOptions = {}): Promise<string | null> {
    this.assertDefined(name);
    const send: SendOptions = {};
    if (options.startAfter) send.startAfter = options.startAfter;
    if (options.singletonKey) send.singletonKey = options.singletonKey;
    if (options.id) send.id = options.id;
    if (options.manager) send.db = transactionDb(options.manager);
    return this.boss.send(name, data, send);
  }

  /** A recurring job (cron, in `tz`), one per `key`; replicas share it, so it runs once per tick. */
  async schedule<T extends object>(name: string, cron: string, data: T, options: { tz?: string; key?: string } = {}): Promise<void> {
    this.assertDefined(name);
    await this.boss.schedule(name, cron, data, { tz: options.tz ?? 'UTC', ...(options.key ? { key: options.key } : {}) });
  }

  async unschedule(name: string, key?: string): Promise<void> {
    await this.boss.unschedule(name, key);
  }

  /** Cancels a job that has not run yet (a scheduled post withdrawn, a grace period ended early). */
  async cancel(name: string, id: string): Promise<void> {
    await this.boss.cancel(name, id);
  }

  /** A job's state, for reconciliation and tests. */
  async state(name: string, id: string): Promise<string | null> {
    const job = await this.boss.getJobById(name, id);
    return job?.state ?? null;
  }

  private async run(definition: Definition, job: Job<object>): Promise<void> {
    try {
      await definition.handler(job.data, { id: job.id, retryCount: job.retryCount, signal: job.signal });
      this.outcomes?.inc({ queue: definition.name, outcome: 'completed' });
    } catch (error) {
      this.outcomes?.inc({ queue: definition.name, outcome: 'failed' });
      this.options.logger.warn(
        {
          queue: definition.name,
          job_id: job.id,
          retry_count: job.retryCount,
          err: error instanceof Error ? error.message : String(error),
        },
        'job failed; pg-boss retries it while attempts remain',
      );
      throw error;
    }
  }

  private assertDefined(name: string): void {
    if (!this.definitions.has(name)) throw new Error(`no job queue named ${name}`);
  }
}

function queueOptions(policy: QueuePolicy): Omit<Queue, 'name'> {
  return {
    policy: policy.policy ?? 'standard',
    retryLimit: policy.retryLimit ?? 2,
    retryDelay: policy.retryDelaySeconds ?? 1,
    retryBackoff: policy.retryBackoff ?? true,
    ...(policy.retryDelayMaxSeconds !== undefined ? { retryDelayMax: policy.retryDelayMaxSeconds } : {}),
    expireInSeconds: policy.expireInSeconds ?? 900,
    // null (which pg-boss accepts, though its type does not say so) clears a heartbeat an earlier policy set.
    heartbeatSeconds: (policy.heartbeatSeconds ?? null) as number | undefined,
    notify: true,
  };
}

/** pg-boss's database seam over a TypeORM transaction, so a job commits with the caller's write. */
function transactionDb(manager: EntityManager): NonNullable<SendOptions['db']> {
  return {
    executeSql: async (text: string, values?: unknown[]) => ({ rows: returnedRows(await manager.query(text, values)) }),
  } as NonNullable<SendOptions['db']>;
}
