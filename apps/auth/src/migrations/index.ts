import { InitialSchema1795430636346 } from './1795430636346-InitialSchema';
import { OutboxInboxNoRevocationsTable1795432408282 } from './1795432408282-OutboxInboxNoRevocationsTable';
import { OutboxTraceparent1796716800000 } from './1796716800000-OutboxTraceparent';
import { TwoFactorChallengeSingleUse1796716900000 } from './1796716900000-TwoFactorChallengeSingleUse';
import { OAuthPkce1796717000000 } from './1796717000000-OAuthPkce';
import { AccessAndStatus1796803200000 } from './1796803200000-AccessAndStatus';
import { UserPreferences1796889600000 } from './1796889600000-UserPreferences';
import { IdempotencyRecords1796900000000 } from './1796900000000-IdempotencyRecords';

export const AUTH_MIGRATIONS = [
  InitialSchema1795430636346,
  OutboxInboxNoRevocationsTable1795432408282,
  OutboxTraceparent1796716800000,
  TwoFactorChallengeSingleUse1796716900000,
  OAuthPkce1796717000000,
  AccessAndStatus1796803200000,
  UserPreferences1796889600000,
  IdempotencyRecords1796900000000,
];
