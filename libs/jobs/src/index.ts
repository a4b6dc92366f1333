/**
 * A service's Postgres job queue (pg-boss, ADR 0013).
 *
 *   JobsModule.forService({ service: 'sns', databaseUrl: config.database.url, logger, metrics,
 *     pollIntervalMs: config.common.jobsPollIntervalMs })
 *
 *   // in a feature provider's onModuleInit:
 *   jobs.define<{ targetId: string }>('publish-target', (data, job) => publisher.publish(data.targetId),
 *     { retryLimit: 5, retryDelaySeconds: 5, expireInSeconds: 120 });
 *   // in a use case, committed with the write:
 *   await jobs.send('publish-target', { targetId }, { startAfter: dueAt, manager });
 *   // recurring, once per tick across replicas:
 *   await jobs.schedule('poll-metrics', '*\/15 * * * *', {});
 *
 * Jobs are at-least-once: a handler must be idempotent (a crash after its effect and before
 * completion runs it again).
 */
export { Jobs, jobsSchemaOf } from './jobs';
export type { EnqueueOptions, JobContext, JobHandler, JobsOptions, QueuePolicy } from './jobs';
export { JobsModule } from './jobs.module';
