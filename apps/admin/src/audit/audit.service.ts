import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import {
  AUDIT_EXPORT_MAX_ROWS,
  AuditEntryView,
  AuditExportQuery,
  AuditFilter,
  AuditListView,
  AuditRecordedView,
  AuthChangeAccess,
  BinaryReply,
  ImpersonatedCallBody,
  listView,
  resolvePage,
  SecurityReportView,
  UserContext,
} from '@sf/contracts';
import { NotFound, ValidationFailed } from '@sf/errors';
import { RpcClient } from '@sf/messaging';
import { AuditEntry } from './audit-entry.entity';
import { AuditLog, byCaller } from './audit-log.service';
import { inTransaction } from '@sf/idempotency';

const CSV_COLUMNS = [
  'seq',
  'id',
  'timestamp',
  'action',
  'resource_type',
  'resource_id',
  'user_id',
  'actor_id',
  'impersonator_id',
  'ip_address',
  'request_id',
  'details',
  'prev_hash',
  'hash',
] as const;

function toView(row: AuditEntry): AuditEntryView {
  return {
    id: row.id,
    seq: Number(row.seq),
    actor_id: row.actorId,
    impersonator_id: row.impersonatorId,
    user_id: row.userId,
    action: row.action,
    resource_type: row.resourceType,
    resource_id: row.resourceId,
    ip_address: row.ip,
    request_id: row.requestId,
    details: row.details,
    timestamp: row.createdAt.toISOString(),
    prev_hash: row.prevHash,
    hash: row.hash,
  };
}

/** A CSV field: quoted when it must be, and never read as a formula by a spreadsheet. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Reading the audit log: lists, exports and the security report. */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: AuditLog,
    private readonly rpc: RpcClient,
  ) {}

  private filtered(filter: AuditFilter): SelectQueryBuilder<AuditEntry> {
    if (filter.date_from && filter.date_to && Date.parse(filter.date_from) > Date.parse(filter.date_to))
      throw new ValidationFailed({ date_to: ['date_to must not be before date_from'] });
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (filter.resource_type) qb.andWhere('a.resource_type = :resourceType', { resourceType: filter.resource_type });
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.user_id)
      qb.andWhere('(a.user_id = :userId OR a.actor_id = :userId OR a.impersonator_id = :userId)', { userId: filter.user_id });
    if (filter.date_from) qb.andWhere('a.created_at >= :from', { from: new Date(filter.date_from) });
    if (filter.date_to) qb.andWhere('a.created_at <= :to', { to: new Date(filter.date_to) });
    return qb;
  }

  async list(_ctx: UserContext, filter: AuditFilter): Promise<AuditListView> {
    const page = resolvePage(filter);
    const [rows, total] = await this.filtered(filter)
      .orderBy('a.seq', filter.order === 'asc' ? 'ASC' : 'DESC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return listView('logs', rows.map(toView), total, page);
  }

  async get(_ctx: UserContext, id: string): Promise<AuditEntryView> {
    const row = await this.dataSource.getRepository(AuditEntry).findOneBy({ id });
    if (!row) throw new NotFound('Audit entry');
    return toView(row);
  }

  async export(_ctx: UserContext, query: AuditExportQuery): Promise<BinaryReply> {
    const rows = (await this.filtered(query).orderBy('a.seq', 'ASC').take(AUDIT_EXPORT_MAX_ROWS).getMany()).map(toView);
    const stamp = new Date().toISOString().slice(0, 10);
    if (query.format === 'csv') {
      const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(','))];
      return {
        content_type: 'text/csv; charset=utf-8',
        filename: `audit-log-${stamp}.csv`,
        content_base64: Buffer.from(lines.join('\n') + '\n').toString('base64'),
      };
    }
    return {
      content_type: 'application/json',
      filename: `audit-log-${stamp}.json`,
      content_base64: Buffer.from(JSON.stringify({ logs: rows, total: rows.length })).toString('base64'),
    };
  }

  async securityReport(ctx: UserContext): Promise<SecurityReportView> {
    const [counts] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE created_at > now() - interval '1 day')::int AS day, count(*)::int AS week
         FROM audit_log WHERE action = 'auth.login.failed' AND created_at > now() - interval '7 days'`,
    )) as { day: number; week: number }[];
    const top = (await this.dataSource.query(
      `SELECT l.user_id, a.email, count(*)::int AS failed FROM audit_log l LEFT JOIN accounts a ON a.user_id = l.user_id
        WHERE l.action = 'auth.login.failed' AND l.created_at > now() - interval '7 days'
        GROUP BY l.user_id, a.email ORDER BY failed DESC, l.user_id LIMIT 10`,
    )) as { user_id: string; email: string | null; failed: number }[];
    const admins = (await this.dataSource.query(
      `SELECT user_id, email FROM accounts WHERE status = 'active' AND 'admin' = ANY(roles) ORDER BY email`,
    )) as { user_id: string; email: string | null }[];
    // Two-factor sign-in is auth's to know: asked for each admin (a handful), unchanged.
    const without2fa = [];
    for (const admin of admins) {
      const access = await this.rpc.call(AuthChangeAccess, { ctx, body: { user_id: admin.user_id } });
      if (!access.user.two_factor_enabled) without2fa.push(admin);
    }
    return {
      failed_logins: { last_24h: counts.day, last_7d: counts.week, top_accounts: top },
      admins_without_2fa: without2fa,
      audit_chain: await this.log.verify(),
      generated_at: new Date().toISOString(),
    };
  }

  /** One call made with an impersonation token: the user acted as, and the admin behind it. */
  async impersonatedCall(ctx: UserContext, call: ImpersonatedCallBody): Promise<AuditRecordedView> {
    if (!ctx.impersonator_id) throw new ValidationFailed({ ctx: ['names no impersonator'] });
    const entry = await inTransaction(this.dataSource, (manager) =>
      this.log.append(manager, {
        ...byCaller(ctx),
        action: 'impersonation.call',
        resource_type: 'endpoint',
        resource_id: call.subject,
        user_id: ctx.user_id,
        details: { method: call.method, path: call.path },
      }),
    );
    return { id: entry.id };
  }
}
