import { createHash } from 'node:crypto';
import { inTransaction } from '@sf/idempotency';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AutomationRunEventData, StepType, WorkflowStep } from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { JobContext, Jobs } from '@sf/jobs';
import { AUTOMATION_CONFIG, AutomationConfig, stepJobTimes } from '../automation.config';
import { AutomationEventLog } from '../shared/automation-events';
import { StepExecutor, StepOutcome } from '../steps/step-executor';
import { fillParams, RunScope } from '../steps/templating';
import { RunStep, WorkflowRun } from './run.entity';

export const STEP_QUEUE = 'automation-step';

/** A UUID fixed by a key, so that enqueuing the same step twice is one job. */
export function jobIdOf(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const stepKeyOf = (runId: string, stepId: string) => `${runId}:${stepId}`;

export interface NewRun {
  workflowId: string;
  userId: string;
  steps: WorkflowStep[];
  triggerType: string;
  triggerEventType?: string | null;
  triggerEventId?: string | null;
  triggerData: Record<string, unknown>;
}

/**
 * Durable runs: each step is a job of the service's queue, keyed `<run_id>:<step_id>`. A step's
 * start, its result, the next step's row and the next step's job are each written in one
 * transaction, so a crash at any point leaves a run that its jobs resume: a step that succeeded is
 * never run again (its row says so, and the next job has the same id however often it is sent),
 * a step that was cut off mid-way is attempted again.
 */
@Injectable()
export class RunEngine implements OnModuleInit {
  private readonly logger = new Logger('RunEngine');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: Jobs,
    private readonly executor: StepExecutor,
    private readonly events: AutomationEventLog,
    @Inject(AUTOMATION_CONFIG) private readonly config: AutomationConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ step_key: string }>(STEP_QUEUE, (data, job) => this.runStep(data.step_key, job), {
      retryLimit: this.config.stepRetryLimit,
      retryDelaySeconds: this.config.stepRetryDelaySeconds,
      retryBackoff: true,
      retryDelayMaxSeconds: 300,
      ...stepJobTimes(this.config),
      concurrency: 4,
    });
  }

  /** Creates a queued run with its first step and that step's job, in the caller's transaction; null if the event already made one. */
  async start(manager: EntityManager, run: NewRun): Promise<WorkflowRun | null> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        `INSERT INTO workflow_runs (workflow_id, user_id, status, trigger_type, trigger_event_type, trigger_event_id, trigger_data, steps)
         VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7)
         ON CONFLICT (workflow_id, trigger_event_id) WHERE trigger_event_id IS NOT NULL DO NOTHING
         RETURNING id`,
        [
          run.workflowId,
          run.userId,
          run.triggerType,
          run.triggerEventType ?? null,
          run.triggerEventId ?? null,
          JSON.stringify(run.triggerData),
          JSON.stringify(run.steps),
        ],
      ),
    );
    if (rows.length === 0) return null;
    await manager.query(`UPDATE workflows SET last_run_at = now() WHERE id = $1`, [run.workflowId]);
    await this.addStep(manager, rows[0].id, run.steps[0], 1);
    return manager.findOneByOrFail(WorkflowRun, { id: rows[0].id });
  }

  private async addStep(manager: EntityManager, runId: string, step: WorkflowStep, seq: number): Promise<void> {
    const key = stepKeyOf(runId, step.id);
    await manager.query(
      `INSERT INTO run_steps (run_id, step_id, seq, type, status, idempotency_key) VALUES ($1, $2, $3, $4, 'pending', $5)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [runId, step.id, seq, step.type, key],
    );
    await this.jobs.send(STEP_QUEUE, { step_key: key }, { id: jobIdOf(key), manager });
  }

  private async runStep(key: string, job: JobContext): Promise<void> {
    const begun = await this.begin(key);
    if (!begun) return;
    const { step, run, definition } = begun;
    let outcome: StepOutcome;
    try {
      outcome = await this.executor.execute(step.type as StepType, step.input ?? {}, { idempotencyKey: key });
    } catch (error) {
      this.logger.error({ err: error instanceof Error ? error.message : String(error), step_key: key }, 'step failed unexpectedly');
      outcome = { kind: 'retry', error: 'the step failed unexpectedly' };
    }
    if (outcome.kind === 'retry' && job.retryCount < this.config.stepRetryLimit) {
      await this.dataSource.query(`UPDATE run_steps SET error = $2, output = $3 WHERE id = $1 AND status = 'running'`, [
        step.id,
        outcome.error,
        outcome.output ? JSON.stringify(outcome.output) : null,
      ]);
      // pg-boss runs the job again after its back-off.
      throw new Error(`step ${key}: ${outcome.error}`);
    }
    await this.finish(step, run, definition, outcome);
  }

  /** Marks the step running (its input filled in on the first attempt); null when there is nothing to do. */
  private async begin(key: string): Promise<{ step: RunStep; run: WorkflowRun; definition: WorkflowStep } | null> {
    return inTransaction(this.dataSource, async (manager) => {
      const step = await manager.findOne(RunStep, { where: { idempotencyKey: key }, lock: { mode: 'pessimistic_write' } });
      if (!step || !['pending', 'running', 'waiting'].includes(step.status)) return null;
      const run = await manager.findOneBy(WorkflowRun, { id: step.runId });
      if (!run || run.status === 'succeeded' || run.status === 'failed') return null;
      const definition = run.steps.find((s) => s.id === step.stepId);
      if (!definition) return null;
      if (step.input === null) step.input = fillParams(definition.params, await this.scope(manager, run));
      step.status = 'running';
      step.attempts += 1;
      step.startedAt = step.startedAt ?? new Date();
      step.error = null;
      await manager.save(step);
      const started = returnedRows<{ id: string }>(
        await manager.query(
          `UPDATE workflow_runs SET status = 'running', started_at = now() WHERE id = $1 AND status = 'queued' RETURNING id`,
          [run.id],
        ),
      );
      if (started.length) {
        run.status = 'running';
        run.startedAt = new Date();
        await this.events.record(manager, 'run.started', run.id, this.eventData(run));
      }
      return { step, run, definition };
    });
  }

  private async finish(step: RunStep, run: WorkflowRun, definition: WorkflowStep, outcome: StepOutcome): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const current = await manager.findOne(RunStep, { where: { id: step.id }, lock: { mode: 'pessimistic_write' } });
      if (!current || current.status !== 'running') return;
      if (outcome.kind === 'wait') {
        current.status = 'waiting';
        current.input = { ...(current.input ?? {}), resumes_at: outcome.until.toISOString() };
        current.output = outcome.output;
        await manager.save(current);
        await this.jobs.send(
          STEP_QUEUE,
          { step_key: current.idempotencyKey },
          { id: jobIdOf(`${current.idempotencyKey}:wake`), startAfter: outcome.until, manager },
        );
        return;
      }
      current.finishedAt = new Date();
      if (outcome.kind === 'done') {
        current.status = 'succeeded';
        current.output = outcome.output;
        await manager.save(current);
        if (definition.type === 'notify') {
          await this.events.record(manager, 'notification.requested', run.id, {
            notification_key: current.idempotencyKey,
            user_id: run.userId,
            workflow_id: run.workflowId,
            run_id: run.id,
            step_id: current.stepId,
            title: String(outcome.output.title ?? ''),
            body: String(outcome.output.body ?? ''),
          });
        }
        const nextId = outcome.next !== undefined ? outcome.next : this.following(run.steps, definition);
        const next = nextId ? run.steps.find((s) => s.id === nextId) : undefined;
        if (next) return this.addStep(manager, run.id, next, current.seq + 1);
        await manager.query(`UPDATE workflow_runs SET status = 'succeeded', finished_at = now() WHERE id = $1`, [run.id]);
        const done = await manager.findOneByOrFail(WorkflowRun, { id: run.id });
        await this.events.record(manager, 'run.succeeded', run.id, this.eventData(done));
        return;
      }
      current.status = 'failed';
      current.error = outcome.error;
      current.output = outcome.output ?? null;
      await manager.save(current);
      const error = `step ${current.stepId}: ${outcome.error}`;
      await manager.query(`UPDATE workflow_runs SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [run.id, error]);
      const failed = await manager.findOneByOrFail(WorkflowRun, { id: run.id });
      await this.events.record(manager, 'run.failed', run.id, { ...this.eventData(failed), failed_step: current.stepId, error });
    });
  }

  /** The step after `step` when it names none: the next in the list, or none. */
  private following(steps: WorkflowStep[], step: WorkflowStep): string | null {
    if (step.next) return step.next;
    const index = steps.findIndex((s) => s.id === step.id);
    return steps[index + 1]?.id ?? null;
  }

  private async scope(manager: EntityManager, run: WorkflowRun): Promise<RunScope> {
    const done = await manager.find(RunStep, { where: { runId: run.id, status: 'succeeded' } });
    return {
      trigger: {
        type: run.triggerType,
        event_type: run.triggerEventType,
        subject: (run.triggerData.subject as string | undefined) ?? null,
        data: (run.triggerData.data as Record<string, unknown> | undefined) ?? {},
      },
      steps: Object.fromEntries(done.map((s) => [s.stepId, { output: s.output }])),
    };
  }

  private eventData(run: WorkflowRun): AutomationRunEventData {
    return {
      run_id: run.id,
      workflow_id: run.workflowId,
      user_id: run.userId,
      trigger_type: run.triggerType,
      trigger_event_type: run.triggerEventType,
      status: run.status,
      started_at: run.startedAt?.toISOString() ?? null,
      finished_at: run.finishedAt?.toISOString() ?? null,
    };
  }
}
