import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { CallerContext } from '@sf/contracts';
import { AuditEntry } from './audit-entry.entity';

/** What one audit line says; the log adds its place in the chain. */
export interface AuditRecord {
  action: string;
  resource_type: string;
  resource_id?: string | null;
  /** The account the line is about. */
  user_id?: string | null;
  actor_id?: string | null;
  impersonator_id?: string | null;
  ip?: string | null;
  request_id?: string | null;
  details?: Record<string, unknown>;
  /** When it happened (an event's time); now when absent. */
  at?: Date;
}

/** The hash of the row before the first. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth: jsonb does not keep the order it was given. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value instanceof Date ? value.toISOString() : (value ?? null));
}

/** A row's hash: its content and the previous row's hash. */
export function hashOf(row: Omit<AuditEntry, 'hash'>): string {
  const content = canonical({
    seq: String(row.seq),
    id: row.id,
    actor_id: row.actorId,
    impersonator_id: row.impersonatorId,
    user_id: row.userId,
    action: row.action,
    resource_type: row.resourceType,
    resource_id: row.resourceId,
    ip: row.ip,
    request_id: row.requestId,
    details: row.details,
    created_at: row.createdAt.toISOString(),
  });
  return createHash('sha256').update(row.prevHash).update(content).digest('hex');
}

/** The caller's part of an audit line. */
export function byCaller(ctx: CallerContext): Pick<AuditRecord, 'actor_id' | 'impersonator_id' | 'ip' | 'request_id'> {
  return { actor_id: ctx.user_id, impersonator_id: ctx.impersonator_id ?? null, ip: ctx.ip, request_id: ctx.request_id };
}

/** The chain as checked: valid, or where it first breaks. */
export interface ChainCheck {
  valid: boolean;
  checked: number;
  first_broken_seq: number | null;
}

/** The audit log: appended to in the caller's transaction, one writer at a time, never changed. */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, record: AuditRecord): Promise<AuditEntry> {
    // The chain has one order: appends wait for each other until the appending transaction ends.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('admin.audit_log'))`);
    const [last] = (await manager.query(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`)) as { seq: string; hash: string }[];
    const row: Omit<AuditEntry, 'hash'> = {
      seq: String(last ? BigInt(last.seq) + 1n : 1n),
      id: randomUUID(),
      actorId: record.actor_id ?? null,
      impersonatorId: record.impersonator_id ?? null,
      userId: record.user_id ?? null,
      action: record.action,
      resourceType: record.resource_type,
      resourceId: record.resource_id ?? null,
      ip: record.ip?.slice(0, 64) ?? null,
      requestId: record.request_id?.slice(0, 100) ?? null,
      details: record.details ?? {},
      createdAt: new Date(Math.floor((record.at ?? new Date()).getTime())),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry = { ...row, hash: hashOf(row) };
    await manager.query(
      `INSERT INTO audit_log (seq, id, actor_id, impersonator_id, user_id, action, resource_type, resource_id, ip, request_id, details, created_at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        entry.seq,
        entry.id,
        entry.actorId,
        entry.impersonatorId,
        entry.userId,
        entry.action,
        entry.resourceType,
        entry.resourceId,
        entry.ip,
        entry.requestId,
        JSON.stringify(entry.details),
        entry.createdAt,
        entry.prevHash,
        entry.hash,
      ],
    );
    return entry;
  }

  /** Recomputes every row's hash in order; the first that differs, or that names another predecessor, breaks the chain. */
  async verify(): Promise<ChainCheck> {
    let previous = GENESIS_HASH;
    let expectedSeq = 1n;
    let checked = 0;
    const batch = 1000;
    for (let after = '0'; ;) {
      const rows = await this.dataSource
        .getRepository(AuditEntry)
        .createQueryBuilder('a')
        .where('a.seq > :after', { after })
        .orderBy('a.seq', 'ASC')
        .take(batch)
        .getMany();
      for (const row of rows) {
        const { hash, ...rest } = row;
        if (BigInt(row.seq) !== expectedSeq || row.prevHash !== previous || hashOf(rest) !== hash)
          return { valid: false, checked, first_broken_seq: Number(expectedSeq) };
        previous = hash;
        expectedSeq += 1n;
        checked += 1;
      }
      if (rows.length < batch) return { valid: true, checked, first_broken_seq: null };
      after = rows[rows.length - 1].seq;
    }
  }
}
