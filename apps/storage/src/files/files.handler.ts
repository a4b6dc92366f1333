import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  FilesDelete,
  FilesGet,
  FilesList,
  FilesPresignedUrl,
  FilesPreview,
  RedirectReply,
  RequestOf,
  ResponseOf,
  InternalRequestOf,
  InternalResponseOf,
  StorageResolveFile,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { FileRemoval } from './file-removal.service';
import { FilesService } from './files.service';

@Controller()
export class FilesHandler {
  constructor(
    private readonly files: FilesService,
    private readonly removal: FileRemoval,
  ) {}

  @Handles(FilesList)
  list(@Payload() req: RequestOf<typeof FilesList>): Promise<ResponseOf<typeof FilesList>> {
    return this.files.list(req.ctx, req.query);
  }

  @Handles(FilesGet)
  get(@Payload() req: RequestOf<typeof FilesGet>): Promise<ResponseOf<typeof FilesGet>> {
    return this.files.get(req.ctx, req.params.id);
  }

  @Handles(FilesPreview)
  preview(@Payload() req: RequestOf<typeof FilesPreview>): Promise<RedirectReply> {
    return this.files.preview(req.ctx, req.params.id);
  }

  @Handles(FilesPresignedUrl)
  presign(@Payload() req: RequestOf<typeof FilesPresignedUrl>): Promise<ResponseOf<typeof FilesPresignedUrl>> {
    return this.files.presign(req.ctx, req.body);
  }

  @Handles(FilesDelete)
  delete(@Payload() req: RequestOf<typeof FilesDelete>): Promise<void> {
    return this.removal.delete(req.ctx, req.params.id);
  }

  @Handles(StorageResolveFile)
  resolve(@Payload() req: InternalRequestOf<typeof StorageResolveFile>): Promise<InternalResponseOf<typeof StorageResolveFile>> {
    return this.files.resolve(req.ctx, req.body);
  }
}
