import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { DateFormat, LanguageCode, Theme } from '@sf/contracts';
import { User } from '../accounts/user.entity';

/** One row per account that saved preferences; the account's deletion takes it along. */
@Entity({ name: 'user_preferences' })
export class UserPreferences {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 8 }) language: LanguageCode;
  @Column({ type: 'varchar', length: 64 }) timezone: string;
  @Column({ type: 'varchar', length: 10 }) theme: Theme;
  @Column({ name: 'date_format', type: 'varchar', length: 16 }) dateFormat: DateFormat;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
