import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AutomationStatus, Frequency, SnsPlatform } from '@sf/contracts';

/** Posting on a topic at a frequency; each run has the AI provider write the post. */
@Entity({ name: 'automations' })
@Index('automations_user_created_idx', ['userId', 'createdAt'])
export class SnsAutomation {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 500 }) topic: string;

  @Column({ type: 'jsonb' }) platforms: SnsPlatform[];

  @Column({ type: 'varchar', length: 10 }) frequency: Frequency;

  @Column({ type: 'text', nullable: true }) description: string | null;

  @Column({ name: 'time_of_day', type: 'varchar', length: 5, default: '09:00' }) timeOfDay: string;

  @Column({ type: 'varchar', length: 20, nullable: true }) tone: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true }) language: string | null;

  @Column({ type: 'varchar', length: 10, default: 'active' }) status: AutomationStatus;

  @Column({ name: 'next_run', type: 'timestamptz', nullable: true }) nextRun: Date | null;

  @Column({ name: 'last_run', type: 'timestamptz', nullable: true }) lastRun: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;

  @Column({ name: 'runs_count', type: 'integer', default: 0 }) runsCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
