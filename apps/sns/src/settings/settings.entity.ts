import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One user's SNS settings; a user without a row has the defaults. */
@Entity({ name: 'settings' })
export class SnsSettings {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ name: 'banned_keywords', type: 'jsonb', default: () => "'[]'" }) bannedKeywords: string[];

  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'Asia/Seoul' }) timeZone: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
