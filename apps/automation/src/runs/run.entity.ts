import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RunStatus, RunStepStatus, WorkflowStep } from '@sf/contracts';

/** One run of a workflow, with the steps it was started with (a later edit does not change it). */
@Entity({ name: 'workflow_runs' })
@Index('workflow_runs_workflow_idx', ['workflowId', 'createdAt'])
@Index('workflow_runs_trigger_event_uq', ['workflowId', 'triggerEventId'], { unique: true, where: '"trigger_event_id" IS NOT NULL' })
export class WorkflowRun {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'workflow_id', type: 'uuid' }) workflowId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 12 }) status: RunStatus;
  @Column({ name: 'trigger_type', type: 'varchar', length: 20 }) triggerType: string;
  @Column({ name: 'trigger_event_type', type: 'varchar', length: 60, nullable: true }) triggerEventType: string | null;
  /** The event that started it: one run per workflow and event, however often it is delivered. */
  @Column({ name: 'trigger_event_id', type: 'varchar', length: 100, nullable: true }) triggerEventId: string | null;
  @Column({ name: 'trigger_data', type: 'jsonb' }) triggerData: Record<string, unknown>;
  @Column({ type: 'jsonb' }) steps: WorkflowStep[];
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One step of a run: made when the run reaches it, executed once (its key), retried while attempts remain. */
@Entity({ name: 'run_steps' })
@Index('run_steps_run_idx', ['runId', 'seq'])
@Index('run_steps_key_uq', ['idempotencyKey'], { unique: true })
export class RunStep {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'run_id', type: 'uuid' }) runId: string;
  @Column({ name: 'step_id', type: 'varchar', length: 40 }) stepId: string;
  /** The order the run reached its steps in. */
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'varchar', length: 20 }) type: string;
  @Column({ type: 'varchar', length: 12 }) status: RunStepStatus;
  @Column({ name: 'idempotency_key', type: 'varchar', length: 100 }) idempotencyKey: string;
  @Column({ type: 'jsonb', nullable: true }) input: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) output: Record<string, unknown> | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}
