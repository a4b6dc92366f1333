import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
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
import { Handles } from '@sf/messaging';
import { InvoicesService } from './invoices.service';

@Controller()
export class InvoicesHandler {
  constructor(private readonly invoices: InvoicesService) {}

  @Handles(InvoiceCreate)
  create(@Payload() req: RequestOf<typeof InvoiceCreate>): Promise<ResponseOf<typeof InvoiceCreate>> {
    return this.invoices.create(req.ctx, req.body);
  }

  @Handles(InvoicesList)
  list(@Payload() req: RequestOf<typeof InvoicesList>): Promise<ResponseOf<typeof InvoicesList>> {
    return this.invoices.list(req.ctx, req.query);
  }

  @Handles(InvoiceGet)
  get(@Payload() req: RequestOf<typeof InvoiceGet>): Promise<ResponseOf<typeof InvoiceGet>> {
    return this.invoices.get(req.ctx, req.params.id);
  }

  @Handles(InvoiceUpdateStatus)
  setStatus(@Payload() req: RequestOf<typeof InvoiceUpdateStatus>): Promise<ResponseOf<typeof InvoiceUpdateStatus>> {
    return this.invoices.setStatus(req.ctx, req.params.id, req.body.status);
  }

  @Handles(InvoiceSend)
  send(@Payload() req: RequestOf<typeof InvoiceSend>): Promise<ResponseOf<typeof InvoiceSend>> {
    return this.invoices.send(req.ctx, req.params.id, req.body);
  }

  @Handles(InvoicePdf)
  pdf(@Payload() req: RequestOf<typeof InvoicePdf>): Promise<BinaryReply> {
    return this.invoices.pdf(req.ctx, req.params.id);
  }

  @Handles(InvoiceDelete)
  remove(@Payload() req: RequestOf<typeof InvoiceDelete>): Promise<void> {
    return this.invoices.remove(req.ctx, req.params.id);
  }
}
