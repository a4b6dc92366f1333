import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What review knows of a user, from auth's `user.registered|updated` events: the name owners see. */
@Entity({ name: 'user_profiles' })
export class UserProfile {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
