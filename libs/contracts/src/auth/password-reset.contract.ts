import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { MessageView } from '../common/message.view';
import { IsNotCommonPassword } from './password-policy';

export class RequestPasswordResetDto {
  @IsEmail() @MaxLength(254) email: string;
}

export class CompletePasswordResetDto {
  @IsString() @MinLength(8) @MaxLength(128) @IsNotCommonPassword() password: string;
}

export class PasswordResetParams {
  @Matches(/^[A-Za-z0-9_-]{20,100}$/) token: string;
}

export const AuthRequestPasswordReset = endpoint<RequestPasswordResetDto, Record<string, never>, MessageView>({
  method: 'POST',
  path: '/api/auth/password/reset',
  subject: 'auth.password_reset.request',
  access: { kind: 'public' },
  body: RequestPasswordResetDto,
  response: MessageView,
  status: 200,
  summary: 'Ask for a password reset link; the answer is the same whether or not the email is known',
  tag: 'auth',
  rateLimit: 'auth',
});

export const AuthCompletePasswordReset = endpoint<CompletePasswordResetDto, Record<string, never>, MessageView>({
  method: 'PUT',
  path: '/api/auth/password/reset/:token',
  aliases: [{ method: 'POST', path: '/api/auth/password/reset/:token' }],
  subject: 'auth.password_reset.complete',
  params: PasswordResetParams,
  access: { kind: 'public' },
  body: CompletePasswordResetDto,
  response: MessageView,
  status: 200,
  summary: 'Set a new password with a reset token (single use, expires); every session ends',
  tag: 'auth',
  rateLimit: 'auth',
  errors: [401],
});
