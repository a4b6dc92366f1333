import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { internal } from '../common/internal';

export class ImpersonatedCallBody {
  @IsIn(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) method: string;
  /** The path called, without its query. */
  @IsString() @MaxLength(2000) path: string;
  /** The endpoint's NATS subject, naming what was called. */
  @IsString() @MaxLength(200) subject: string;
}

export class AuditRecordedView {
  @IsUUID() id: string;
}

/**
 * The gateway, before it forwards a call made with an impersonation token: the audit line with
 * both ids (the user acted as, and the admin). No line, no call.
 */
export const AdminAuditImpersonatedCall = internal({
  subject: 'admin.audit.impersonated_call',
  request: ImpersonatedCallBody,
  response: AuditRecordedView,
  caller: 'user',
  summary: 'Records a call made with an impersonation token, before the gateway forwards it',
});
