import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ChatMessageDelete,
  ChatMessageEdit,
  ChatMessageList,
  ChatMessageSend,
  ChatThreadList,
  ChatThreadOpen,
  ChatThreadParties,
  InternalRequestOf,
  InternalResponseOf,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { ChatService } from './chat.service';

@Controller()
export class ChatHandler {
  constructor(private readonly chat: ChatService) {}

  @Handles(ChatThreadList)
  threads(@Payload() req: RequestOf<typeof ChatThreadList>): Promise<ResponseOf<typeof ChatThreadList>> {
    return this.chat.list(req.ctx, req.query);
  }

  @Handles(ChatThreadOpen)
  open(@Payload() req: RequestOf<typeof ChatThreadOpen>): Promise<ResponseOf<typeof ChatThreadOpen>> {
    return this.chat.open(req.ctx, req.body);
  }

  @Handles(ChatMessageList)
  messages(@Payload() req: RequestOf<typeof ChatMessageList>): Promise<ResponseOf<typeof ChatMessageList>> {
    return this.chat.messages(req.ctx, req.params.id, req.query);
  }

  @Handles(ChatMessageSend)
  send(@Payload() req: RequestOf<typeof ChatMessageSend>): Promise<ResponseOf<typeof ChatMessageSend>> {
    return this.chat.send(req.ctx, req.params.id, req.body);
  }

  @Handles(ChatMessageEdit)
  edit(@Payload() req: RequestOf<typeof ChatMessageEdit>): Promise<ResponseOf<typeof ChatMessageEdit>> {
    return this.chat.edit(req.ctx, req.params.id, req.params.mid, req.body);
  }

  @Handles(ChatMessageDelete)
  delete(@Payload() req: RequestOf<typeof ChatMessageDelete>): Promise<void> {
    return this.chat.delete(req.ctx, req.params.id, req.params.mid);
  }

  @Handles(ChatThreadParties)
  parties(@Payload() req: InternalRequestOf<typeof ChatThreadParties>): Promise<InternalResponseOf<typeof ChatThreadParties>> {
    return this.chat.parties(req.ctx, req.body.thread_id);
  }
}
