import { Injectable, OnModuleInit } from '@nestjs/common';
import { inTransaction } from '@sf/idempotency';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronExpressionParser } from 'cron-parser';
import { DataSource, EntityManager } from 'typeorm';
import {
  CreateWorkflowDto,
  listView,
  resolvePage,
  RunView,
  RunWorkflowDto,
  UpdateWorkflowDto,
  UserContext,
  WorkflowListQuery,
  WorkflowListView,
  WorkflowStep,
  WorkflowTrigger,
  WorkflowView,
} from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { NotFound, ValidationFailed } from '@sf/errors';
import { Jobs } from '@sf/jobs';
import { RunEngine } from '../runs/run-engine.service';
import { RunsService } from '../runs/runs.service';
import { AUTOMATION_PRODUCT, PlanLimitsService } from '../shared/plan-limits';
import { fillTemplateParams } from '../steps/templating';
import { TEMPLATES } from '../templates/templates';
import { UserTimeZones } from './user-time-zones';
import { Workflow } from './workflow.entity';
import { validateWorkflow } from './workflow-validation';

const SCHEDULE_QUEUE = 'automation-schedule';

function toView(w: Workflow): WorkflowView {
  let nextRunAt: string | null = null;
  if (w.isActive && w.trigger.type === 'schedule') {
    try {
      nextRunAt = CronExpressionParser.parse(w.trigger.cron, { tz: w.trigger.time_zone ?? 'UTC' })
        .next()
        .toDate()
        .toISOString();
    } catch {
      nextRunAt = null;
    }
  }
  return {
    id: w.id,
    workflow_id: w.id,
    name: w.name,
    description: w.description,
    trigger: w.trigger,
    steps: w.steps,
    is_active: w.isActive,
    template_id: w.templateId,
    next_run_at: nextRunAt,
    last_run_at: w.lastRunAt?.toISOString() ?? null,
    created_at: w.createdAt.toISOString(),
    updated_at: w.updatedAt.toISOString(),
  };
}

/** Workflows (product 4): made, changed and run by their owner; scheduled ones recur as jobs in the owner's time zone. */
@Injectable()
export class WorkflowsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
    private readonly limits: PlanLimitsService,
    private readonly engine: RunEngine,
    private readonly runs: RunsService,
    private readonly jobs: Jobs,
    private readonly timeZones: UserTimeZones,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ workflow_id: string }>(SCHEDULE_QUEUE, (data, job) => this.runScheduled(data.workflow_id, job.id), {
      retryLimit: 2,
    });
  }

  async create(ctx: UserContext, dto: CreateWorkflowDto): Promise<WorkflowView> {
    await this.entitlements.require(ctx, AUTOMATION_PRODUCT);
    const definition = dto.template_id ? this.fromTemplate(dto) : { name: dto.name!, trigger: dto.trigger!, steps: dto.steps! };
    definition.trigger = await this.inUsersZone(ctx, definition.trigger);
    validateWorkflow(definition, await this.limits.maxSteps(ctx.user_id, ctx.roles));
    const saved = await inTransaction(this.dataSource, async (manager) => {
      const workflow = await manager.save(
        manager.create(Workflow, {
          userId: ctx.user_id,
          name: (dto.name ?? definition.name).trim(),
          description: dto.description ?? null,
          trigger: definition.trigger,
          triggerType: definition.trigger.type,
          triggerEvent: definition.trigger.type === 'event' ? definition.trigger.event : null,
          steps: definition.steps,
          isActive: dto.is_active ?? true,
          templateId: dto.template_id ?? null,
          lastRunAt: null,
        }),
      );
      return workflow;
    });
    await this.syncSchedule(saved);
    return toView(saved);
  }

  /** A schedule saved without a time zone recurs in the user's (their preferences; Asia/Seoul until set). */
  private async inUsersZone(ctx: UserContext, trigger: WorkflowTrigger): Promise<WorkflowTrigger> {
    if (trigger?.type !== 'schedule' || trigger.time_zone) return trigger;
    return { ...trigger, time_zone: await this.timeZones.of(ctx.user_id) };
  }

  /** A template's workflow with the caller's params in it; 422 naming a missing or unknown param. */
  private fromTemplate(dto: CreateWorkflowDto): { name: string; trigger: WorkflowTrigger; steps: WorkflowStep[] } {
    const template = TEMPLATES.find((t) => t.id === dto.template_id);
    if (!template) throw new ValidationFailed({ template_id: ['names no template (see GET /api/ai-automation/templates)'] });
    const given = dto.params ?? {};
    const details: Record<string, string[]> = {};
    const values: Record<string, string> = {};
    for (const key of Object.keys(given)) {
      if (!template.params.some((p) => p.name === key)) details[`params.${key}`] = ['is not a param of this template'];
    }
    for (const param of template.params) {
      const value = given[param.name];
      if (value === undefined || value === null || value === '') {
        if (param.required) details[`params.${param.name}`] = ['is required'];
        else values[param.name] = param.default ?? '';
      } else if (typeof value !== 'string' || value.length > 2000) {
        details[`params.${param.name}`] = ['must be a string of at most 2000 characters'];
      } else values[param.name] = value;
    }
    if (Object.keys(details).length) throw new ValidationFailed(details);
    return {
      name: template.name,
      trigger: fillTemplateParams(dto.trigger ?? template.trigger, values),
      steps: fillTemplateParams(dto.steps ?? template.steps, values),
    };
  }

  async list(ctx: UserContext, query: WorkflowListQuery): Promise<WorkflowListView> {
    await this.entitlements.require(ctx, AUTOMATION_PRODUCT);
    const page = resolvePage(query);
    const qb = this.dataSource
      .getRepository(Workflow)
      .createQueryBuilder('w')
      .where('w.user_id = :user', { user: ctx.user_id })
      .orderBy('w.created_at', query.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('w.id', 'ASC')
      .skip(page.offset)
      .take(page.limit);
    if (query.trigger_type) qb.andWhere('w.trigger_type = :type', { type: query.trigger_type });
    const [rows, total] = await qb.getManyAndCount();
    return listView('workflows', rows.map(toView), total, page);
  }

  /** The caller's workflow, or 404 (someone else's too). */
  async owned(ctx: UserContext, id: string, manager: EntityManager = this.dataSource.manager): Promise<Workflow> {
    await this.entitlements.require(ctx, AUTOMATION_PRODUCT);
    const workflow = await manager.findOneBy(Workflow, { id, userId: ctx.user_id });
    if (!workflow) throw new NotFound('Workflow');
    return workflow;
  }

  async get(ctx: UserContext, id: string): Promise<WorkflowView> {
    return toView(await this.owned(ctx, id));
  }

  async update(ctx: UserContext, id: string, dto: UpdateWorkflowDto): Promise<WorkflowView> {
    const workflow = await this.owned(ctx, id);
    const trigger = dto.trigger ? await this.inUsersZone(ctx, dto.trigger) : workflow.trigger;
    const steps = dto.steps ?? workflow.steps;
    if (dto.trigger || dto.steps) validateWorkflow({ trigger, steps }, await this.limits.maxSteps(ctx.user_id, ctx.roles));
    workflow.name = dto.name?.trim() ?? workflow.name;
    workflow.description = dto.description ?? workflow.description;
    workflow.trigger = trigger;
    workflow.triggerType = trigger.type;
    workflow.triggerEvent = trigger.type === 'event' ? trigger.event : null;
    workflow.steps = steps;
    workflow.isActive = dto.is_active ?? workflow.isActive;
    const saved = await this.dataSource.getRepository(Workflow).save(workflow);
    await this.syncSchedule(saved);
    return toView(saved);
  }

  async remove(ctx: UserContext, id: string): Promise<void> {
    const workflow = await this.owned(ctx, id);
    await inTransaction(this.dataSource, async (manager) => {
      await manager.query(`DELETE FROM run_steps WHERE run_id IN (SELECT id FROM workflow_runs WHERE workflow_id = $1)`, [id]);
      await manager.query(`DELETE FROM workflow_runs WHERE workflow_id = $1`, [id]);
      await manager.delete(Workflow, { id });
    });
    await this.unschedule(workflow.id);
  }

  /** Stops a workflow's schedule (nothing happens when it has none). */
  async unschedule(workflowId: string): Promise<void> {
    await this.jobs.unschedule(SCHEDULE_QUEUE, workflowId);
  }

  async run(ctx: UserContext, id: string, dto: RunWorkflowDto): Promise<RunView> {
    // The run as it was started: its first step's job may begin the moment this commits.
    return inTransaction(this.dataSource, async (manager) => {
      const workflow = await this.owned(ctx, id, manager);
      await this.limits.consumeRun(manager, ctx.user_id, ctx.roles);
      const run = await this.engine.start(manager, {
        workflowId: workflow.id,
        userId: ctx.user_id,
        steps: workflow.steps,
        triggerType: 'manual',
        triggerData: { subject: null, data: dto.input ?? {} },
      });
      return this.runs.viewOf(manager, run!);
    });
  }

  /** A scheduled workflow recurs as a pg-boss schedule keyed by its id, in its time zone. */
  private async syncSchedule(workflow: Workflow): Promise<void> {
    if (workflow.isActive && workflow.trigger.type === 'schedule') {
      await this.jobs.schedule(
        SCHEDULE_QUEUE,
        workflow.trigger.cron,
        { workflow_id: workflow.id },
        {
          tz: workflow.trigger.time_zone ?? 'UTC',
          key: workflow.id,
        },
      );
    } else {
      await this.jobs.unschedule(SCHEDULE_QUEUE, workflow.id);
    }
  }

  private async runScheduled(workflowId: string, jobId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const workflow = await manager.findOneBy(Workflow, { id: workflowId });
      if (!workflow || !workflow.isActive || workflow.trigger.type !== 'schedule') return;
      if (!(await this.entitlements.has(workflow.userId, AUTOMATION_PRODUCT, manager))) return;
      try {
        await this.limits.consumeRun(manager, workflow.userId);
      } catch {
        return; // today's runs are spent: this tick is skipped
      }
      await this.engine.start(manager, {
        workflowId: workflow.id,
        userId: workflow.userId,
        steps: workflow.steps,
        triggerType: 'schedule',
        // One run per tick, however often the tick's job is delivered.
        triggerEventId: `schedule:${jobId}`,
        triggerData: { subject: null, data: { scheduled_at: new Date().toISOString() } },
      });
    });
  }
}
