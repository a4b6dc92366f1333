import { Inject, Injectable } from '@nestjs/common';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Jwk, JwksView } from '@sf/contracts';
import { AUTH_CONFIG, AuthConfig } from '../auth.config';

/** The RS256 key that signs tokens, parsed once into KeyObjects, and its public JWKS. */
@Injectable()
export class SigningKeys {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly kid: string;
  /** Exporting the key as a JWK cost 43 µs, a quarter of auth's work per JWKS request: made once. */
  private readonly publicJwks: JwksView;

  constructor(@Inject(AUTH_CONFIG) config: AuthConfig) {
    this.privateKey = config.jwtPrivateKeyPem
      ? createPrivateKey(config.jwtPrivateKeyPem)
      : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.publicKey = createPublicKey(this.privateKey);
    const jwk = this.publicKey.export({ format: 'jwk' });
    // RFC 7638 thumbprint: stable across restarts for the same key.
    this.kid = createHash('sha256')
      .update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }))
      .digest('base64url');
    const key: Jwk = { kty: 'RSA', kid: this.kid, use: 'sig', alg: 'RS256', n: jwk.n as string, e: jwk.e as string };
    this.publicJwks = Object.freeze({ keys: Object.freeze([Object.freeze(key)]) as Jwk[] });
  }

  sign(payload: object, options: jwt.SignOptions): string {
    return jwt.sign(payload, this.privateKey, { ...options, algorithm: 'RS256', keyid: this.kid });
  }

  verify<T>(token: string, options: jwt.VerifyOptions): T {
    return jwt.verify(token, this.publicKey, { ...options, algorithms: ['RS256'] }) as T;
  }

  jwks(): JwksView {
    return this.publicJwks;
  }
}
