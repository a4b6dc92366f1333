import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { AUTH_CONFIG, AuthConfig } from '../auth.config';

/** argon2id hashing; verifying against a dummy hash keeps unknown emails as slow as known ones. */
@Injectable()
export class PasswordHasher {
  // Made on first use, not at boot: an argon2 run leaves its memory with the allocator.
  private dummyHash: Promise<string> | null = null;

  constructor(@Inject(AUTH_CONFIG) private readonly config: AuthConfig) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.config.argon2.memoryKiB,
      timeCost: this.config.argon2.timeCost,
      parallelism: this.config.argon2.parallelism,
    });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      const target = hash ?? (await (this.dummyHash ??= this.hash('dummy-password-for-timing')));
      return (await argon2.verify(target, password)) && hash !== null;
    } catch {
      return false;
    }
  }
}
