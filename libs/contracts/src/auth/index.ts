import * as account from './account.contract';
import * as apiKeys from './api-keys.contract';
import * as jwks from './jwks.contract';
import * as oauth from './oauth.contract';
import * as passwordReset from './password-reset.contract';
import * as session from './session.contract';
import * as twoFactor from './two-factor.contract';

export * from './account.contract';
export * from './api-keys.contract';
export * from './internal.contract';
export * from './jwks.contract';
export * from './oauth.contract';
export * from './password-policy';
export * from './password-reset.contract';
export * from './session.contract';
export * from './two-factor.contract';
export * from './user.views';

export const AUTH_ENDPOINTS = [
  session.AuthRegister,
  session.AuthLogin,
  session.AuthVerifyTwoFactor,
  session.AuthRefresh,
  session.AuthLogout,
  session.AuthLogoutAll,
  session.AuthMe,
  account.AuthUpdateProfile,
  account.SettingsProfile,
  account.AuthChangePassword,
  account.AuthDeleteAccount,
  passwordReset.AuthRequestPasswordReset,
  passwordReset.AuthCompletePasswordReset,
  twoFactor.AuthTwoFactorSetup,
  twoFactor.AuthTwoFactorVerify,
  twoFactor.AuthTwoFactorDisable,
  twoFactor.AuthBackupCodesStatus,
  twoFactor.AuthRegenerateBackupCodes,
  apiKeys.ApiKeysCreate,
  apiKeys.ApiKeysList,
  apiKeys.ApiKeysRevoke,
  oauth.OAuthAuthorizeUrl,
  oauth.OAuthCallback,
  oauth.OAuthCallbackPost,
  oauth.OAuthMock,
  oauth.OAuthMockLogin,
  jwks.AuthJwks,
];
