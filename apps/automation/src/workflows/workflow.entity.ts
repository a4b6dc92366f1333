import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WorkflowStep, WorkflowTrigger } from '@sf/contracts';

/** A user's workflow: what starts it and the graph of steps it runs. */
@Entity({ name: 'workflows' })
@Index('workflows_user_idx', ['userId', 'createdAt'])
@Index('workflows_event_trigger_idx', ['triggerEvent', 'userId'])
export class Workflow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'jsonb' }) trigger: WorkflowTrigger;
  /** The trigger's type and event type, as columns for the lookups by event. */
  @Column({ name: 'trigger_type', type: 'varchar', length: 20 }) triggerType: string;
  @Column({ name: 'trigger_event', type: 'varchar', length: 60, nullable: true }) triggerEvent: string | null;
  @Column({ type: 'jsonb' }) steps: WorkflowStep[];
  @Column({ name: 'is_active', type: 'boolean', default: true }) isActive: boolean;
  @Column({ name: 'template_id', type: 'varchar', length: 64, nullable: true }) templateId: string | null;
  @Column({ name: 'last_run_at', type: 'timestamptz', nullable: true }) lastRunAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Runs a user started per UTC day (workflow runs and task executions), against the plan's limit. */
@Entity({ name: 'daily_usage' })
export class DailyUsage {
  @Column({ name: 'user_id', type: 'uuid', primary: true }) userId: string;
  @Column({ type: 'date', primary: true }) day: string;
  @Column({ type: 'integer', default: 0 }) runs: number;
}
