import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A site its owner builds; served at `/sites/<slug>/` once a version is live. */
@Entity({ name: 'sites' })
@Index('sites_slug_key', ['slug'], { unique: true })
@Index('sites_owner_idx', ['ownerId', 'createdAt'])
export class Site {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 50 }) slug: string;
  /** The version served, or null before the first publish. */
  @Column({ name: 'live_version', type: 'integer', nullable: true }) liveVersion: number | null;
  /** The number the next publish takes; versions are never renumbered. */
  @Column({ name: 'next_version', type: 'integer', default: 1 }) nextVersion: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One rendered page of a version: where its HTML is and how it is served. */
export interface VersionPage {
  path: string;
  title: string;
  key: string;
  etag: string;
  bytes: number;
  content_security_policy: string;
}

/** One form of a version: what a submission to it may carry. */
export interface VersionForm {
  component_id: string;
  fields: { name: string; required: boolean }[];
  /** The path of the page the form is on, and its success message (versions published before they were kept have neither). */
  page_path?: string;
  success_message?: string | null;
}

/** A published version of a site: its pages' objects in S3 (under `sites/<site>/v<n>/`) and its forms. */
@Entity({ name: 'site_versions' })
export class SiteVersion {
  @PrimaryColumn({ name: 'site_id', type: 'uuid' }) siteId: string;
  @PrimaryColumn({ type: 'integer' }) version: number;
  @Column({ type: 'jsonb' }) pages: VersionPage[];
  @Column({ type: 'jsonb' }) forms: VersionForm[];
  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' }) publishedAt: Date;
}
