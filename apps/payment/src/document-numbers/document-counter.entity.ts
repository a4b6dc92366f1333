import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last number handed out per kind of document and day: numbers without gaps or races. */
@Entity({ name: 'document_counters' })
export class DocumentCounter {
  @PrimaryColumn({ type: 'varchar', length: 20 }) kind: string;

  @PrimaryColumn({ type: 'date' }) day: string;

  @Column({ type: 'int' }) last: number;
}
