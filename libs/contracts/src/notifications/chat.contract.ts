import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { internal } from '../common/internal';
import { ListMeta, PageQuery } from '../common/pagination';
import { Trim } from '../common/trim';

/** What two people can share and talk about; the subject settles who the parties are. */
export const CHAT_SUBJECT_TYPES = ['coocook.booking', 'review.application'] as const;
export type ChatSubjectType = (typeof CHAT_SUBJECT_TYPES)[number];

/** Longest message, in characters (plain text). */
export const MAX_CHAT_MESSAGE_LENGTH = 4000;

export class OpenThreadDto {
  @IsIn(CHAT_SUBJECT_TYPES) subject_type: ChatSubjectType;
  @IsUUID() subject_id: string;
}

export class ChatMessageDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(MAX_CHAT_MESSAGE_LENGTH) body: string;
}

export class ChatMessageParams {
  @IsUUID() id: string;
  @IsUUID() mid: string;
}

export class ChatMessagesQuery {
  /** A message id: only messages older than it (the next page back). */
  @IsOptional() @IsUUID() before?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class ChatThreadView {
  @IsUUID() id: string;
  @IsIn(CHAT_SUBJECT_TYPES) subject_type: ChatSubjectType;
  @IsUUID() subject_id: string;
  /** The two parties' user ids. */
  @IsUUID(undefined, { each: true }) participant_ids: string[];
  /** False once the subject ended long ago: the thread stays readable, no new messages. */
  @IsBoolean() open: boolean;
  @IsOptional() @IsISO8601() last_message_at: string | null;
  @IsISO8601() created_at: string;
}

export class ChatThreadListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => ChatThreadView) threads: ChatThreadView[];
}

export class ChatMessageView {
  @IsUUID() id: string;
  @IsUUID() thread_id: string;
  @IsUUID() sender_id: string;
  @IsString() body: string;
  @IsISO8601() created_at: string;
  @IsOptional() @IsISO8601() edited_at: string | null;
}

/** Newest first; `has_more` says whether `?before=<last id>` finds older ones. */
export class ChatMessageListView {
  @ValidateNested({ each: true }) @Type(() => ChatMessageView) messages: ChatMessageView[];
  @IsInt() limit: number;
  @IsBoolean() has_more: boolean;
}

export const ChatThreadList = endpoint<Record<string, never>, PageQuery, ChatThreadListView>({
  method: 'GET',
  path: '/api/chat/threads',
  subject: 'notifications.chat.threads.list',
  access: { kind: 'user', scope: 'read:profile' },
  query: PageQuery,
  response: ChatThreadListView,
  status: 200,
  summary: "The caller's chat threads, most recently active first",
  tag: 'chat',
});

export const ChatThreadOpen = endpoint<OpenThreadDto, Record<string, never>, ChatThreadView>({
  method: 'POST',
  path: '/api/chat/threads',
  subject: 'notifications.chat.threads.open',
  access: { kind: 'user', scope: 'write:profile' },
  body: OpenThreadDto,
  response: ChatThreadView,
  status: 201,
  idempotent: true,
  summary: "Open the thread of something the caller shares (a booking's guest and chef); one per subject, answered again if it exists",
  tag: 'chat',
  errors: [404],
});

export const ChatMessageList = endpoint<Record<string, never>, ChatMessagesQuery, ChatMessageListView>({
  method: 'GET',
  path: '/api/chat/threads/:id/messages',
  subject: 'notifications.chat.messages.list',
  params: IdParams,
  access: { kind: 'user', scope: 'read:profile' },
  query: ChatMessagesQuery,
  response: ChatMessageListView,
  status: 200,
  summary: "A thread's messages, newest first (`?before=<message id>` for older ones)",
  tag: 'chat',
  errors: [404],
});

export const ChatMessageSend = endpoint<ChatMessageDto, Record<string, never>, ChatMessageView>({
  method: 'POST',
  path: '/api/chat/threads/:id/messages',
  subject: 'notifications.chat.messages.send',
  params: IdParams,
  access: { kind: 'user', scope: 'write:profile' },
  body: ChatMessageDto,
  response: ChatMessageView,
  status: 201,
  idempotent: true,
  summary: 'Send a plain-text message to the other party',
  tag: 'chat',
  errors: [404, 409],
});

export const ChatMessageEdit = endpoint<ChatMessageDto, Record<string, never>, ChatMessageView>({
  method: 'PUT',
  path: '/api/chat/threads/:id/messages/:mid',
  subject: 'notifications.chat.messages.edit',
  params: ChatMessageParams,
  access: { kind: 'user', scope: 'write:profile' },
  body: ChatMessageDto,
  response: ChatMessageView,
  status: 200,
  summary: 'Edit a message (its sender only)',
  tag: 'chat',
  errors: [403, 404],
});

export const ChatMessageDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/chat/threads/:id/messages/:mid',
  subject: 'notifications.chat.messages.delete',
  params: ChatMessageParams,
  access: { kind: 'user', scope: 'write:profile' },
  status: 204,
  summary: 'Delete a message (its sender only)',
  tag: 'chat',
  errors: [403, 404],
});

export class ChatPartiesBody {
  @IsUUID() thread_id: string;
}

export class ChatPartiesView {
  /** The parties other than the caller. */
  other_user_ids: string[];
}

/** The gateway relays a typing indicator to the thread's other party: only a party learns who that is. */
export const ChatThreadParties = internal({
  subject: 'notifications.chat.parties',
  request: ChatPartiesBody,
  response: ChatPartiesView,
  caller: 'user',
  summary: "The caller's counterparts in a chat thread (NOT_FOUND unless the caller is a party)",
});
