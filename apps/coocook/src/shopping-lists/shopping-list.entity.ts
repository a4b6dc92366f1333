import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface StorePrice {
  store: string;
  price_krw: number;
}

/** A user's shopping list; private to its owner. */
@Entity({ name: 'shopping_lists' })
@Index('shopping_lists_user_created_idx', ['userId', 'createdAt'])
export class ShoppingList {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 100 }) name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * One line of a list. `name_key` + `unit_key` say which lines are "the same ingredient in the same
 * unit", so adding a recipe merges into them instead of repeating them.
 */
@Entity({ name: 'shopping_list_items' })
@Index('shopping_list_items_list_idx', ['listId', 'position'])
@Index('shopping_list_items_merge_idx', ['listId', 'nameKey', 'unitKey'])
export class ShoppingListItem {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'list_id', type: 'uuid' }) listId: string;

  @ManyToOne(() => ShoppingList, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'list_id' })
  list?: ShoppingList;

  @Column({ type: 'integer' }) position: number;

  @Column({ type: 'varchar', length: 100 }) name: string;

  @Column({ name: 'name_key', type: 'varchar', length: 100 }) nameKey: string;

  @Column({ type: 'double precision', nullable: true }) quantity: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true }) unit: string | null;

  @Column({ name: 'unit_key', type: 'varchar', length: 20, default: '' }) unitKey: string;

  @Column({ type: 'boolean', default: false }) bought: boolean;

  @Column({ name: 'bought_at', type: 'timestamptz', nullable: true }) boughtAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true }) note: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" }) prices: StorePrice[];

  @Column({ name: 'recipe_ids', type: 'uuid', array: true, default: () => "'{}'" }) recipeIds: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
