import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  SnsAccountCallback,
  SnsAccountConnect,
  SnsAccountCreate,
  SnsAccountDelete,
  SnsAccountGet,
  SnsAccountList,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { AccountsService } from './accounts.service';

@Controller()
export class AccountsHandler {
  constructor(private readonly accounts: AccountsService) {}

  @Handles(SnsAccountConnect)
  connect(@Payload() req: RequestOf<typeof SnsAccountConnect>): Promise<ResponseOf<typeof SnsAccountConnect>> {
    return this.accounts.connect(req.ctx, req.params.platform as never, req.body.account_name);
  }

  @Handles(SnsAccountCallback)
  callback(@Payload() req: RequestOf<typeof SnsAccountCallback>): Promise<ResponseOf<typeof SnsAccountCallback>> {
    return this.accounts.callback(req.ctx, req.params.platform as never, req.query);
  }

  @Handles(SnsAccountCreate)
  create(@Payload() req: RequestOf<typeof SnsAccountCreate>): Promise<ResponseOf<typeof SnsAccountCreate>> {
    return this.accounts.create(req.ctx, req.body);
  }

  @Handles(SnsAccountList)
  list(@Payload() req: RequestOf<typeof SnsAccountList>): Promise<ResponseOf<typeof SnsAccountList>> {
    return this.accounts.list(req.ctx, req.query);
  }

  @Handles(SnsAccountGet)
  get(@Payload() req: RequestOf<typeof SnsAccountGet>): Promise<ResponseOf<typeof SnsAccountGet>> {
    return this.accounts.get(req.ctx, req.params.id);
  }

  @Handles(SnsAccountDelete)
  delete(@Payload() req: RequestOf<typeof SnsAccountDelete>): Promise<ResponseOf<typeof SnsAccountDelete>> {
    return this.accounts.delete(req.ctx, req.params.id);
  }
}
