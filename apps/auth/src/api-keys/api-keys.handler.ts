import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApiKeysCreate,
  ApiKeysList,
  ApiKeysRevoke,
  AuthSubjects,
  RequestOf,
  ResolveApiKeyRequest,
  ResolvedCredential,
  ResponseOf,
} from '@sf/contracts';
import { ApiKeysService } from './api-keys.service';

@Controller()
export class ApiKeysHandler {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @MessagePattern(ApiKeysCreate.subject)
  create(@Payload() req: RequestOf<typeof ApiKeysCreate>): Promise<ResponseOf<typeof ApiKeysCreate>> {
    return this.apiKeys.create(req.ctx, req.body);
  }

  @MessagePattern(ApiKeysList.subject)
  list(@Payload() req: RequestOf<typeof ApiKeysList>): Promise<ResponseOf<typeof ApiKeysList>> {
    return this.apiKeys.list(req.ctx, req.query);
  }

  @MessagePattern(ApiKeysRevoke.subject)
  revoke(@Payload() req: RequestOf<typeof ApiKeysRevoke>): Promise<void> {
    return this.apiKeys.revoke(req.ctx, req.params.id);
  }

  @MessagePattern(AuthSubjects.resolveApiKey)
  resolve(@Payload() req: ResolveApiKeyRequest): Promise<ResolvedCredential> {
    return this.apiKeys.resolve(req.key);
  }
}
