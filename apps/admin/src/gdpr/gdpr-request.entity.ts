import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { GdprRequestKind, GdprRequestState } from '@sf/contracts';

/**
 * One GDPR export or deletion of one user's data. Kept after the user is gone: it is the record
 * that the export was given or the erasure done.
 */
@Entity({ name: 'gdpr_requests' })
@Index('gdpr_requests_subject_idx', ['subjectUserId', 'createdAt'])
@Index('gdpr_requests_state_idx', ['state', 'deadlineAt'])
export class GdprRequest {
  @PrimaryColumn('uuid') id: string;

  @Column({ type: 'varchar', length: 10 }) kind: GdprRequestKind;

  @Column({ type: 'varchar', length: 12 }) state: GdprRequestState;

  @Column({ name: 'subject_user_id', type: 'uuid' }) subjectUserId: string;

  /** The admin who asked; null when the user deleted their own account. */
  @Column({ name: 'requested_by', type: 'uuid', nullable: true }) requestedBy: string | null;

  /** The services asked, as `GDPR_SERVICES` listed them when the request started. */
  @Column({ type: 'varchar', array: true, default: () => "'{}'" }) services: string[];

  /** Deletions: when the grace period ends. */
  @Column({ name: 'scheduled_for', type: 'timestamptz', nullable: true }) scheduledFor: Date | null;

  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true }) deadlineAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;

  @Column({ type: 'varchar', array: true, default: () => "'{}'" }) missing: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One service's answer to a request. */
@Entity({ name: 'gdpr_request_parts' })
export class GdprRequestPart {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' }) requestId: string;

  @PrimaryColumn({ type: 'varchar', length: 50 }) service: string;

  @Column({ type: 'integer' }) rows: number;

  @Column({ name: 'completed_at', type: 'timestamptz' }) completedAt: Date;
}
