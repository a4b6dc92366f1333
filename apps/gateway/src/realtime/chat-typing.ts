import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { CallerContext, ChatThreadParties } from '@sf/contracts';
import { DomainError } from '@sf/errors';
import { RpcClient } from '@sf/messaging/client';
import { GATEWAY_LOGGER } from '../http/request-context';
import { RealtimeServer } from './realtime-server';
import type { SocketOwner } from './socket-registry';

/** One indicator per socket per this long; the rest are dropped (a client sends one per keystroke). */
const TYPING_INTERVAL_MS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `typing:indicator` on `/chat` is sent by clients: relayed to the thread's other party only, once
 * the notifications service says the sender is a party (anything else is dropped unanswered).
 */
@Injectable()
export class ChatTyping implements OnModuleInit {
  constructor(
    private readonly realtime: RealtimeServer,
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.realtime.onClientEvents('chat', (socket, owner) => this.follow(socket, owner));
  }

  private follow(socket: Socket, owner: SocketOwner): void {
    let last = 0;
    socket.on('typing:indicator', (payload: unknown) => {
      const threadId = (payload as { thread_id?: unknown } | null)?.thread_id;
      if (typeof threadId !== 'string' || !UUID.test(threadId)) return;
      const now = Date.now();
      if (now - last < TYPING_INTERVAL_MS) return;
      last = now;
      const typing = (payload as { typing?: unknown }).typing !== false;
      void this.relay(socket.data.ctx as CallerContext, owner, threadId, typing);
    });
  }

  private async relay(ctx: CallerContext, owner: SocketOwner, threadId: string, typing: boolean): Promise<void> {
    try {
      const { other_user_ids: others } = await this.rpc.call(ChatThreadParties, { ctx, body: { thread_id: threadId } });
      this.realtime.emit('chat', others, 'typing:indicator', { thread_id: threadId, user_id: owner.user_id, typing });
    } catch (error) {
      if (!(error instanceof DomainError)) this.logger.warn({ err: String(error) }, 'typing indicator not relayed');
    }
  }
}
