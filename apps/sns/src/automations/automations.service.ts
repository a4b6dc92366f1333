import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AutomationListView,
  AutomationRunView,
  AutomationView,
  CreateAutomationDto,
  listView,
  PageQuery,
  resolvePage,
  systemContext,
  UpdateAutomationDto,
  UserContext,
} from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { DomainError, NotFound } from '@sf/errors';
import { Jobs } from '@sf/jobs';
import { SNS_PRODUCT } from '../accounts/accounts.service';
import { AiService } from '../ai/ai.service';
import { PostsService } from '../posts/posts.service';
import { SettingsService } from '../settings/settings.service';
import { QUEUES } from '../shared/queues';
import { SnsAutomation } from './automation.entity';
import { nextRun } from './next-run';
import { inTransaction } from '@sf/idempotency';

interface RunJob {
  automationId: string;
  /** The next_run this job was made for; a job for an older schedule does nothing. */
  runAt: string;
}

/**
 * Automations: each run has the AI provider write a post on the topic (in the owner's tone and
 * language, counted against their AI quota) and publishes it to the platforms. Scheduled runs are
 * jobs of the `run-automation` queue at `next_run`, computed from `frequency` in the owner's time
 * zone; changing the schedule makes a new job and the old one finds itself stale.
 */
@Injectable()
export class AutomationsService implements OnModuleInit {
  private readonly logger = new Logger('AutomationsService');
  private defined = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
    private readonly jobs: Jobs,
    private readonly ai: AiService,
    private readonly posts: PostsService,
    private readonly settings: SettingsService,
  ) {}

  onModuleInit(): void {
    if (this.defined) return;
    this.defined = true;
    this.jobs.define<RunJob>(QUEUES.runAutomation, (data) => this.scheduledRun(data), { retryLimit: 2 });
  }

  async create(ctx: UserContext, dto: CreateAutomationDto): Promise<AutomationView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const zone = await this.zone(ctx.user_id);
    return inTransaction(this.dataSource, async (manager) => {
      const automation = manager.create(SnsAutomation, {
        userId: ctx.user_id,
        topic: dto.topic,
        platforms: dto.platforms,
        frequency: dto.frequency,
        description: dto.description ?? null,
        timeOfDay: dto.time_of_day ?? '09:00',
        tone: dto.tone ?? null,
        language: dto.language ?? null,
        status: 'active',
      });
      const now = new Date();
      automation.nextRun = nextRun(now, automation.frequency, automation.timeOfDay, zone, now);
      const saved = await manager.save(SnsAutomation, automation);
      await this.schedule(manager, saved);
      return this.view(saved, zone);
    });
  }

  async list(ctx: UserContext, query: PageQuery): Promise<AutomationListView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const page = resolvePage(query);
    const zone = await this.zone(ctx.user_id);
    const [rows, total] = await this.dataSource
      .getRepository(SnsAutomation)
      .findAndCount({ where: { userId: ctx.user_id }, order: { createdAt: 'DESC', id: 'ASC' }, skip: page.offset, take: page.limit });
    return listView(
      'automations',
      rows.map((a) => this.view(a, zone)),
      total,
      page,
    );
  }

  async get(ctx: UserContext, id: string): Promise<AutomationView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    return this.view(await this.findOwned(this.dataSource.manager, ctx.user_id, id), await this.zone(ctx.user_id));
  }

  async update(ctx: UserContext, id: string, dto: UpdateAutomationDto): Promise<AutomationView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const zone = await this.zone(ctx.user_id);
    return inTransaction(this.dataSource, async (manager) => {
      const a = await this.findOwned(manager, ctx.user_id, id, true);
      if (dto.topic !== undefined) a.topic = dto.topic;
      if (dto.platforms !== undefined) a.platforms = dto.platforms;
      if (dto.description !== undefined) a.description = dto.description;
      if (dto.frequency !== undefined) a.frequency = dto.frequency;
      if (dto.time_of_day !== undefined) a.timeOfDay = dto.time_of_day;
      if (dto.status !== undefined) a.status = dto.status;
      const now = new Date();
      a.nextRun = a.status === 'active' ? nextRun(now, a.frequency, a.timeOfDay, zone, a.createdAt) : null;
      const saved = await manager.save(SnsAutomation, a);
      if (saved.nextRun) await this.schedule(manager, saved);
      return this.view(saved, zone);
    });
  }

  async delete(ctx: UserContext, id: string): Promise<void> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const a = await this.findOwned(this.dataSource.manager, ctx.user_id, id);
    await this.dataSource.getRepository(SnsAutomation).delete({ id: a.id });
  }

  /** Runs now, as the owner: the AI provider's post, published. Errors reach the caller. */
  async runNow(ctx: UserContext, id: string): Promise<AutomationRunView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const a = await this.findOwned(this.dataSource.manager, ctx.user_id, id);
    const post = await this.run(ctx, a);
    return {
      automation: this.view(await this.dataSource.getRepository(SnsAutomation).findOneByOrFail({ id }), await this.zone(ctx.user_id)),
      post,
    };
  }

  private async run(ctx: UserContext, a: SnsAutomation) {
    try {
      const written = await this.ai.generate(ctx, {
        topic: a.description ? `${a.topic}\n${a.description}` : a.topic,
        platforms: a.platforms,
        tone: (a.tone as never) ?? undefined,
        language: (a.language as never) ?? undefined,
      });
      const created = await this.posts.create(ctx, { platforms: a.platforms, content: written.content }, { automationId: a.id });
      const post = await this.posts.publish(ctx, created.id, {});
      await this.dataSource
        .getRepository(SnsAutomation)
        .update({ id: a.id }, { lastRun: new Date(), lastError: null, runsCount: () => 'runs_count + 1' });
      return post;
    } catch (error) {
      const message =
        error instanceof DomainError ? `${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ''}` : 'the run failed';
      await this.dataSource.getRepository(SnsAutomation).update({ id: a.id }, { lastRun: new Date(), lastError: message.slice(0, 2000) });
      throw error;
    }
  }

  /** A job of the queue: runs when its schedule is still current, then makes the next job. */
  private async scheduledRun(job: RunJob): Promise<void> {
    const a = await this.dataSource.getRepository(SnsAutomation).findOneBy({ id: job.automationId });
    if (!a || a.status !== 'active' || !a.nextRun || a.nextRun.toISOString() !== job.runAt) return;
    const ctx: UserContext = { ...systemContext(`sns-automation-${a.id}`), user_id: a.userId, roles: ['user'], tier: 'free' };
    try {
      await this.run(ctx, a);
    } catch (error) {
      // Recorded as last_error; the schedule goes on (a lapsed subscription or no connected account
      // is the owner's to fix, not the queue's to retry).
      this.logger.warn({ automation_id: a.id, err: error instanceof Error ? error.message : String(error) }, 'automation run failed');
    }
    await inTransaction(this.dataSource, async (manager) => {
      const current = await manager.findOne(SnsAutomation, { where: { id: a.id }, lock: { mode: 'pessimistic_write' } });
      if (!current || current.status !== 'active' || current.nextRun?.toISOString() !== job.runAt) return;
      current.nextRun = nextRun(
        new Date(Math.max(Date.now(), current.nextRun.getTime())),
        current.frequency,
        current.timeOfDay,
        await this.zone(current.userId),
        current.createdAt,
      );
      await manager.save(SnsAutomation, current);
      await this.schedule(manager, current);
    });
  }

  private async schedule(manager: EntityManager, a: SnsAutomation): Promise<void> {
    if (!a.nextRun) return;
    await this.jobs.send<RunJob>(
      QUEUES.runAutomation,
      { automationId: a.id, runAt: a.nextRun.toISOString() },
      { startAfter: a.nextRun, manager },
    );
  }

  private async findOwned(manager: EntityManager, userId: string, id: string, lock = false): Promise<SnsAutomation> {
    const a = await manager.findOne(SnsAutomation, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!a || a.userId !== userId) throw new NotFound('Automation');
    return a;
  }

  private async zone(userId: string): Promise<string> {
    return (await this.settings.of(this.dataSource.manager, userId))?.timeZone ?? 'Asia/Seoul';
  }

  private view(a: SnsAutomation, zone: string): AutomationView {
    return {
      id: a.id,
      automation_id: a.id,
      topic: a.topic,
      platforms: a.platforms,
      frequency: a.frequency,
      description: a.description,
      time_of_day: a.timeOfDay,
      time_zone: zone,
      status: a.status,
      next_run: a.nextRun?.toISOString() ?? null,
      last_run: a.lastRun?.toISOString() ?? null,
      last_error: a.lastError,
      runs_count: a.runsCount,
      created_at: a.createdAt.toISOString(),
      updated_at: a.updatedAt.toISOString(),
    };
  }
}
