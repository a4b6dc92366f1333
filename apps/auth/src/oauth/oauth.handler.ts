import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  OAuthAuthorizeUrl,
  OAuthCallback,
  OAuthCallbackPost,
  OAuthMock,
  OAuthMockLogin,
  OAuthProviderParams,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { OAuthService } from './oauth.service';

@Controller()
export class OAuthHandler {
  constructor(private readonly oauth: OAuthService) {}

  @Handles(OAuthAuthorizeUrl)
  authorizeUrl(@Payload() req: RequestOf<typeof OAuthAuthorizeUrl>): Promise<ResponseOf<typeof OAuthAuthorizeUrl>> {
    const { provider } = req.params as unknown as OAuthProviderParams;
    return this.oauth.authorizeUrl(provider, req.query.redirect_uri);
  }

  /** The browser's redirect: the code in the query. */
  @Handles(OAuthCallback)
  callback(@Payload() req: RequestOf<typeof OAuthCallback>): Promise<ResponseOf<typeof OAuthCallback>> {
    const { provider } = req.params as unknown as OAuthProviderParams;
    return this.oauth.callback(req.ctx, provider, req.query.code, req.query.state);
  }

  /** An app that received the code itself: the code in the body. */
  @Handles(OAuthCallbackPost)
  exchangeCode(@Payload() req: RequestOf<typeof OAuthCallbackPost>): Promise<ResponseOf<typeof OAuthCallbackPost>> {
    const { provider } = req.params as unknown as OAuthProviderParams;
    return this.oauth.callback(req.ctx, provider, req.body.code, req.body.state);
  }

  @Handles(OAuthMock)
  mock(@Payload() req: RequestOf<typeof OAuthMock>): Promise<ResponseOf<typeof OAuthMock>> {
    return this.oauth.mock(req.ctx);
  }

  @Handles(OAuthMockLogin)
  mockLogin(@Payload() req: RequestOf<typeof OAuthMockLogin>): Promise<ResponseOf<typeof OAuthMockLogin>> {
    return this.oauth.mockLogin(req.ctx, req.body);
  }
}
