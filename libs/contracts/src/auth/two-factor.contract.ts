import { IsBoolean, IsInt, IsString, Matches } from 'class-validator';
import { endpoint } from '../common/endpoint';

export class TwoFactorCodeDto {
  @IsString() @Matches(/^[0-9A-Za-z-]{6,20}$/) code: string;
}

export class TwoFactorSetupView {
  @IsString() secret: string;
  @IsString() otpauth_url: string;
  @IsString({ each: true }) backup_codes: string[];
}

export class TwoFactorStatusView {
  @IsBoolean() enabled: boolean;
}

export class BackupCodesStatusView {
  @IsInt() remaining: number;
}

export class BackupCodesView {
  @IsString({ each: true }) backup_codes: string[];
}

export const AuthTwoFactorSetup = endpoint<Record<string, never>, Record<string, never>, TwoFactorSetupView>({
  method: 'POST',
  path: '/api/auth/2fa/setup',
  subject: 'auth.two_factor.setup',
  access: { kind: 'user', accountSecurity: true, apiKeys: false },
  response: TwoFactorSetupView,
  status: 200,
  summary: 'Start enabling TOTP: a new secret and backup codes, active once confirmed by /2fa/verify',
  tag: 'auth',
  errors: [409],
});

export const AuthTwoFactorVerify = endpoint<TwoFactorCodeDto, Record<string, never>, TwoFactorStatusView>({
  method: 'POST',
  path: '/api/auth/2fa/verify',
  subject: 'auth.two_factor.verify',
  access: { kind: 'user', accountSecurity: true, apiKeys: false },
  body: TwoFactorCodeDto,
  response: TwoFactorStatusView,
  status: 200,
  summary: 'Confirm the TOTP secret with a current code; two-factor login is on from now',
  tag: 'auth',
  rateLimit: 'auth',
  errors: [401, 409],
});

export const AuthTwoFactorDisable = endpoint<TwoFactorCodeDto, Record<string, never>, TwoFactorStatusView>({
  method: 'POST',
  path: '/api/auth/2fa/disable',
  subject: 'auth.two_factor.disable',
  access: { kind: 'user', accountSecurity: true, apiKeys: false },
  body: TwoFactorCodeDto,
  response: TwoFactorStatusView,
  status: 200,
  summary: 'Turn two-factor login off with a current TOTP or backup code',
  tag: 'auth',
  rateLimit: 'auth',
  errors: [401, 409],
});

export const AuthBackupCodesStatus = endpoint<Record<string, never>, Record<string, never>, BackupCodesStatusView>({
  method: 'GET',
  path: '/api/auth/2fa/backup-codes',
  subject: 'auth.two_factor.backup_codes_status',
  access: { kind: 'user', accountSecurity: true, apiKeys: false },
  response: BackupCodesStatusView,
  status: 200,
  summary: 'How many unused backup codes remain (codes are stored hashed and shown only when made)',
  tag: 'auth',
});

export const AuthRegenerateBackupCodes = endpoint<TwoFactorCodeDto, Record<string, never>, BackupCodesView>({
  method: 'POST',
  path: '/api/auth/2fa/backup-codes',
  subject: 'auth.two_factor.regenerate_backup_codes',
  access: { kind: 'user', accountSecurity: true, apiKeys: false },
  body: TwoFactorCodeDto,
  response: BackupCodesView,
  status: 200,
  summary: 'Replace the backup codes (needs a current TOTP code); the new ones are shown once',
  tag: 'auth',
  rateLimit: 'auth',
  errors: [401, 409],
});
