import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  OAuthAuthorizeUrl,
  OAuthCallbackDto,
  OAuthMock,
  OAuthMockLogin,
  OAuthProviderParams,
  RequestOf,
  ResponseOf,
  RpcRequest,
} from '@sf/contracts';
import { OAuthService } from './oauth.service';

@Controller()
export class OAuthHandler {
  constructor(private readonly oauth: OAuthService) {}

  @MessagePattern(OAuthAuthorizeUrl.subject)
  authorizeUrl(@Payload() req: RequestOf<typeof OAuthAuthorizeUrl>): Promise<ResponseOf<typeof OAuthAuthorizeUrl>> {
    const { provider } = req.params as unknown as OAuthProviderParams;
    return this.oauth.authorizeUrl(provider, req.query.redirect_uri);
  }

  /** GET (browser redirect, code in the query) and POST (code in the body) share this subject. */
  @MessagePattern('auth.oauth.callback')
  callback(@Payload() req: RpcRequest<Partial<OAuthCallbackDto>, Partial<OAuthCallbackDto>>): Promise<ResponseOf<typeof OAuthMock>> {
    const { provider } = req.params as unknown as OAuthProviderParams;
    const input = (req.body?.code ? req.body : req.query) as OAuthCallbackDto;
    return this.oauth.callback(req.ctx, provider, input.code, input.state);
  }

  @MessagePattern(OAuthMock.subject)
  mock(@Payload() req: RequestOf<typeof OAuthMock>): Promise<ResponseOf<typeof OAuthMock>> {
    return this.oauth.mock(req.ctx);
  }

  @MessagePattern(OAuthMockLogin.subject)
  mockLogin(@Payload() req: RequestOf<typeof OAuthMockLogin>): Promise<ResponseOf<typeof OAuthMockLogin>> {
    return this.oauth.mockLogin(req.ctx, req.body);
  }
}
