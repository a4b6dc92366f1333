import { AuthGdprFeed } from '@sf/contracts';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions } from '@sf/database';
import { EventsModule, gdprParticipant } from '@sf/events';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ApiKeysHandler } from './api-keys/api-keys.handler';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { AUTH_SCHEMA } from './database';
import { DemoHandler } from './demo/demo.handler';
import { DemoService } from './demo/demo.service';
import { AuthEventLog } from './events/auth-event-log';
import { KeysHandler } from './keys/keys.handler';
import { SigningKeys } from './keys/signing-keys.service';
import { OAuthHandler } from './oauth/oauth.handler';
import { OAuthService } from './oauth/oauth.service';
import { PasswordResetHandler } from './password-reset/password-reset.handler';
import { PasswordResetService } from './password-reset/password-reset.service';
import { PasswordHasher } from './passwords/password-hasher';
import { PlanTierConsumer } from './plan-tier/plan-tier.consumer';
import { RevocationsService } from './sessions/revocations.service';
import { LoginService } from './sessions/login.service';
import { SessionIssuer } from './sessions/session-issuer';
import { SessionsHandler } from './sessions/sessions.handler';
import { SessionsService } from './sessions/sessions.service';
import { TwoFactorChallenge } from './two-factor/two-factor-challenge';
import { TwoFactorHandler } from './two-factor/two-factor.handler';
import { TwoFactorService } from './two-factor/two-factor.service';
import { UsersHandler } from './users/users.handler';
import { UsersService } from './users/users.service';
import { UserViewReader } from './users/user-view-reader';
import { authGdprData } from './gdpr/gdpr-data';
import { PreferencesHandler } from './preferences/preferences.handler';
import { PreferencesService } from './preferences/preferences.service';

@Module({})
export class AuthModule {
  static register(config: AuthConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, AUTH_SCHEMA.entities, AUTH_SCHEMA.migrations)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'auth',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
          metrics,
        }),
        ServiceHealthModule.forService('auth', metrics),
        EventsModule.forService({ service: 'auth', config: config.events, logger, metrics }),
      ],
      controllers: [
        UsersHandler,
        PreferencesHandler,
        SessionsHandler,
        TwoFactorHandler,
        ApiKeysHandler,
        PasswordResetHandler,
        OAuthHandler,
        KeysHandler,
        DemoHandler,
      ],
      providers: [
        gdprParticipant(AuthGdprFeed, { useFactory: authGdprData, inject: [AuthEventLog] }),
        { provide: AUTH_CONFIG, useValue: config },
        PasswordHasher,
        SigningKeys,
        AuthEventLog,
        RevocationsService,
        SessionIssuer,
        UsersService,
        PreferencesService,
        UserViewReader,
        LoginService,
        SessionsService,
        TwoFactorService,
        TwoFactorChallenge,
        ApiKeysService,
        PasswordResetService,
        OAuthService,
        DemoService,
        PlanTierConsumer,
      ],
    };
  }
}
