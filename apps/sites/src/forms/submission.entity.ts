import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a visitor sent through a published form, kept for the site's owner. */
@Entity({ name: 'form_submissions' })
@Index('form_submissions_site_idx', ['siteId', 'submittedAt'])
@Index('form_submissions_component_idx', ['componentId', 'submittedAt'])
export class FormSubmission {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'site_id', type: 'uuid' }) siteId: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId: string;
  @Column({ name: 'component_id', type: 'uuid' }) componentId: string;
  @Column({ type: 'jsonb' }) fields: Record<string, string>;
  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
}
