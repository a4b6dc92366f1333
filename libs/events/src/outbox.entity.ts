import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/** An event written in the same transaction as the change it announces; the relay publishes it. */
@Entity({ name: 'outbox' })
@Index('outbox_pending_idx', ['position'], { where: 'published_at IS NULL' })
export class OutboxEvent {
  /** The event id, also the `Nats-Msg-Id` that lets JetStream drop a re-publish. */
  @PrimaryColumn('uuid') id: string;

  /** Commit order within the service, so the relay publishes in order. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  position: string;

  @Column({ type: 'varchar', length: 100 }) type: string;

  @Column({ type: 'varchar', length: 100 }) subject: string;

  @Column({ type: 'jsonb' }) data: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;

  /** W3C trace context of the request that recorded it; travels in the CloudEvent. */
  @Column({ type: 'varchar', length: 55, nullable: true }) traceparent: string | null;
}

/** The events a consumer has applied; its effect and this row commit together. */
@Entity({ name: 'inbox' })
export class InboxEntry {
  @PrimaryColumn({ type: 'varchar', length: 100 }) consumer: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' }) processedAt: Date;
}

export const EVENT_ENTITIES = [OutboxEvent, InboxEntry];
