import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Where a user's mail goes, as auth's account events say; dropped with the account. */
@Entity({ name: 'recipients' })
export class Recipient {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 254 }) email: string;

  @Column({ type: 'varchar', length: 200 }) name: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
