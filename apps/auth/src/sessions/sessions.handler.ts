import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AuthLogin, AuthLogout, AuthLogoutAll, AuthRefresh, AuthVerifyTwoFactor, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { LoginService } from './login.service';
import { SessionsService } from './sessions.service';

@Controller()
export class SessionsHandler {
  constructor(
    private readonly login: LoginService,
    private readonly sessions: SessionsService,
  ) {}

  @Handles(AuthLogin)
  signIn(@Payload() req: RequestOf<typeof AuthLogin>): Promise<ResponseOf<typeof AuthLogin>> {
    return this.login.login(req.ctx, req.body);
  }

  @Handles(AuthVerifyTwoFactor)
  verifyTwoFactor(@Payload() req: RequestOf<typeof AuthVerifyTwoFactor>): Promise<ResponseOf<typeof AuthVerifyTwoFactor>> {
    return this.login.verifyTwoFactor(req.ctx, req.body);
  }

  @Handles(AuthRefresh)
  refresh(@Payload() req: RequestOf<typeof AuthRefresh>): Promise<ResponseOf<typeof AuthRefresh>> {
    return this.sessions.refresh(req.body.refresh_token);
  }

  @Handles(AuthLogout)
  logout(@Payload() req: RequestOf<typeof AuthLogout>): Promise<ResponseOf<typeof AuthLogout>> {
    return this.sessions.logout(req.ctx, req.body.refresh_token);
  }

  @Handles(AuthLogoutAll)
  logoutAll(@Payload() req: RequestOf<typeof AuthLogoutAll>): Promise<ResponseOf<typeof AuthLogoutAll>> {
    return this.sessions.logoutEverywhere(req.ctx);
  }
}
