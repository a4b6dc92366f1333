import { IsEmail, IsInt, IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { Trim } from '../common/trim';
import { MessageView } from '../common/message.view';
import { IsNotCommonPassword } from './password-policy';
import { AuthSessionView, UserView } from './user.views';

export class RegisterDto {
  @IsEmail() @MaxLength(254) email: string;
  @IsString() @MinLength(8) @MaxLength(128) @IsNotCommonPassword() password: string;
  @Trim() @IsString() @Length(1, 100) name: string;
}

export class LoginDto {
  @IsEmail() @MaxLength(254) email: string;
  @IsString() @MinLength(1) @MaxLength(128) password: string;
  /** A TOTP or backup code, for accounts with two-factor authentication, in one step. */
  @IsOptional() @IsString() @Matches(/^[0-9A-Za-z-]{6,20}$/) totp_code?: string;
}

export class RefreshDto {
  @IsString() @Length(20, 200) refresh_token: string;
}

export class LogoutDto {
  @IsOptional() @IsString() @Length(20, 200) refresh_token?: string;
}

export class VerifyTwoFactorLoginDto {
  @IsString() @Length(20, 4000) challenge_token: string;
  @IsString() @Matches(/^[0-9A-Za-z-]{6,20}$/) code: string;
}

export class LogoutAllView {
  @IsInt() revoked_sessions: number;
}

export const AuthRegister = endpoint<RegisterDto, Record<string, never>, AuthSessionView>({
  method: 'POST',
  path: '/api/auth/register',
  subject: 'auth.session.register',
  access: { kind: 'public' },
  body: RegisterDto,
  response: AuthSessionView,
  status: 201,
  summary: 'Create an account with email and password and sign in',
  tag: 'auth',
  rateLimit: 'auth',
  errors: [409],
});

export const AuthLogin = endpoint<LoginDto, Record<string, never>, AuthSessionView>({
  method: 'POST',
  path: '/api/auth/login',
  subject: 'auth.session.login',
  access: { kind: 'public' },
  body: LoginDto,
  response: AuthSessionView,
  status: 200,
  summary: 'Sign in with email and password (and a TOTP code once 2FA is on)',
  tag: 'auth',
  rateLimit: 'auth',
  errors: [401],
});

export const AuthVerifyTwoFactor = endpoint<VerifyTwoFactorLoginDto, Record<string, never>, AuthSessionView>({
  method: 'POST',
  path: '/api/auth/verify-2fa',
  subject: 'auth.session.verify_2fa',
  access: { kind: 'public' },
  body: VerifyTwoFactorLoginDto,
  response: AuthSessionView,
  status: 200,
  summary: 'Finish a two-factor login with the challenge from /login and a TOTP or backup code',
  tag: 'auth',
  rateLimit: 'auth',
  errors: [401],
});

export const AuthRefresh = endpoint<RefreshDto, Record<string, never>, AuthSessionView>({
  method: 'POST',
  path: '/api/auth/refresh',
  subject: 'auth.session.refresh',
  access: { kind: 'public' },
  body: RefreshDto,
  response: AuthSessionView,
  status: 200,
  summary: 'Exchange a refresh token for new tokens (rotation; reuse revokes the session)',
  tag: 'auth',
  rateLimit: 'auth',
  errors: [401],
});

export const AuthLogout = endpoint<LogoutDto, Record<string, never>, MessageView>({
  method: 'POST',
  path: '/api/auth/logout',
  subject: 'auth.session.logout',
  access: { kind: 'user', apiKeys: false },
  body: LogoutDto,
  response: MessageView,
  status: 200,
  summary: 'End the calling session; its access token is refused at once',
  tag: 'auth',
});

export const AuthLogoutAll = endpoint<Record<string, never>, Record<string, never>, LogoutAllView>({
  method: 'POST',
  path: '/api/auth/logout-all',
  subject: 'auth.session.logout_all',
  access: { kind: 'user', apiKeys: false },
  response: LogoutAllView,
  status: 200,
  summary: 'End every session of the caller on every device',
  tag: 'auth',
});

export const AuthMe = endpoint<Record<string, never>, Record<string, never>, UserView>({
  method: 'GET',
  path: '/api/auth/me',
  aliases: [{ path: '/api/auth/user' }],
  subject: 'auth.users.me',
  access: { kind: 'user', scope: 'read:profile' },
  response: UserView,
  status: 200,
  summary: 'The signed-in user',
  tag: 'auth',
});
