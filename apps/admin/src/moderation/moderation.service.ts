import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ContentRemovedData,
  CreateReportDto,
  FlaggedContentQuery,
  listView,
  RemoveContentDto,
  ReportListView,
  ReportView,
  resolvePage,
  ResolveReportDto,
  UserContext,
} from '@sf/contracts';
import { Conflict, NotFound } from '@sf/errors';
import { AuditLog, byCaller } from '../audit/audit-log.service';
import { AdminEventLog } from '../events/admin-event-log';

interface ReportRow {
  id: string;
  content_type: string;
  content_id: string;
  reason: string;
  reported_by: string;
  status: string;
  resolved_by: string | null;
  resolution_note: string | null;
  resolved_at: Date | null;
  created_at: Date;
  reports_on_content: number;
  priority: string;
}

/** Each report with how many accounts reported the same content while it was open, and the priority that gives. */
const REPORTS = `
  SELECT r.*, c.n AS reports_on_content, CASE WHEN c.n >= 3 THEN 'high' WHEN c.n = 2 THEN 'medium' ELSE 'low' END AS priority
    FROM content_reports r
    CROSS JOIN LATERAL (SELECT GREATEST(count(DISTINCT o.reported_by), 1)::int AS n FROM content_reports o
                         WHERE o.content_type = r.content_type AND o.content_id = r.content_id AND o.status = 'pending') c`;

function toView(row: ReportRow): ReportView {
  return {
    id: row.id,
    report_id: row.id,
    content_type: row.content_type,
    content_id: row.content_id,
    reason: row.reason,
    reported_by: row.reported_by,
    status: row.status,
    priority: row.priority,
    reports_on_content: row.reports_on_content,
    resolved_by: row.resolved_by,
    resolution_note: row.resolution_note,
    resolved_at: row.resolved_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}

/** Reports of content by users, and moderators' decisions on them. */
@Injectable()
export class ModerationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly events: AdminEventLog,
  ) {}

  private async view(manager: EntityManager, id: string): Promise<ReportView> {
    const [row] = (await manager.query(`SELECT * FROM (${REPORTS}) x WHERE x.id = $1`, [id])) as ReportRow[];
    if (!row) throw new NotFound('Report');
    return toView(row);
  }

  /** Any signed-in account reports content; a second open report of the same content by the same account is 409. */
  async report(ctx: UserContext, dto: CreateReportDto): Promise<ReportView> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO content_reports (content_type, content_id, reason, reported_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (content_type, content_id, reported_by) WHERE status = 'pending' DO NOTHING RETURNING id`,
      [dto.content_type, dto.content_id, dto.reason, ctx.user_id],
    )) as { id: string }[];
    if (!row) throw new Conflict('You have already reported this content');
    return this.view(this.dataSource.manager, row.id);
  }

  async list(_ctx: UserContext, query: FlaggedContentQuery): Promise<ReportListView> {
    const page = resolvePage(query);
    const conditions: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['status', query.status],
      ['priority', query.priority],
      ['content_type', query.content_type],
    ] as const) {
      if (value === undefined) continue;
      params.push(value);
      conditions.push(`x.${column} = $${params.length}`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = (await this.dataSource.query(
      `SELECT x.*, count(*) OVER ()::int AS total FROM (${REPORTS}) x ${where}
        ORDER BY x.reports_on_content DESC, x.created_at ASC, x.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    )) as (ReportRow & { total: number })[];
    let total = rows[0]?.total;
    if (total === undefined) {
      const [count] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM (${REPORTS}) x ${where}`, params)) as {
        total: number;
      }[];
      total = count.total;
    }
    return listView('items', rows.map(toView), total, page);
  }

  async get(_ctx: UserContext, id: string): Promise<ReportView> {
    return this.view(this.dataSource.manager, id);
  }

  private async locked(manager: EntityManager, id: string): Promise<ReportRow> {
    const [row] = (await manager.query(`SELECT * FROM content_reports WHERE id = $1 FOR UPDATE`, [id])) as ReportRow[];
    if (!row) throw new NotFound('Report');
    return row;
  }

  /** Upholds or rejects a report; once its content is removed it stays as it is (409). */
  async resolve(ctx: UserContext, id: string, dto: ResolveReportDto): Promise<ReportView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.locked(manager, id);
      if (row.status === 'removed') throw new Conflict('The content of this report was removed; the report is closed');
      const status = dto.action === 'approve' ? 'approved' : 'rejected';
      const note = dto.action === 'reject' ? (dto.reason_for_rejection ?? null) : null;
      await manager.query(
        `UPDATE content_reports SET status = $2, resolved_by = $3, resolution_note = $4, resolved_at = now() WHERE id = $1`,
        [id, status, ctx.user_id, note],
      );
      await this.audit.append(manager, {
        ...byCaller(ctx),
        action: `admin.report.${status}`,
        resource_type: row.content_type,
        resource_id: row.content_id,
        user_id: row.reported_by,
        details: { report_id: id, note },
      });
      return this.view(manager, id);
    });
  }

  /**
   * Removes the reported content: every report of it closes as removed, and
   * `moderation.content.removed` tells the owning service to hide it, in one transaction.
   */
  async remove(ctx: UserContext, id: string, dto: RemoveContentDto): Promise<ReportView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.locked(manager, id);
      if (row.status === 'removed') throw new Conflict('This content was already removed');
      await manager.query(
        `UPDATE content_reports SET status = 'removed', resolved_by = $3, resolution_note = $4, resolved_at = now()
          WHERE content_type = $1 AND content_id = $2 AND status <> 'removed'`,
        [row.content_type, row.content_id, ctx.user_id, dto.reason ?? null],
      );
      const data: ContentRemovedData = {
        content_type: row.content_type as ContentRemovedData['content_type'],
        content_id: row.content_id,
        report_id: id,
        reason: dto.reason ?? null,
        actor_id: ctx.user_id,
      };
      await this.events.record(manager, 'moderation.content.removed', row.content_id, data);
      await this.audit.append(manager, {
        ...byCaller(ctx),
        action: 'admin.content.removed',
        resource_type: row.content_type,
        resource_id: row.content_id,
        user_id: row.reported_by,
        details: { report_id: id, reason: dto.reason ?? null },
      });
      return this.view(manager, id);
    });
  }
}
