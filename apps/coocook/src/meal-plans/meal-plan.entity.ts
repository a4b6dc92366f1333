import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { MealType } from '@sf/contracts';

export interface StoredMealEntry {
  date: string;
  meal_type: MealType;
  recipe_id: string | null;
  servings: number | null;
  note: string | null;
}

/** A user's plan of meals over a range of days; private to its owner. */
@Entity({ name: 'meal_plans' })
@Index('meal_plans_user_start_idx', ['userId', 'startDate'])
export class MealPlan {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 100 }) name: string;

  @Column({ name: 'start_date', type: 'date' }) startDate: string;

  @Column({ name: 'end_date', type: 'date' }) endDate: string;

  @Column({ type: 'text', nullable: true }) notes: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" }) meals: StoredMealEntry[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
