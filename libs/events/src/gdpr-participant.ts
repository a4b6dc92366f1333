import { Injectable, InjectionToken, Logger, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { ConsumerDefinition, GdprDeleteRequestedData, GdprExportRequestedData, GdprRequestEventMap } from '@sf/contracts';
import type { EventSelection } from '@sf/contracts';
import { DomainEvents } from './domain-events';
import { EventConsumers } from './event-consumers';

/** One table of a service's schema that holds a user's rows. */
export interface GdprTable {
  table: string;
  /** SQL condition selecting the user's rows, `$1` being the user id; `user_id = $1` when absent. */
  where?: string;
  /**
   * What deletion does with the rows: `delete` them (the default); `anonymise` them, keeping the
   * rows with these columns set (SQL expressions; `$2` is a fresh id standing for the user, the
   * same in every table); or `keep` them untouched (their deletion follows from another table's).
   */
  erase?: 'delete' | 'keep' | { anonymise: Record<string, string> };
  /** Left out of the export (derived data); secrets are always left out (see {@link isSecretColumn}). */
  exported?: boolean;
}

/** Where a service keeps a user's data, in the order deletion goes through it (children first). */
export interface GdprDataMap {
  tables: GdprTable[];
  /** Runs before the deletion's transaction (may run again on a retry): objects outside the database, say. */
  beforeErase?(userId: string): Promise<void>;
  /** Runs after the rows went, in the same transaction: announce the deletion, say. */
  afterErase?(manager: EntityManager, userId: string, rows: number): Promise<void>;
}

/** Columns never exported: hashes, encrypted or sealed secrets, search vectors. */
export function isSecretColumn(name: string): boolean {
  return /(_hash|_enc|_encrypted|_sealed|secret|search_vector)$/.test(name);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A service's rows about one user, table by table, as one export part holds them. */
export async function collectGdprData(manager: EntityManager, map: GdprDataMap, userId: string): Promise<Record<string, object[]>> {
  const tables: Record<string, object[]> = {};
  for (const table of map.tables) {
    if (table.exported === false) continue;
    const rows = (await manager.query(`SELECT * FROM "${table.table}" WHERE ${table.where ?? 'user_id = $1'}`, [userId])) as Record<
      string,
      unknown
    >[];
    tables[table.table] = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !isSecretColumn(column))));
  }
  return tables;
}

/** Deletes or anonymises a user's rows as the map says; answers how many rows changed. */
export async function eraseGdprData(manager: EntityManager, map: GdprDataMap, userId: string): Promise<number> {
  const standIn = randomUUID();
  let changed = 0;
  for (const table of map.tables) {
    const erase = table.erase ?? 'delete';
    if (erase === 'keep') continue;
    const where = table.where ?? 'user_id = $1';
    if (erase === 'delete') {
      const [, count] = (await manager.query(`DELETE FROM "${table.table}" WHERE ${where}`, [userId])) as [unknown, number];
      changed += count ?? 0;
      continue;
    }
    const sets = Object.entries(erase.anonymise).map(([column, value]) => `"${column}" = ${value}`);
    const [, count] = (await manager.query(`UPDATE "${table.table}" SET ${sets.join(', ')} WHERE ${where}`, [userId, standIn])) as [
      unknown,
      number,
    ];
    changed += count ?? 0;
  }
  if (map.afterErase) await map.afterErase(manager, userId, changed);
  return changed;
}

type RequestSelection = EventSelection<GdprRequestEventMap, 'gdpr.export.requested' | 'gdpr.delete.requested'>;

/**
 * A service's part in GDPR export and deletion (ADR 0016): reads admin's requests through the
 * service's `<service>-gdpr` consumer; for an export it uploads its rows about the user as JSON to
 * the URL admin gave it (before the inbox transaction; a retry uploads again), for a deletion it
 * deletes or anonymises them; either way it answers with `gdpr.<kind>.part_completed`, recorded
 * with the effect.
 */
@Injectable()
export class GdprParticipant implements OnApplicationBootstrap {
  private readonly logger = new Logger('GdprParticipant');

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumers: EventConsumers,
    private readonly events: DomainEvents,
    private readonly feed: ConsumerDefinition<RequestSelection>,
    private readonly map: GdprDataMap,
  ) {
    for (const table of map.tables) if (!IDENTIFIER.test(table.table)) throw new Error(`not a table name: ${table.table}`);
  }

  get service(): string {
    return this.feed.service;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register<RequestSelection, number | null>(this.feed, {
      prepare: async (event) => {
        if (event.type === 'gdpr.export.requested') return this.upload(event.data);
        if (event.data.services.includes(this.service)) await this.map.beforeErase?.(event.data.user_id);
        return null;
      },
      handle: async (event, manager, exported) => {
        if (event.type === 'gdpr.export.requested') {
          if (exported === null || exported === undefined) return; // not asked of this service
          await this.answer(manager, 'gdpr.export.part_completed', event.data.request_id, event.data.user_id, exported);
          return;
        }
        const data: GdprDeleteRequestedData = event.data;
        if (!data.services.includes(this.service)) return;
        const rows = await eraseGdprData(manager, this.map, data.user_id);
        this.logger.log({ request_id: data.request_id, rows }, "erased a user's data");
        await this.answer(manager, 'gdpr.delete.part_completed', data.request_id, data.user_id, rows);
      },
    });
  }

  /** Puts this service's part where admin asked; null when the request has no part for it. */
  private async upload(data: GdprExportRequestedData): Promise<number | null> {
    const target = data.parts.find((p) => p.service === this.service);
    if (!target) return null;
    const tables = await collectGdprData(this.dataSource.manager, this.map, data.user_id);
    const rows = Object.values(tables).reduce((sum, t) => sum + t.length, 0);
    const body = JSON.stringify({
      service: this.service,
      request_id: data.request_id,
      user_id: data.user_id,
      exported_at: new Date().toISOString(),
      tables,
    });
    const response = await fetch(target.url, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });
    if (!response.ok) throw new Error(`export part upload answered ${response.status}`);
    return rows;
  }

  private async answer(
    manager: EntityManager,
    type: 'gdpr.export.part_completed' | 'gdpr.delete.part_completed',
    requestId: string,
    userId: string,
    rows: number,
  ): Promise<void> {
    await this.events.record(manager, type, userId, { request_id: requestId, user_id: userId, service: this.service, rows });
  }
}

/**
 * The provider a service module lists to take part in GDPR export and deletion; a map that needs
 * the service's providers comes from `useFactory` with them injected.
 */
export function gdprParticipant(
  feed: ConsumerDefinition<RequestSelection>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  map: GdprDataMap | { useFactory: (...deps: any[]) => GdprDataMap; inject: InjectionToken[] },
): Provider {
  const factory = 'useFactory' in map ? map : { useFactory: () => map, inject: [] };
  return {
    provide: GdprParticipant,
    useFactory: (dataSource: DataSource, consumers: EventConsumers, events: DomainEvents, ...deps: unknown[]) =>
      new GdprParticipant(dataSource, consumers, events, feed, factory.useFactory(...deps)),
    inject: [getDataSourceToken(), EventConsumers, DomainEvents, ...factory.inject],
  };
}
