import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AdminComplianceReport,
  AdminGdprDelete,
  AdminGdprExport,
  AdminGdprRequestCancel,
  AdminGdprRequestGet,
  AdminGdprRequestList,
  AdminUserDataExport,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { GdprService } from './gdpr.service';

@Controller()
export class GdprHandler {
  constructor(private readonly gdpr: GdprService) {}

  @Handles(AdminGdprExport)
  export(@Payload() req: RequestOf<typeof AdminGdprExport>): Promise<ResponseOf<typeof AdminGdprExport>> {
    return this.gdpr.requestExport(req.ctx, req.body.user_id);
  }

  @Handles(AdminUserDataExport)
  exportUser(@Payload() req: RequestOf<typeof AdminUserDataExport>): Promise<ResponseOf<typeof AdminUserDataExport>> {
    return this.gdpr.requestExport(req.ctx, req.params.id);
  }

  @Handles(AdminGdprDelete)
  delete(@Payload() req: RequestOf<typeof AdminGdprDelete>): Promise<ResponseOf<typeof AdminGdprDelete>> {
    return this.gdpr.requestDelete(req.ctx, req.body);
  }

  @Handles(AdminGdprRequestList)
  list(@Payload() req: RequestOf<typeof AdminGdprRequestList>): Promise<ResponseOf<typeof AdminGdprRequestList>> {
    return this.gdpr.list(req.ctx, req.query);
  }

  @Handles(AdminGdprRequestGet)
  get(@Payload() req: RequestOf<typeof AdminGdprRequestGet>): Promise<ResponseOf<typeof AdminGdprRequestGet>> {
    return this.gdpr.get(req.ctx, req.params.id);
  }

  @Handles(AdminGdprRequestCancel)
  cancel(@Payload() req: RequestOf<typeof AdminGdprRequestCancel>): Promise<ResponseOf<typeof AdminGdprRequestCancel>> {
    return this.gdpr.cancel(req.ctx, req.params.id);
  }

  @Handles(AdminComplianceReport)
  report(@Payload() req: RequestOf<typeof AdminComplianceReport>): Promise<ResponseOf<typeof AdminComplianceReport>> {
    return this.gdpr.report(req.ctx);
  }
}
