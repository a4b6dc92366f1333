import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { WebhookDeliveryStatus } from '@sf/contracts';

/** A customer's endpoint; its signing secret is stored sealed (AES-256-GCM), never in the clear. */
@Entity({ name: 'webhook_endpoints' })
@Index('webhook_endpoints_user_idx', ['userId', 'createdAt'])
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 2048 }) url: string;

  @Column({ type: 'text', array: true }) events: string[];

  @Column({ type: 'varchar', length: 200, nullable: true }) description: string | null;

  @Column({ name: 'secret_sealed', type: 'text' }) secretSealed: string;

  @Column({ type: 'boolean', default: true }) active: boolean;

  @Column({ name: 'disabled_reason', type: 'varchar', length: 200, nullable: true }) disabledReason: string | null;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 }) consecutiveFailures: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One event for one endpoint; its id is the `X-Webhook-Id` of every attempt. The body is fixed at creation. */
@Entity({ name: 'webhook_deliveries' })
@Index('webhook_deliveries_endpoint_idx', ['endpointId', 'createdAt'])
export class WebhookDelivery {
  @PrimaryColumn('uuid') id: string;

  @Column({ name: 'endpoint_id', type: 'uuid' }) endpointId: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: WebhookEndpoint;

  @Column({ type: 'varchar', length: 100 }) event: string;

  @Column({ type: 'text' }) body: string;

  @Column({ type: 'varchar', length: 20 }) status: WebhookDeliveryStatus;

  @Column({ type: 'integer', default: 0 }) attempts: number;

  /** Attempts allowed in all; a redelivery grants a fresh round. */
  @Column({ name: 'attempt_limit', type: 'integer' }) attemptLimit: number;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true }) lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true }) lastError: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
