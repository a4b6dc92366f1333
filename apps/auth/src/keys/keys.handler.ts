import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AuthSubjects, JwksView } from '@sf/contracts';
import { SigningKeys } from './signing-keys.service';

@Controller()
export class KeysHandler {
  constructor(private readonly keys: SigningKeys) {}

  /** Serves both the gateway's boot-time fetch and the public JWKS route. */
  @MessagePattern(AuthSubjects.jwks)
  jwks(): JwksView {
    return this.keys.jwks();
  }
}
