import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A product sold by subscription; the catalogue is seeded by migration (ids 1..5). */
@Entity({ name: 'products' })
export class Product {
  @PrimaryColumn({ type: 'int' }) id: number;

  @Index('products_slug_key', { unique: true })
  @Column({ type: 'varchar', length: 50 })
  slug: string;

  @Column({ type: 'varchar', length: 100 }) name: string;

  @Column({ type: 'text' }) description: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" }) features: string[];

  @Column({ type: 'boolean', default: true }) active: boolean;

  @Column({ name: 'sort_order', type: 'int', default: 0 }) sortOrder: number;
}

/** A plan level: free, pro or enterprise; it sets the account tier rate limits read. */
@Entity({ name: 'plans' })
export class Plan {
  @PrimaryColumn({ type: 'int' }) id: number;

  @Index('plans_slug_key', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  slug: string;

  @Column({ type: 'varchar', length: 100 }) name: string;

  /** free | premium | enterprise */
  @Column({ type: 'varchar', length: 20 }) tier: string;

  @Column({ type: 'text' }) description: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" }) features: string[];

  /** null: unlimited. */
  @Column({ name: 'max_projects', type: 'int', nullable: true }) maxProjects: number | null;

  @Column({ name: 'sort_order', type: 'int', default: 0 }) sortOrder: number;
}

/** What a product costs at a plan level per billing period, in KRW. */
@Entity({ name: 'prices' })
@Index('prices_product_plan_type_key', ['productId', 'planId', 'planType'], { unique: true })
export class Price {
  @PrimaryGeneratedColumn() id: number;

  @Column({ name: 'product_id', type: 'int' }) productId: number;

  @Column({ name: 'plan_id', type: 'int' }) planId: number;

  /** monthly | annual */
  @Column({ name: 'plan_type', type: 'varchar', length: 10 }) planType: string;

  @Column({ name: 'amount_krw', type: 'int' }) amountKrw: number;
}
