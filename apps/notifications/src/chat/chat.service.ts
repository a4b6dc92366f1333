import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ChatMessageDto,
  ChatMessageListView,
  ChatMessagesQuery,
  ChatMessageView,
  ChatPartiesView,
  ChatSubjectType,
  ChatThreadListView,
  ChatThreadView,
  listView,
  OpenThreadDto,
  PageQuery,
  resolvePage,
  UserContext,
} from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { Conflict, Forbidden, NotFound } from '@sf/errors';
import { PushPublisher } from '../pushes/push-publisher';
import { inTransaction } from '@sf/idempotency';

/** How long after its subject ended a thread still takes messages; it stays readable for good. */
const OPEN_AFTER_END_MS = 30 * 86_400_000;

interface ThreadRow {
  id: string;
  subject_type: ChatSubjectType;
  subject_id: string;
  participant_ids: string[];
  last_message_at: Date | null;
  created_at: Date;
  ended_at: Date | null;
}

interface MessageRow {
  id: string;
  thread_id: string;
  sender_id: string;
  body: string;
  created_at: Date;
  edited_at: Date | null;
}

const THREAD_COLUMNS = 't.id, t.subject_type, t.subject_id, t.participant_ids, t.last_message_at, t.created_at, s.ended_at';
const THREAD_FROM = 'chat_threads t LEFT JOIN chat_subjects s ON s.subject_type = t.subject_type AND s.subject_id = t.subject_id';
const MESSAGE_COLUMNS = 'id, thread_id, sender_id, body, created_at, edited_at';

const isOpen = (row: { ended_at: Date | null }) => row.ended_at === null || Date.now() - row.ended_at.getTime() < OPEN_AFTER_END_MS;

function toThreadView(row: ThreadRow): ChatThreadView {
  return {
    id: row.id,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    participant_ids: row.participant_ids,
    open: isOpen(row),
    last_message_at: row.last_message_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}

function toMessageView(row: MessageRow): ChatMessageView {
  return {
    id: row.id,
    thread_id: row.thread_id,
    sender_id: row.sender_id,
    body: row.body,
    created_at: row.created_at.toISOString(),
    edited_at: row.edited_at?.toISOString() ?? null,
  };
}

/**
 * Threads between the parties of a shared subject. Only a party sees a thread (anyone else: 404);
 * a party keeps read access after the subject ends; every change is pushed on `/chat` to both.
 */
@Injectable()
export class ChatService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pushes: PushPublisher,
  ) {}

  /** Keeps a booking's parties and state, from its events (in the consumer's transaction). */
  async recordBooking(manager: EntityManager, bookingId: string, partyIds: string[], status: string): Promise<void> {
    const ended = ['cancelled', 'declined', 'refunded', 'completed'].includes(status);
    await manager.query(
      `INSERT INTO chat_subjects (subject_type, subject_id, party_ids, status, ended_at) VALUES ('coocook.booking', $1, $2, $3, CASE WHEN $4::boolean THEN now() END)
       ON CONFLICT (subject_type, subject_id) DO UPDATE SET status = $3,
         ended_at = CASE WHEN $4::boolean THEN COALESCE(chat_subjects.ended_at, now()) ELSE NULL END`,
      [bookingId, [...new Set(partyIds)], status, ended],
    );
  }

  /**
   * A review application's parties (the applicant and the campaign's owner); a scraped listing's
   * application has no owner here, so no thread. Withdrawn or rejected ends it, like a booking.
   */
  async recordReviewApplication(manager: EntityManager, applicationId: string, partyIds: string[], status: string): Promise<void> {
    const ended = ['rejected', 'withdrawn', 'completed'].includes(status);
    await manager.query(
      `INSERT INTO chat_subjects (subject_type, subject_id, party_ids, status, ended_at) VALUES ('review.application', $1, $2, $3, CASE WHEN $4::boolean THEN now() END)
       ON CONFLICT (subject_type, subject_id) DO UPDATE SET status = $3,
         ended_at = CASE WHEN $4::boolean THEN COALESCE(chat_subjects.ended_at, now()) ELSE NULL END`,
      [applicationId, [...new Set(partyIds)], status, ended],
    );
  }

  private async thread(manager: EntityManager, ctx: UserContext, id: string, lock = false): Promise<ThreadRow> {
    const [row] = (await manager.query(
      `SELECT ${THREAD_COLUMNS} FROM ${THREAD_FROM} WHERE t.id = $1 AND $2 = ANY(t.participant_ids)${lock ? ' FOR UPDATE OF t' : ''}`,
      [id, ctx.user_id],
    )) as ThreadRow[];
    if (!row) throw new NotFound('Thread not found');
    return row;
  }

  private push(
    thread: ThreadRow,
    event: 'message:new' | 'message:edited' | 'message:deleted' | 'thread:created' | 'thread:updated',
    data: object,
  ) {
    this.pushes.publish('chat', { user_ids: thread.participant_ids, event, data: data as Record<string, unknown> });
  }

  async list(ctx: UserContext, query: PageQuery): Promise<ChatThreadListView> {
    const page = resolvePage(query);
    const [rows, [{ n }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${THREAD_COLUMNS} FROM ${THREAD_FROM} WHERE $1 = ANY(t.participant_ids)
         ORDER BY COALESCE(t.last_message_at, t.created_at) DESC, t.id LIMIT ${page.limit} OFFSET ${page.offset}`,
        [ctx.user_id],
      ) as Promise<ThreadRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM chat_threads WHERE $1 = ANY(participant_ids)`, [ctx.user_id]) as Promise<
        { n: number }[]
      >,
    ]);
    return listView('threads', rows.map(toThreadView), n, page);
  }

  async open(ctx: UserContext, body: OpenThreadDto): Promise<ChatThreadView> {
    const { view, created } = await inTransaction(this.dataSource, async (manager) => {
      const [subject] = (await manager.query(
        `SELECT party_ids, ended_at FROM chat_subjects WHERE subject_type = $1 AND subject_id = $2 AND $3 = ANY(party_ids)`,
        [body.subject_type, body.subject_id, ctx.user_id],
      )) as { party_ids: string[]; ended_at: Date | null }[];
      // Not a party (or no such subject): nothing to say that would reveal it.
      if (!subject) throw new NotFound('Nothing to talk about here');
      const inserted = returnedRows<{ id: string }>(
        await manager.query(
          `INSERT INTO chat_threads (subject_type, subject_id, participant_ids) VALUES ($1, $2, $3)
           ON CONFLICT (subject_type, subject_id) DO NOTHING RETURNING id`,
          [body.subject_type, body.subject_id, subject.party_ids],
        ),
      );
      const [row] = (await manager.query(`SELECT ${THREAD_COLUMNS} FROM ${THREAD_FROM} WHERE t.subject_type = $1 AND t.subject_id = $2`, [
        body.subject_type,
        body.subject_id,
      ])) as ThreadRow[];
      return { view: row, created: inserted.length > 0 };
    });
    if (created) this.push(view, 'thread:created', toThreadView(view));
    return toThreadView(view);
  }

  async messages(ctx: UserContext, id: string, query: ChatMessagesQuery): Promise<ChatMessageListView> {
    await this.thread(this.dataSource.manager, ctx, id);
    const limit = query.limit ?? 50;
    const params: unknown[] = [id, limit + 1];
    let before = '';
    if (query.before) {
      params.push(query.before);
      before = 'AND (created_at, id) < (SELECT created_at, id FROM chat_messages WHERE id = $3 AND thread_id = $1)';
    }
    const rows = (await this.dataSource.query(
      `SELECT ${MESSAGE_COLUMNS} FROM chat_messages WHERE thread_id = $1 ${before} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    )) as MessageRow[];
    return { messages: rows.slice(0, limit).map(toMessageView), limit, has_more: rows.length > limit };
  }

  async send(ctx: UserContext, id: string, body: ChatMessageDto): Promise<ChatMessageView> {
    const { thread, message } = await inTransaction(this.dataSource, async (manager) => {
      const thread = await this.thread(manager, ctx, id, true);
      if (!isOpen(thread)) throw new Conflict('This conversation has ended; it can still be read');
      const [message] = returnedRows<MessageRow>(
        await manager.query(`INSERT INTO chat_messages (thread_id, sender_id, body) VALUES ($1, $2, $3) RETURNING ${MESSAGE_COLUMNS}`, [
          id,
          ctx.user_id,
          body.body,
        ]),
      );
      await manager.query(`UPDATE chat_threads SET last_message_at = $2 WHERE id = $1`, [id, message.created_at]);
      return { thread, message };
    });
    const view = toMessageView(message);
    this.push(thread, 'message:new', view);
    this.push(thread, 'thread:updated', { ...toThreadView(thread), last_message_at: view.created_at });
    return view;
  }

  private async own(
    manager: EntityManager,
    ctx: UserContext,
    id: string,
    messageId: string,
  ): Promise<{ thread: ThreadRow; message: MessageRow }> {
    const thread = await this.thread(manager, ctx, id);
    const [message] = (await manager.query(`SELECT ${MESSAGE_COLUMNS} FROM chat_messages WHERE id = $1 AND thread_id = $2 FOR UPDATE`, [
      messageId,
      id,
    ])) as MessageRow[];
    if (!message) throw new NotFound('Message not found');
    if (message.sender_id !== ctx.user_id) throw new Forbidden('Only its sender may change a message');
    return { thread, message };
  }

  async edit(ctx: UserContext, id: string, messageId: string, body: ChatMessageDto): Promise<ChatMessageView> {
    const { thread, message } = await inTransaction(this.dataSource, async (manager) => {
      const { thread } = await this.own(manager, ctx, id, messageId);
      const [message] = returnedRows<MessageRow>(
        await manager.query(`UPDATE chat_messages SET body = $2, edited_at = now() WHERE id = $1 RETURNING ${MESSAGE_COLUMNS}`, [
          messageId,
          body.body,
        ]),
      );
      return { thread, message };
    });
    const view = toMessageView(message);
    this.push(thread, 'message:edited', view);
    return view;
  }

  async delete(ctx: UserContext, id: string, messageId: string): Promise<void> {
    const thread = await inTransaction(this.dataSource, async (manager) => {
      const { thread } = await this.own(manager, ctx, id, messageId);
      await manager.query(`DELETE FROM chat_messages WHERE id = $1`, [messageId]);
      return thread;
    });
    this.push(thread, 'message:deleted', { id: messageId, thread_id: id });
  }

  async parties(ctx: UserContext, threadId: string): Promise<ChatPartiesView> {
    const thread = await this.thread(this.dataSource.manager, ctx, threadId);
    return { other_user_ids: thread.participant_ids.filter((p) => p !== ctx.user_id) };
  }
}
