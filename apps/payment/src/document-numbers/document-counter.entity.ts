import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last invoice number handed out per day: numbers without gaps or races (orders use a sequence). */
@Entity({ name: 'document_counters' })
export class DocumentCounter {
  @PrimaryColumn({ type: 'varchar', length: 20 }) kind: string;

  @PrimaryColumn({ type: 'date' }) day: string;

  @Column({ type: 'int' }) last: number;
}
