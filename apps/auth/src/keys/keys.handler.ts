import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AuthJwks, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { SigningKeys } from './signing-keys.service';

@Controller()
export class KeysHandler {
  constructor(private readonly keys: SigningKeys) {}

  /** Serves both the public JWKS route and the gateway's own fetch of the keys. */
  @Handles(AuthJwks)
  jwks(@Payload() _req: RequestOf<typeof AuthJwks>): ResponseOf<typeof AuthJwks> {
    return this.keys.jwks();
  }
}
