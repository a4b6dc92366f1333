import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The reward of a completed application, in KRW: tracked, not paid out (the platform or brand
 * pays; the reviewer confirms receipt).
 */
@Entity({ name: 'rewards' })
@Index('rewards_application_key', ['applicationId'], { unique: true })
@Index('rewards_user_idx', ['userId', 'recordedAt'])
export class Reward {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ name: 'source_platform', type: 'varchar', length: 30 }) sourcePlatform: string;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ type: 'varchar', length: 30 }) category: string;
  @Column({ name: 'amount_krw', type: 'integer' }) amountKrw: number;
  @Column({ type: 'varchar', length: 3, default: 'KRW' }) currency: 'KRW';
  @Column({ type: 'varchar', length: 10, default: 'pending' }) status: 'pending' | 'received';
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @Column({ name: 'received_at', type: 'timestamptz', nullable: true }) receivedAt: Date | null;
}
