import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One string in one language. `module` is the key's first part, for listing a module's strings. */
@Entity('translations')
@Index('translations_language_module_idx', ['language', 'module', 'key'])
export class Translation {
  @PrimaryColumn({ type: 'varchar', length: 5 }) language: string;
  @PrimaryColumn({ type: 'varchar', length: 200 }) key: string;
  @Column({ type: 'varchar', length: 50 }) module: string;
  @Column({ type: 'text' }) value: string;
  /** Who last set it; null for the strings the platform ships with. */
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy: string | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
