import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { FileCategory, PreviewStatus } from '@sf/contracts';

/** `uploading` until checked and recorded, `ready` while the owner has it, `deleting` until S3 is clean. */
export type FileStatus = 'uploading' | 'ready' | 'deleting';
/** Through the gateway (S3 multipart, parts streamed) or straight from the client (one presigned PUT). */
export type UploadKind = 'multipart' | 'direct';

/** A user's file: one object under `users/<user>/<file>/` in the bucket, plus its thumbnail. */
@Entity({ name: 'files' })
@Index('files_user_status_created_idx', ['userId', 'status', 'createdAt'])
@Index('files_status_idx', ['status'])
export class StoredFile {
  @PrimaryColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 16 }) status: FileStatus;

  /** Declared with a direct upload; known at completion for a streamed one. */
  @Column({ type: 'varchar', length: 16, nullable: true }) category: FileCategory | null;

  @Column({ name: 'original_filename', type: 'varchar', length: 255 }) originalFilename: string;

  @Column({ name: 'object_key', type: 'varchar', length: 512 }) objectKey: string;

  /** Found from the bytes once checked. */
  @Column({ name: 'content_type', type: 'varchar', length: 100, nullable: true }) contentType: string | null;

  /** Bytes: declared for a direct upload until checked, then the object's own size. */
  @Column({ type: 'integer', nullable: true }) size: number | null;

  @Column({ name: 'upload_kind', type: 'varchar', length: 16 }) uploadKind: UploadKind;

  /** The S3 multipart upload while one is open. */
  @Column({ name: 'upload_id', type: 'varchar', length: 1024, nullable: true }) uploadId: string | null;

  /** When the upload URLs stop working; past it (and a grace period) the sweeper drops the upload. */
  @Column({ name: 'upload_expires_at', type: 'timestamptz', nullable: true }) uploadExpiresAt: Date | null;

  @Column({ name: 'preview_status', type: 'varchar', length: 16, default: 'none' }) previewStatus: PreviewStatus;

  @Column({ name: 'preview_key', type: 'varchar', length: 512, nullable: true }) previewKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @Column({ name: 'uploaded_at', type: 'timestamptz', nullable: true }) uploadedAt: Date | null;

  @Column({ name: 'deleting_since', type: 'timestamptz', nullable: true }) deletingSince: Date | null;
}
