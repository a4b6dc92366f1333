import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions } from '@sf/database';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Registry } from 'prom-client';
import { ApiKeysHandler } from './api-keys/api-keys.handler';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { AUTH_SCHEMA } from './database';
import { DemoHandler } from './demo/demo.handler';
import { DemoService } from './demo/demo.service';
import { EventPublisher } from './events/event-publisher';
import { KeysHandler } from './keys/keys.handler';
import { SigningKeys } from './keys/signing-keys.service';
import { OAuthHandler } from './oauth/oauth.handler';
import { OAuthService } from './oauth/oauth.service';
import { PasswordResetHandler } from './password-reset/password-reset.handler';
import { PasswordResetService } from './password-reset/password-reset.service';
import { PasswordHasher } from './passwords/password-hasher';
import { RevocationsHandler } from './revocations/revocations.handler';
import { RevocationsService } from './revocations/revocations.service';
import { LoginService } from './sessions/login.service';
import { SessionIssuer } from './sessions/session-issuer';
import { SessionsHandler } from './sessions/sessions.handler';
import { SessionsService } from './sessions/sessions.service';
import { TwoFactorHandler } from './two-factor/two-factor.handler';
import { TwoFactorService } from './two-factor/two-factor.service';
import { UsersHandler } from './users/users.handler';
import { UsersService } from './users/users.service';

@Module({})
export class AuthModule {
  static register(config: AuthConfig, metrics: Registry): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, AUTH_SCHEMA.entities, AUTH_SCHEMA.migrations)),
        NatsModule.forRoot({ url: config.common.natsUrl, name: 'auth', requestTimeoutMs: config.requestTimeoutMs, subjectPrefix: config.common.natsSubjectPrefix }),
        ServiceHealthModule.forService('auth', metrics),
      ],
      controllers: [UsersHandler, SessionsHandler, TwoFactorHandler, ApiKeysHandler, PasswordResetHandler, OAuthHandler, KeysHandler, RevocationsHandler, DemoHandler],
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        PasswordHasher, SigningKeys, EventPublisher, RevocationsService, SessionIssuer,
        UsersService, LoginService, SessionsService, TwoFactorService, ApiKeysService, PasswordResetService, OAuthService, DemoService,
      ],
    };
  }
}
