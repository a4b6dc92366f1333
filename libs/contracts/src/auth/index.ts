import { serviceContract } from '../common/service-contract';
import * as account from './account.contract';
import * as apiKeys from './api-keys.contract';
import * as events from './events';
import * as internal from './internal.contract';
import * as jwks from './jwks.contract';
import * as oauth from './oauth.contract';
import * as passwordReset from './password-reset.contract';
import * as preferences from './preferences.contract';
import * as session from './session.contract';
import * as twoFactor from './two-factor.contract';

export * from './account.contract';
export * from './api-keys.contract';
export * from './events';
export * from './internal.contract';
export * from './jwks.contract';
export * from './oauth.contract';
export * from './password-policy';
export * from './password-reset.contract';
export * from './preferences.contract';
export * from './session.contract';
export * from './two-factor.contract';
export * from './user.views';

/** Everything the auth service declares. */
export const AUTH = serviceContract('auth', [
  session,
  account,
  preferences,
  passwordReset,
  twoFactor,
  apiKeys,
  oauth,
  jwks,
  internal,
  events,
]);
