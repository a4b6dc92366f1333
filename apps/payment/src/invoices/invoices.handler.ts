import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  BinaryReply,
  InvoiceCreate,
  InvoiceDelete,
  InvoiceGet,
  InvoicePdf,
  InvoiceSend,
  InvoicesList,
  InvoiceUpdateStatus,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { InvoicesService } from './invoices.service';

@Controller()
export class InvoicesHandler {
  constructor(private readonly invoices: InvoicesService) {}

  @MessagePattern(InvoiceCreate.subject)
  create(@Payload() req: RequestOf<typeof InvoiceCreate>): Promise<ResponseOf<typeof InvoiceCreate>> {
    return this.invoices.create(req.ctx, req.body);
  }

  @MessagePattern(InvoicesList.subject)
  list(@Payload() req: RequestOf<typeof InvoicesList>): Promise<ResponseOf<typeof InvoicesList>> {
    return this.invoices.list(req.ctx, req.query);
  }

  @MessagePattern(InvoiceGet.subject)
  get(@Payload() req: RequestOf<typeof InvoiceGet>): Promise<ResponseOf<typeof InvoiceGet>> {
    return this.invoices.get(req.ctx, req.params.id);
  }

  @MessagePattern(InvoiceUpdateStatus.subject)
  setStatus(@Payload() req: RequestOf<typeof InvoiceUpdateStatus>): Promise<ResponseOf<typeof InvoiceUpdateStatus>> {
    return this.invoices.setStatus(req.ctx, req.params.id, req.body.status);
  }

  @MessagePattern(InvoiceSend.subject)
  send(@Payload() req: RequestOf<typeof InvoiceSend>): Promise<ResponseOf<typeof InvoiceSend>> {
    return this.invoices.send(req.ctx, req.params.id, req.body);
  }

  @MessagePattern(InvoicePdf.subject)
  pdf(@Payload() req: RequestOf<typeof InvoicePdf>): Promise<BinaryReply> {
    return this.invoices.pdf(req.ctx, req.params.id);
  }

  @MessagePattern(InvoiceDelete.subject)
  remove(@Payload() req: RequestOf<typeof InvoiceDelete>): Promise<void> {
    return this.invoices.remove(req.ctx, req.params.id);
  }
}
