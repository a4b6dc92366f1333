import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { listView, resolvePage, RunListQuery, RunListView, RunStepView, RunView, UserContext } from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { NotFound } from '@sf/errors';
import { AUTOMATION_PRODUCT } from '../shared/plan-limits';
import { RunStep, WorkflowRun } from './run.entity';

function stepView(s: RunStep): RunStepView {
  return {
    step_id: s.stepId,
    type: s.type as RunStepView['type'],
    status: s.status,
    input: s.input,
    output: s.output,
    error: s.error,
    attempts: s.attempts,
    idempotency_key: s.idempotencyKey,
    started_at: s.startedAt?.toISOString() ?? null,
    finished_at: s.finishedAt?.toISOString() ?? null,
  };
}

function runView(run: WorkflowRun, steps: RunStep[]): RunView {
  return {
    id: run.id,
    run_id: run.id,
    workflow_id: run.workflowId,
    status: run.status,
    trigger: {
      type: run.triggerType,
      event_type: run.triggerEventType,
      event_id: run.triggerEventId,
      data: (run.triggerData.data as Record<string, unknown> | undefined) ?? {},
    },
    steps: steps.sort((a, b) => a.seq - b.seq).map(stepView),
    error: run.error,
    started_at: run.startedAt?.toISOString() ?? null,
    finished_at: run.finishedAt?.toISOString() ?? null,
    created_at: run.createdAt.toISOString(),
  };
}

/** A workflow's runs as its owner sees them: every step's input, output, status, attempts and timing. */
@Injectable()
export class RunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
  ) {}

  private async requireWorkflow(ctx: UserContext, workflowId: string): Promise<void> {
    await this.entitlements.require(ctx, AUTOMATION_PRODUCT);
    const [found] = (await this.dataSource.query(`SELECT 1 FROM workflows WHERE id = $1 AND user_id = $2`, [
      workflowId,
      ctx.user_id,
    ])) as unknown[];
    if (!found) throw new NotFound('Workflow');
  }

  async list(ctx: UserContext, workflowId: string, query: RunListQuery): Promise<RunListView> {
    await this.requireWorkflow(ctx, workflowId);
    const page = resolvePage(query);
    const [runs, total] = await this.dataSource.getRepository(WorkflowRun).findAndCount({
      where: { workflowId, userId: ctx.user_id, ...(query.status ? { status: query.status as WorkflowRun['status'] } : {}) },
      order: { createdAt: query.order === 'asc' ? 'ASC' : 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const steps = runs.length ? await this.dataSource.getRepository(RunStep).findBy({ runId: In(runs.map((r) => r.id)) }) : [];
    return listView(
      'runs',
      runs.map((r) =>
        runView(
          r,
          steps.filter((s) => s.runId === r.id),
        ),
      ),
      total,
      page,
    );
  }

  /** A run as `manager` sees it (inside the transaction that started it: queued, its first step pending). */
  async viewOf(manager: EntityManager, run: WorkflowRun): Promise<RunView> {
    return runView(run, await manager.findBy(RunStep, { runId: run.id }));
  }

  async get(ctx: UserContext, workflowId: string, runId: string): Promise<RunView> {
    await this.requireWorkflow(ctx, workflowId);
    const run = await this.dataSource.getRepository(WorkflowRun).findOneBy({ id: runId, workflowId, userId: ctx.user_id });
    if (!run) throw new NotFound('Run');
    return runView(run, await this.dataSource.getRepository(RunStep).findBy({ runId }));
  }
}
