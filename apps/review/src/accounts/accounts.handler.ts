import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AccountCreate, AccountDelete, AccountGet, AccountList, AccountStats, AccountUpdate, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { AccountsService } from './accounts.service';

@Controller()
export class AccountsHandler {
  constructor(private readonly accounts: AccountsService) {}

  @Handles(AccountList)
  list(@Payload() req: RequestOf<typeof AccountList>): Promise<ResponseOf<typeof AccountList>> {
    return this.accounts.list(req.ctx, req.query);
  }

  @Handles(AccountCreate)
  create(@Payload() req: RequestOf<typeof AccountCreate>): Promise<ResponseOf<typeof AccountCreate>> {
    return this.accounts.create(req.ctx, req.body);
  }

  @Handles(AccountGet)
  get(@Payload() req: RequestOf<typeof AccountGet>): Promise<ResponseOf<typeof AccountGet>> {
    return this.accounts.get(req.ctx, req.params.id);
  }

  @Handles(AccountUpdate)
  update(@Payload() req: RequestOf<typeof AccountUpdate>): Promise<ResponseOf<typeof AccountUpdate>> {
    return this.accounts.update(req.ctx, req.params.id, req.body);
  }

  @Handles(AccountDelete)
  remove(@Payload() req: RequestOf<typeof AccountDelete>): Promise<void> {
    return this.accounts.remove(req.ctx, req.params.id);
  }

  @Handles(AccountStats)
  stats(@Payload() req: RequestOf<typeof AccountStats>): Promise<ResponseOf<typeof AccountStats>> {
    return this.accounts.stats(req.ctx, req.params.id);
  }
}
