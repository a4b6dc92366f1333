import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AdminAuditImpersonatedCall,
  AuditLogExport,
  AuditLogGet,
  AuditLogList,
  InternalRequestOf,
  InternalResponseOf,
  RbacAuditExport,
  RequestOf,
  ResponseOf,
  SecurityReport,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { AuditService } from './audit.service';

@Controller()
export class AuditHandler {
  constructor(private readonly audit: AuditService) {}

  @Handles(AuditLogList)
  list(@Payload() req: RequestOf<typeof AuditLogList>): Promise<ResponseOf<typeof AuditLogList>> {
    return this.audit.list(req.ctx, req.query);
  }

  @Handles(AuditLogGet)
  get(@Payload() req: RequestOf<typeof AuditLogGet>): Promise<ResponseOf<typeof AuditLogGet>> {
    return this.audit.get(req.ctx, req.params.id);
  }

  @Handles(AuditLogExport)
  export(@Payload() req: RequestOf<typeof AuditLogExport>): Promise<ResponseOf<typeof AuditLogExport>> {
    return this.audit.export(req.ctx, req.query);
  }

  @Handles(RbacAuditExport)
  exportRbac(@Payload() req: RequestOf<typeof RbacAuditExport>): Promise<ResponseOf<typeof RbacAuditExport>> {
    return this.audit.export(req.ctx, req.body);
  }

  /** Internal: the gateway records each call made with an impersonation token before forwarding it. */
  @Handles(AdminAuditImpersonatedCall)
  impersonatedCall(
    @Payload() req: InternalRequestOf<typeof AdminAuditImpersonatedCall>,
  ): Promise<InternalResponseOf<typeof AdminAuditImpersonatedCall>> {
    return this.audit.impersonatedCall(req.ctx, req.body);
  }

  @Handles(SecurityReport)
  report(@Payload() req: RequestOf<typeof SecurityReport>): Promise<ResponseOf<typeof SecurityReport>> {
    return this.audit.securityReport(req.ctx);
  }
}
