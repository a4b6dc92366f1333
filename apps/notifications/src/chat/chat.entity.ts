import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Who the parties of something shareable are (a booking's guest and chef), kept from its events. */
@Entity({ name: 'chat_subjects' })
export class ChatSubject {
  @PrimaryColumn({ name: 'subject_type', type: 'varchar', length: 40 }) subjectType: string;

  @PrimaryColumn({ name: 'subject_id', type: 'uuid' }) subjectId: string;

  @Column({ name: 'party_ids', type: 'uuid', array: true }) partyIds: string[];

  @Column({ type: 'varchar', length: 30 }) status: string;

  /** When it reached a final state (cancelled, declined, refunded, completed), or null. */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt: Date | null;
}

/** One thread per subject, between its parties. */
@Entity({ name: 'chat_threads' })
@Index('chat_threads_subject_idx', ['subjectType', 'subjectId'], { unique: true })
export class ChatThread {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 40 }) subjectType: string;

  @Column({ name: 'subject_id', type: 'uuid' }) subjectId: string;

  @Column({ name: 'participant_ids', type: 'uuid', array: true }) participantIds: string[];

  @Column({ name: 'last_message_at', type: 'timestamptz', nullable: true }) lastMessageAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A plain-text message, bounded in size; deleting one removes it. */
@Entity({ name: 'chat_messages' })
@Index('chat_messages_thread_idx', ['threadId', 'createdAt'])
export class ChatMessage {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'thread_id', type: 'uuid' }) threadId: string;

  @ManyToOne(() => ChatThread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: ChatThread;

  @Column({ name: 'sender_id', type: 'uuid' }) senderId: string;

  @Column({ type: 'varchar', length: 4000 }) body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true }) editedAt: Date | null;
}
