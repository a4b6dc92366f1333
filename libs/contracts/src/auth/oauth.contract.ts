import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { AuthSessionView } from './user.views';

export const OAUTH_PROVIDERS = ['google', 'facebook', 'kakao'] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

export class OAuthProviderParams {
  @IsIn(OAUTH_PROVIDERS) provider: OAuthProvider;
}

export class OAuthUrlQuery {
  /** Where the provider sends the browser back; must be one of the configured redirect URIs. */
  @IsOptional() @IsString() @MaxLength(2048) redirect_uri?: string;
}

export class OAuthCallbackDto {
  @IsString() @Length(1, 2048) code: string;
  @IsString() @Length(16, 200) state: string;
}

export class OAuthUrlView {
  @IsString() auth_url: string;
  @IsString() state_token: string;
}

export class MockOAuthLoginDto {
  @IsEmail() @MaxLength(254) email: string;
  @IsOptional() @IsString() @Length(1, 100) name?: string;
}

export const OAuthAuthorizeUrl = endpoint<Record<string, never>, OAuthUrlQuery, OAuthUrlView>({
  method: 'GET',
  path: '/api/auth/oauth/:provider/url',
  subject: 'auth.oauth.authorize_url',
  params: OAuthProviderParams,
  access: { kind: 'public' },
  query: OAuthUrlQuery,
  response: OAuthUrlView,
  status: 200,
  summary: "The provider's authorize URL (google, facebook, kakao) with a single-use state",
  tag: 'oauth',
  rateLimit: 'auth',
});

export const OAuthCallback = endpoint<Record<string, never>, OAuthCallbackDto, AuthSessionView>({
  method: 'GET',
  path: '/api/auth/oauth/:provider/callback',
  subject: 'auth.oauth.callback',
  params: OAuthProviderParams,
  access: { kind: 'public' },
  query: OAuthCallbackDto,
  response: AuthSessionView,
  status: 200,
  summary: 'Provider redirect target: checks the state, exchanges the code, signs the user in',
  tag: 'oauth',
  rateLimit: 'auth',
  errors: [401],
});

export const OAuthCallbackPost = endpoint<OAuthCallbackDto, Record<string, never>, AuthSessionView>({
  method: 'POST',
  path: '/api/auth/oauth/:provider/callback',
  subject: 'auth.oauth.exchange_code',
  params: OAuthProviderParams,
  access: { kind: 'public' },
  body: OAuthCallbackDto,
  response: AuthSessionView,
  status: 200,
  summary: 'The same exchange for apps that receive the code themselves',
  tag: 'oauth',
  rateLimit: 'auth',
  errors: [401],
});

export const OAuthMock = endpoint<Record<string, never>, Record<string, never>, AuthSessionView>({
  method: 'GET',
  path: '/api/auth/oauth/mock',
  subject: 'auth.oauth.mock',
  access: { kind: 'public' },
  response: AuthSessionView,
  status: 200,
  demoOnly: true,
  summary: 'Demo mode only: a new test user and its tokens',
  tag: 'oauth',
  rateLimit: 'auth',
});

export const OAuthMockLogin = endpoint<MockOAuthLoginDto, Record<string, never>, AuthSessionView>({
  method: 'POST',
  path: '/api/auth/oauth/mock/login',
  subject: 'auth.oauth.mock_login',
  access: { kind: 'public' },
  body: MockOAuthLoginDto,
  response: AuthSessionView,
  status: 200,
  demoOnly: true,
  summary: 'Demo mode only: sign in (or up) as the given email without a password',
  tag: 'oauth',
  rateLimit: 'auth',
});
