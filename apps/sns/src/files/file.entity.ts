import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A file the storage service recorded (from `file.uploaded`, gone at `file.deleted`): who owns it. */
@Entity({ name: 'files' })
@Index('files_user_idx', ['userId'])
export class SnsFile {
  @PrimaryColumn({ name: 'file_id', type: 'uuid' }) fileId: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 20 }) category: string;

  @Column({ name: 'content_type', type: 'varchar', length: 200 }) contentType: string;
}
