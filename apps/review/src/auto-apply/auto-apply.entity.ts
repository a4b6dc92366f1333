import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A user's standing order: apply with these accounts to listings that match. */
@Entity({ name: 'auto_apply_rules' })
@Index('auto_apply_rules_user_idx', ['userId', 'createdAt'])
export class AutoApplyRule {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) categories: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) platforms: string[];
  @Column({ name: 'min_reward_krw', type: 'integer', default: 0 }) minRewardKrw: number;
  /** Only listings that take at most this many reviewers (a smaller field, a better chance). */
  @Column({ name: 'max_applicants', type: 'integer', nullable: true }) maxApplicants: number | null;
  @Column({ name: 'preferred_accounts', type: 'uuid', array: true, default: () => "'{}'" }) preferredAccounts: string[];
  @Column({ name: 'is_active', type: 'boolean', default: true }) isActive: boolean;
  @Column({ name: 'last_run_at', type: 'timestamptz', nullable: true }) lastRunAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One execution of a user's rules: by hand (`run`) or after a scrape found new listings. */
@Entity({ name: 'auto_apply_runs' })
@Index('auto_apply_runs_user_idx', ['userId', 'startedAt'])
export class AutoApplyRun {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 10 }) trigger: 'manual' | 'scrape';
  @Column({ name: 'rules_run', type: 'integer' }) rulesRun: number;
  @Column({ name: 'applications_created', type: 'integer' }) applicationsCreated: number;
  @Column({ name: 'accounts_used', type: 'integer' }) accountsUsed: number;
  @Column({ name: 'application_ids', type: 'uuid', array: true, default: () => "'{}'" }) applicationIds: string[];
  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' }) startedAt: Date;
}
