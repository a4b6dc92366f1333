import { Column, Entity, PrimaryColumn } from 'typeorm';

/** AI calls one user made on one UTC day, against the plan's daily quota. */
@Entity({ name: 'ai_usage' })
export class AiUsage {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;

  @PrimaryColumn({ type: 'date' }) day: string;

  @Column({ type: 'integer', default: 0 }) calls: number;
}
