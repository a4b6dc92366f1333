import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { inTransaction } from '@sf/idempotency';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CreateTaskDto, listView, resolvePage, TaskListQuery, TaskListView, TaskView, UpdateTaskDto, UserContext } from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { Conflict, NotFound } from '@sf/errors';
import { JobContext, Jobs } from '@sf/jobs';
import { AUTOMATION_CONFIG, AutomationConfig, stepJobTimes } from '../automation.config';
import { jobIdOf } from '../runs/run-engine.service';
import { AUTOMATION_PRODUCT, PlanLimitsService } from '../shared/plan-limits';
import { StepExecutor } from '../steps/step-executor';
import { validateTaskParams } from '../workflows/workflow-validation';
import { Task } from './task.entity';

const TASK_QUEUE = 'automation-task';

function toView(t: Task): TaskView {
  return {
    id: t.id,
    task_id: t.id,
    name: t.name,
    type: t.type,
    params: t.params,
    status: t.status,
    output: t.output,
    error: t.error,
    attempts: t.attempts,
    executions: t.executions,
    queued_at: t.queuedAt?.toISOString() ?? null,
    started_at: t.startedAt?.toISOString() ?? null,
    finished_at: t.finishedAt?.toISOString() ?? null,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

/** Tasks: one AI step run on its own as a job (`queued → running → succeeded | failed`), retried like a workflow's steps. */
@Injectable()
export class TasksService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
    private readonly limits: PlanLimitsService,
    private readonly executor: StepExecutor,
    private readonly jobs: Jobs,
    @Inject(AUTOMATION_CONFIG) private readonly config: AutomationConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ task_id: string; execution: number }>(
      TASK_QUEUE,
      (data, job) => this.runExecution(data.task_id, data.execution, job),
      {
        retryLimit: this.config.stepRetryLimit,
        retryDelaySeconds: this.config.stepRetryDelaySeconds,
        retryBackoff: true,
        retryDelayMaxSeconds: 300,
        ...stepJobTimes(this.config),
        concurrency: 4,
      },
    );
  }

  async create(ctx: UserContext, dto: CreateTaskDto): Promise<TaskView> {
    await this.entitlements.require(ctx, AUTOMATION_PRODUCT);
    validateTaskParams(dto.type, dto.params);
    const task = await this.dataSource.getRepository(Task).save({
      userId: ctx.user_id,
      name: dto.name.trim(),
      type: dto.type,
      params: dto.params,
      status: 'idle',
      output: null,
      error: null,
      queuedAt: null,
      startedAt: null,
      finishedAt: null,
    });
    return toView(task);
  }

  async list(ctx: UserContext, query: TaskListQuery): Promise<TaskListView> {
    await this.entitlements.require(ctx, AUTOMATION_PRODUCT);
    const page = resolvePage(query);
    const [rows, total] = await this.dataSource.getRepository(Task).findAndCount({
      where: { userId: ctx.user_id, ...(query.status ? { status: query.status as Task['status'] } : {}) },
      order: { createdAt: query.order === 'asc' ? 'ASC' : 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return listView('tasks', rows.map(toView), total, page);
  }

  private async owned(ctx: UserContext, id: string): Promise<Task> {
    await this.entitlements.require(ctx, AUTOMATION_PRODUCT);
    const task = await this.dataSource.getRepository(Task).findOneBy({ id, userId: ctx.user_id });
    if (!task) throw new NotFound('Task');
    return task;
  }

  async get(ctx: UserContext, id: string): Promise<TaskView> {
    return toView(await this.owned(ctx, id));
  }

  async update(ctx: UserContext, id: string, dto: UpdateTaskDto): Promise<TaskView> {
    const task = await this.owned(ctx, id);
    if (task.status === 'queued' || task.status === 'running')
      throw new Conflict('The task is being executed; change it once it has finished');
    const type = dto.type ?? task.type;
    const params = dto.params ?? task.params;
    if (dto.type || dto.params) validateTaskParams(type, params);
    task.name = dto.name?.trim() ?? task.name;
    task.type = type;
    task.params = params;
    return toView(await this.dataSource.getRepository(Task).save(task));
  }

  async execute(ctx: UserContext, id: string): Promise<TaskView> {
    await this.owned(ctx, id);
    const task = await inTransaction(this.dataSource, async (manager) => {
      const current = await manager.findOne(Task, { where: { id, userId: ctx.user_id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFound('Task');
      if (current.status === 'queued' || current.status === 'running') throw new Conflict('The task is already being executed');
      await this.limits.consumeRun(manager, ctx.user_id, ctx.roles);
      current.executions += 1;
      Object.assign(current, {
        status: 'queued',
        output: null,
        error: null,
        attempts: 0,
        queuedAt: new Date(),
        startedAt: null,
        finishedAt: null,
      });
      const saved = await manager.save(current);
      await this.jobs.send(
        TASK_QUEUE,
        { task_id: id, execution: saved.executions },
        { id: jobIdOf(`task:${id}:${saved.executions}`), manager },
      );
      return saved;
    });
    return toView(task);
  }

  private async runExecution(taskId: string, execution: number, job: JobContext): Promise<void> {
    const task = await inTransaction(this.dataSource, async (manager) => {
      const current = await manager.findOne(Task, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
      if (!current || current.executions !== execution || !['queued', 'running'].includes(current.status)) return null;
      Object.assign(current, { status: 'running', attempts: current.attempts + 1, startedAt: current.startedAt ?? new Date() });
      return manager.save(current);
    });
    if (!task) return;
    const outcome = await this.executor.execute(task.type, task.params);
    if (outcome.kind === 'retry' && job.retryCount < this.config.stepRetryLimit) {
      await this.dataSource.query(`UPDATE tasks SET error = $2 WHERE id = $1 AND executions = $3`, [taskId, outcome.error, execution]);
      throw new Error(`task ${taskId}: ${outcome.error}`);
    }
    const done = outcome.kind === 'done';
    await this.dataSource.query(
      `UPDATE tasks SET status = $3, output = $4, error = $5, finished_at = now(), updated_at = now()
        WHERE id = $1 AND executions = $2 AND status = 'running'`,
      [
        taskId,
        execution,
        done ? 'succeeded' : 'failed',
        done ? JSON.stringify(outcome.output) : null,
        done ? null : outcome.kind === 'wait' ? 'not an AI step' : outcome.error,
      ],
    );
  }
}
