import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { IconType } from '@sf/contracts';

/** A user's public link-in-bio page: its address. */
@Entity({ name: 'bio_pages' })
@Index('bio_pages_slug_key', ['slug'], { unique: true })
export class BioPage {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 40 }) slug: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One link of a page. */
@Entity({ name: 'bio_links' })
@Index('bio_links_user_position_idx', ['userId', 'position'])
export class BioLink {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 100 }) title: string;

  @Column({ type: 'varchar', length: 2048 }) url: string;

  @Column({ name: 'icon_type', type: 'varchar', length: 20, default: 'link' }) iconType: IconType;

  @Column({ type: 'integer', default: 0 }) position: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One visit through a link's public address. */
@Entity({ name: 'link_clicks' })
@Index('link_clicks_link_time_idx', ['linkId', 'clickedAt'])
export class LinkClick {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;

  @Column({ name: 'link_id', type: 'uuid' }) linkId: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ name: 'clicked_at', type: 'timestamptz', default: () => 'now()' }) clickedAt: Date;

  /** From `utm_source`/`src`, else the referrer's host; `direct` when neither says. */
  @Column({ type: 'varchar', length: 50 }) platform: string;

  @Column({ type: 'varchar', length: 500, nullable: true }) referrer: string | null;
}
