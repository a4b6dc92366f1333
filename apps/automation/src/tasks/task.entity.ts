import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TaskStatus, TaskType } from '@sf/contracts';

/** One AI step a user runs on its own, asynchronously, as often as they execute it. */
@Entity({ name: 'tasks' })
@Index('tasks_user_idx', ['userId', 'createdAt'])
export class Task {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 20 }) type: TaskType;
  @Column({ type: 'jsonb' }) params: Record<string, unknown>;
  @Column({ type: 'varchar', length: 12 }) status: TaskStatus;
  @Column({ type: 'jsonb', nullable: true }) output: Record<string, unknown> | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  /** Bumped by each execution: a job of an older execution finds it moved on and does nothing. */
  @Column({ type: 'integer', default: 0 }) executions: number;
  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true }) queuedAt: Date | null;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
