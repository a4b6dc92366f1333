import { IsOptional, IsString, IsUrl, Length, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Trim } from '../common/trim';
import { endpoint } from '../common/endpoint';
import { IsNotCommonPassword } from './password-policy';
import { AuthSessionView, UserView } from './user.views';

export class UpdateProfileDto {
  /** Absent leaves the name as it is; null is not a name. */
  @ValidateIf((_dto, value) => value !== undefined) @Trim() @IsString() @Length(1, 100) name?: string;
  /** null removes the avatar. */
  @IsOptional() @IsUrl({ protocols: ['https', 'http'], require_protocol: true }) @MaxLength(2048) avatar_url?: string;
}

export class ChangePasswordDto {
  @IsString() @MinLength(1) @MaxLength(128) current_password: string;
  @IsString() @MinLength(8) @MaxLength(128) @IsNotCommonPassword() new_password: string;
}

export class DeleteAccountDto {
  /** Required when the account has a password (OAuth-only accounts have none). */
  @IsOptional() @IsString() @MaxLength(128) password?: string;
}

export const AuthUpdateProfile = endpoint<UpdateProfileDto, Record<string, never>, UserView>({
  method: 'PUT',
  path: '/api/auth/profile',
  aliases: [{ path: '/api/settings/profile' }],
  subject: 'auth.users.update_profile',
  access: { kind: 'user', scope: 'write:profile' },
  body: UpdateProfileDto,
  response: UserView,
  status: 200,
  summary: "Update the caller's profile",
  tag: 'auth',
});

export const SettingsProfile = endpoint<Record<string, never>, Record<string, never>, UserView>({
  method: 'GET',
  path: '/api/settings/profile',
  subject: 'auth.users.profile',
  access: { kind: 'user', scope: 'read:profile' },
  response: UserView,
  status: 200,
  summary: "The caller's profile (same as /api/auth/me)",
  tag: 'settings',
});

export const AuthChangePassword = endpoint<ChangePasswordDto, Record<string, never>, AuthSessionView>({
  method: 'POST',
  path: '/api/settings/password',
  aliases: [{ method: 'PUT', path: '/api/auth/password' }],
  subject: 'auth.users.change_password',
  access: { kind: 'user', accountSecurity: true, apiKeys: false },
  body: ChangePasswordDto,
  response: AuthSessionView,
  status: 200,
  summary: 'Change the password; every session ends and a fresh one is returned',
  tag: 'settings',
  rateLimit: 'auth',
  errors: [401],
});

export const AuthDeleteAccount = endpoint<DeleteAccountDto, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/auth/account',
  subject: 'auth.users.delete_account',
  access: { kind: 'user', accountSecurity: true, apiKeys: false },
  body: DeleteAccountDto,
  status: 204,
  summary: 'Delete the account permanently; every token and key stops working at once',
  tag: 'auth',
  errors: [401],
});
