import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ApplicationCreate,
  ApplicationGet,
  ApplicationList,
  ApplicationStatusGet,
  ApplicationSubmitReview,
  ApplicationUpdate,
  ApplicationWithdraw,
  ApplicationWithdrawPost,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { ApplicationLifecycleService } from './application-lifecycle.service';
import { ApplicationsService } from './applications.service';

@Controller()
export class ApplicationsHandler {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly lifecycle: ApplicationLifecycleService,
  ) {}

  @Handles(ApplicationCreate)
  create(@Payload() req: RequestOf<typeof ApplicationCreate>): Promise<ResponseOf<typeof ApplicationCreate>> {
    return this.applications.create(req.ctx, req.body);
  }

  @Handles(ApplicationList)
  list(@Payload() req: RequestOf<typeof ApplicationList>): Promise<ResponseOf<typeof ApplicationList>> {
    return this.applications.list(req.ctx, req.query);
  }

  @Handles(ApplicationGet)
  get(@Payload() req: RequestOf<typeof ApplicationGet>): Promise<ResponseOf<typeof ApplicationGet>> {
    return this.applications.get(req.ctx, req.params.id);
  }

  @Handles(ApplicationStatusGet)
  status(@Payload() req: RequestOf<typeof ApplicationStatusGet>): Promise<ResponseOf<typeof ApplicationStatusGet>> {
    return this.applications.status(req.ctx, req.params.id);
  }

  @Handles(ApplicationUpdate)
  update(@Payload() req: RequestOf<typeof ApplicationUpdate>): Promise<ResponseOf<typeof ApplicationUpdate>> {
    return this.lifecycle.update(req.ctx, req.params.id, req.body);
  }

  @Handles(ApplicationWithdraw)
  async withdraw(@Payload() req: RequestOf<typeof ApplicationWithdraw>): Promise<void> {
    await this.lifecycle.withdraw(req.ctx, req.params.id);
  }

  @Handles(ApplicationWithdrawPost)
  withdrawPost(@Payload() req: RequestOf<typeof ApplicationWithdrawPost>): Promise<ResponseOf<typeof ApplicationWithdrawPost>> {
    return this.lifecycle.withdraw(req.ctx, req.params.id);
  }

  @Handles(ApplicationSubmitReview)
  submitReview(@Payload() req: RequestOf<typeof ApplicationSubmitReview>): Promise<ResponseOf<typeof ApplicationSubmitReview>> {
    return this.lifecycle.submitReview(req.ctx, req.params.id, req.body);
  }
}
