import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ComponentType } from '@sf/contracts';

/** One block of a page, of a declared type, with props its type's schema accepted. */
@Entity({ name: 'components' })
@Index('components_page_position_idx', ['pageId', 'position'])
@Index('components_site_idx', ['siteId'])
export class SiteComponent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'page_id', type: 'uuid' }) pageId: string;
  @Column({ name: 'site_id', type: 'uuid' }) siteId: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId: string;
  @Column({ type: 'varchar', length: 20 }) type: ComponentType;
  @Column({ type: 'jsonb' }) props: Record<string, unknown>;
  @Column({ type: 'integer' }) position: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
