import { EVENT_ENTITIES } from '@sf/events';
import { ApiKey } from './api-keys/api-key.entity';
import { OAuthIdentity, OAuthState } from './oauth/oauth.entity';
import { PasswordResetToken } from './password-reset/password-reset-token.entity';
import { RefreshToken, Session } from './sessions/session.entity';
import { BackupCode } from './two-factor/backup-code.entity';
import { UsedTwoFactorChallenge } from './two-factor/used-challenge.entity';
import { User } from './accounts/user.entity';
import { UserPreferences } from './preferences/user-preferences.entity';
import { IDEMPOTENCY_ENTITIES } from '@sf/idempotency';

export const AUTH_ENTITIES = [
  ...IDEMPOTENCY_ENTITIES,
  User,
  UserPreferences,
  Session,
  RefreshToken,
  ApiKey,
  BackupCode,
  UsedTwoFactorChallenge,
  PasswordResetToken,
  OAuthState,
  OAuthIdentity,
  ...EVENT_ENTITIES,
];
