import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ApiKeysCreate,
  ApiKeysList,
  ApiKeysRevoke,
  AuthResolveApiKey,
  InternalRequestOf,
  InternalResponseOf,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { ApiKeysService } from './api-keys.service';

@Controller()
export class ApiKeysHandler {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Handles(ApiKeysCreate)
  create(@Payload() req: RequestOf<typeof ApiKeysCreate>): Promise<ResponseOf<typeof ApiKeysCreate>> {
    return this.apiKeys.create(req.ctx, req.body);
  }

  @Handles(ApiKeysList)
  list(@Payload() req: RequestOf<typeof ApiKeysList>): Promise<ResponseOf<typeof ApiKeysList>> {
    return this.apiKeys.list(req.ctx, req.query);
  }

  @Handles(ApiKeysRevoke)
  revoke(@Payload() req: RequestOf<typeof ApiKeysRevoke>): Promise<void> {
    return this.apiKeys.revoke(req.ctx, req.params.id);
  }

  @Handles(AuthResolveApiKey)
  resolve(@Payload() req: InternalRequestOf<typeof AuthResolveApiKey>): Promise<InternalResponseOf<typeof AuthResolveApiKey>> {
    return this.apiKeys.resolve(req.body.key);
  }
}
