import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { GDPR_DEFAULT_GRACE_DAYS, GDPR_SERVICES, listView, resolvePage, StorageGdprPartUrls, systemContext } from '@sf/contracts';
import type {
  CallerContext,
  ComplianceReportView,
  GdprDeleteDto,
  GdprPartCompletedData,
  GdprRequestKind,
  GdprRequestListView,
  GdprRequestQuery,
  GdprRequestState,
  GdprRequestView,
  UserContext,
} from '@sf/contracts';
import { Conflict, NotFound } from '@sf/errors';
import { inTransaction } from '@sf/idempotency';
import { Jobs } from '@sf/jobs';
import { RpcClient } from '@sf/messaging';
import { ADMIN_CONFIG, AdminConfig } from '../admin.config';
import { AuditLog, byCaller } from '../audit/audit-log.service';
import { AdminEventLog } from '../events/admin-event-log';
import { AccessSync } from '../rbac/access-sync.service';
import { GdprRequest, GdprRequestPart } from './gdpr-request.entity';

/** Job: a deletion's grace period is over (the job's id is the request's). */
export const GDPR_DELETE_START = 'gdpr-delete-start';
/** Job: a request still running at its deadline ends `incomplete`. */
export const GDPR_DEADLINE = 'gdpr-deadline';

export interface GdprJob {
  request_id: string;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * GDPR exports and deletions (ADR 0016): admin records the request and asks every service of
 * `GDPR_SERVICES` through an event; each answers with its part; the request completes when all
 * have answered, or ends `incomplete` at its deadline naming those that did not. Every step is in
 * the audit log, in the transaction that takes it.
 */
@Injectable()
export class GdprService {
  private readonly logger = new Logger('GdprService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ADMIN_CONFIG) private readonly config: AdminConfig,
    private readonly access: AccessSync,
    private readonly rpc: RpcClient,
    private readonly audit: AuditLog,
    private readonly events: AdminEventLog,
    private readonly jobs: Jobs,
  ) {}

  /** Every participating service gets an upload URL for its part (signed by storage, which owns the bucket). */
  async requestExport(ctx: UserContext, userId: string): Promise<GdprRequestView> {
    await this.access.account(ctx, userId);
    const id = randomUUID();
    const services = [...GDPR_SERVICES];
    const deadlineSeconds = this.config.gdpr.deadlineSeconds;
    const targets = await this.rpc.call(StorageGdprPartUrls, {
      ctx,
      body: { request_id: id, services, method: 'PUT', expires_in_seconds: Math.min(deadlineSeconds + 300, 7 * 24 * 3600) },
    });
    const request = await inTransaction(this.dataSource, async (manager) => {
      const request = manager.create(GdprRequest, {
        id,
        kind: 'export',
        state: 'running',
        subjectUserId: userId,
        requestedBy: ctx.user_id,
        services,
        scheduledFor: null,
        deadlineAt: new Date(Date.now() + deadlineSeconds * 1000),
        completedAt: null,
        cancelledAt: null,
        missing: [],
      });
      await manager.save(GdprRequest, request);
      await this.auditStep(manager, request, 'gdpr.export.requested', ctx, { services });
      await this.events.record(manager, 'gdpr.export.requested', userId, {
        request_id: id,
        user_id: userId,
        parts: targets.urls,
        expires_at: targets.expires_at,
      });
      await this.jobs.send<GdprJob>(GDPR_DEADLINE, { request_id: id }, { startAfter: request.deadlineAt!, manager });
      return request;
    });
    return this.view(request, []);
  }

  /** Scheduled after the grace period (cancellable until then); at once with `grace_days: 0`. */
  async requestDelete(ctx: UserContext, dto: GdprDeleteDto): Promise<GdprRequestView> {
    const account = await this.access.account(ctx, dto.user_id);
    if (account.roles.includes('admin')) throw new Conflict("An admin's data cannot be deleted; withdraw the admin role first");
    const graceDays = dto.grace_days ?? GDPR_DEFAULT_GRACE_DAYS;
    const request = await inTransaction(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gdpr-delete:${dto.user_id}`]);
      const open = await manager.findOneBy(GdprRequest, {
        subjectUserId: dto.user_id,
        kind: 'delete',
        state: In(['scheduled', 'running']),
      });
      if (open) throw new Conflict(`A deletion of this user's data is already ${open.state} (request ${open.id})`);
      const request = manager.create(GdprRequest, {
        id: randomUUID(),
        kind: 'delete',
        state: 'scheduled',
        subjectUserId: dto.user_id,
        requestedBy: ctx.user_id,
        services: [...GDPR_SERVICES],
        scheduledFor: new Date(Date.now() + graceDays * DAY_MS),
        deadlineAt: null,
        completedAt: null,
        cancelledAt: null,
        missing: [],
      });
      await manager.save(GdprRequest, request);
      await this.auditStep(manager, request, 'gdpr.delete.scheduled', ctx, { grace_days: graceDays, scheduled_for: request.scheduledFor });
      if (graceDays === 0) await this.startDeletion(manager, request, ctx);
      else
        await this.jobs.send<GdprJob>(
          GDPR_DELETE_START,
          { request_id: request.id },
          { startAfter: request.scheduledFor!, id: request.id, manager },
        );
      return request;
    });
    return this.view(request, []);
  }

  /** Only a deletion still in its grace period; anything else is 409. */
  async cancel(ctx: UserContext, id: string): Promise<GdprRequestView> {
    const request = await this.dataSource.transaction(async (manager) => {
      const request = await manager.findOne(GdprRequest, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw new NotFound('GDPR request');
      if (request.kind !== 'delete' || request.state !== 'scheduled') {
        throw new Conflict(`Only a scheduled deletion can be cancelled; this ${request.kind} is ${request.state}`);
      }
      request.state = 'cancelled';
      request.cancelledAt = new Date();
      await manager.save(GdprRequest, request);
      await this.auditStep(manager, request, 'gdpr.delete.cancelled', ctx, {});
      return request;
    });
    await this.jobs.cancel(GDPR_DELETE_START, request.id).catch((error: unknown) => {
      // The job finds the request cancelled and does nothing.
      this.logger.warn({ request_id: request.id, err: String(error) }, 'could not cancel the deletion job');
    });
    return this.view(request, await this.parts(request.id));
  }

  /** The grace period is over: every service is asked to delete. */
  async startScheduled(requestId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const request = await manager.findOne(GdprRequest, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      if (!request || request.state !== 'scheduled') return;
      await this.startDeletion(manager, request, systemContext(`gdpr-${requestId}`));
    });
  }

  /**
   * The user deleted their own account (`user.deleted` from auth): their data takes the same
   * path at once, unless a deletion already ran or runs (auth's own part of it announces
   * `user.deleted`, which may arrive after the request completed; a user id never comes back).
   */
  async accountDeleted(manager: EntityManager, userId: string, eventId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gdpr-delete:${userId}`]);
    const earlier = await manager.find(GdprRequest, {
      where: { subjectUserId: userId, kind: 'delete', state: In(['scheduled', 'running', 'completed', 'incomplete']) },
      lock: { mode: 'pessimistic_write' },
    });
    const ctx = systemContext(`event-${eventId}`);
    if (earlier.some((r) => r.state !== 'scheduled')) return;
    const [open] = earlier;
    if (open) {
      await this.startDeletion(manager, open, ctx);
      return;
    }
    const request = manager.create(GdprRequest, {
      id: randomUUID(),
      kind: 'delete',
      state: 'scheduled',
      subjectUserId: userId,
      requestedBy: null,
      services: [...GDPR_SERVICES],
      scheduledFor: new Date(),
      deadlineAt: null,
      completedAt: null,
      cancelledAt: null,
      missing: [],
    });
    await manager.save(GdprRequest, request);
    await this.auditStep(manager, request, 'gdpr.delete.scheduled', ctx, { reason: 'account_deleted', grace_days: 0 });
    await this.startDeletion(manager, request, ctx);
  }

  private async startDeletion(manager: EntityManager, request: GdprRequest, ctx: CallerContext): Promise<void> {
    request.state = 'running';
    request.deadlineAt = new Date(Date.now() + this.config.gdpr.deadlineSeconds * 1000);
    await manager.save(GdprRequest, request);
    await this.auditStep(manager, request, 'gdpr.delete.started', ctx, { services: request.services });
    await this.events.record(manager, 'gdpr.delete.requested', request.subjectUserId, {
      request_id: request.id,
      user_id: request.subjectUserId,
      services: request.services,
    });
    await this.jobs.send<GdprJob>(GDPR_DEADLINE, { request_id: request.id }, { startAfter: request.deadlineAt, manager });
  }

  /** One service answered; the last answer completes the request. */
  async partCompleted(manager: EntityManager, kind: GdprRequestKind, data: GdprPartCompletedData, eventId: string): Promise<void> {
    const request = await manager.findOne(GdprRequest, { where: { id: data.request_id }, lock: { mode: 'pessimistic_write' } });
    if (!request || request.kind !== kind || !request.services.includes(data.service)) return;
    await manager.query(
      `INSERT INTO gdpr_request_parts (request_id, service, rows, completed_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING`,
      [request.id, data.service, data.rows],
    );
    if (request.state !== 'running') return; // a late answer to an incomplete request: its part is still shown
    const answered = new Set((await manager.findBy(GdprRequestPart, { requestId: request.id })).map((p) => p.service));
    if (request.services.every((s) => answered.has(s)))
      await this.finish(manager, request, 'completed', [], systemContext(`event-${eventId}`));
  }

  /** The deadline passed: a request still running ends `incomplete`, naming who did not answer. */
  async deadline(requestId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const request = await manager.findOne(GdprRequest, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      if (!request || request.state !== 'running') return;
      const answered = new Set((await manager.findBy(GdprRequestPart, { requestId })).map((p) => p.service));
      const missing = request.services.filter((s) => !answered.has(s));
      await this.finish(manager, request, missing.length ? 'incomplete' : 'completed', missing, systemContext(`gdpr-${requestId}`));
    });
  }

  private async finish(
    manager: EntityManager,
    request: GdprRequest,
    state: 'completed' | 'incomplete',
    missing: string[],
    ctx: CallerContext,
  ): Promise<void> {
    request.state = state;
    request.missing = missing;
    request.completedAt = new Date();
    await manager.save(GdprRequest, request);
    await this.auditStep(manager, request, `gdpr.${request.kind}.${state}`, ctx, { missing });
    const data = {
      request_id: request.id,
      user_id: request.subjectUserId,
      kind: request.kind,
      state,
      requested_by: request.requestedBy,
      missing,
    };
    if (request.kind === 'export') await this.events.record(manager, 'gdpr.export.completed', request.subjectUserId, data);
    else await this.events.record(manager, 'gdpr.delete.completed', request.subjectUserId, data);
  }

  /** An export's answered parts carry presigned download URLs. */
  async get(ctx: UserContext, id: string): Promise<GdprRequestView> {
    const request = await this.dataSource.getRepository(GdprRequest).findOneBy({ id });
    if (!request) throw new NotFound('GDPR request');
    const parts = await this.parts(id);
    if (request.kind !== 'export' || parts.length === 0) return this.view(request, parts);
    const links = await this.rpc.call(StorageGdprPartUrls, {
      ctx,
      body: { request_id: id, services: parts.map((p) => p.service), method: 'GET', expires_in_seconds: this.config.gdpr.urlSeconds },
    });
    return this.view(request, parts, new Map(links.urls.map((u) => [u.service, u.url])), links.expires_at);
  }

  async list(_ctx: UserContext, query: GdprRequestQuery): Promise<GdprRequestListView> {
    const page = resolvePage(query);
    const [requests, total] = await this.dataSource.getRepository(GdprRequest).findAndCount({
      where: {
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.state ? { state: query.state } : {}),
        ...(query.user_id ? { subjectUserId: query.user_id } : {}),
      },
      order: { createdAt: query.order === 'asc' ? 'ASC' : 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const parts = requests.length
      ? await this.dataSource.getRepository(GdprRequestPart).findBy({ requestId: In(requests.map((r) => r.id)) })
      : [];
    return listView(
      'requests',
      requests.map((r) =>
        this.view(
          r,
          parts.filter((p) => p.requestId === r.id),
        ),
      ),
      total,
      page,
    );
  }

  async report(_ctx: UserContext): Promise<ComplianceReportView> {
    const counts = (await this.dataSource.query(
      `SELECT kind, state, count(*)::int AS count FROM gdpr_requests GROUP BY kind, state ORDER BY kind, state`,
    )) as { kind: GdprRequestKind; state: GdprRequestState; count: number }[];
    const repo = this.dataSource.getRepository(GdprRequest);
    const overdue = await repo
      .createQueryBuilder('r')
      .where(`(r.state = 'running' AND r.deadline_at < now()) OR (r.state = 'scheduled' AND r.scheduled_for < now() - interval '1 hour')`)
      .orderBy('r.created_at', 'ASC')
      .take(100)
      .getMany();
    const incomplete = await repo.find({ where: { state: 'incomplete' }, order: { completedAt: 'DESC' }, take: 50 });
    const shown = [...overdue, ...incomplete];
    const parts = shown.length
      ? await this.dataSource.getRepository(GdprRequestPart).findBy({ requestId: In(shown.map((r) => r.id)) })
      : [];
    const withParts = (r: GdprRequest) =>
      this.view(
        r,
        parts.filter((p) => p.requestId === r.id),
      );
    return {
      counts,
      total: counts.reduce((sum, c) => sum + c.count, 0),
      overdue: overdue.map(withParts),
      incomplete: incomplete.map(withParts),
      participating_services: [...GDPR_SERVICES],
      generated_at: new Date().toISOString(),
    };
  }

  private parts(requestId: string): Promise<GdprRequestPart[]> {
    return this.dataSource.getRepository(GdprRequestPart).findBy({ requestId });
  }

  private auditStep(manager: EntityManager, request: GdprRequest, action: string, ctx: CallerContext, details: Record<string, unknown>) {
    return this.audit.append(manager, {
      ...byCaller(ctx),
      action,
      resource_type: 'gdpr_request',
      resource_id: request.id,
      user_id: request.subjectUserId,
      details: { kind: request.kind, state: request.state, ...details },
    });
  }

  private view(
    request: GdprRequest,
    parts: GdprRequestPart[],
    urls = new Map<string, string>(),
    urlsExpire: string | null = null,
  ): GdprRequestView {
    const answered = new Map(parts.map((p) => [p.service, p]));
    return {
      id: request.id,
      kind: request.kind,
      state: request.state,
      user_id: request.subjectUserId,
      requested_by: request.requestedBy,
      scheduled_for: request.scheduledFor?.toISOString() ?? null,
      deadline_at: request.deadlineAt?.toISOString() ?? null,
      completed_at: request.completedAt?.toISOString() ?? null,
      cancelled_at: request.cancelledAt?.toISOString() ?? null,
      missing: request.missing,
      parts: request.services.map((service) => {
        const part = answered.get(service);
        const url = urls.get(service) ?? null;
        return {
          service,
          status: part ? 'completed' : 'pending',
          rows: part?.rows ?? null,
          completed_at: part?.completedAt.toISOString() ?? null,
          url,
          url_expires_at: url ? urlsExpire : null,
        };
      }),
      created_at: request.createdAt.toISOString(),
    };
  }
}
