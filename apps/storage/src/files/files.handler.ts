import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  FilesDelete,
  FilesGet,
  FilesList,
  FilesPresignedUrl,
  FilesPreview,
  RedirectReply,
  RequestOf,
  ResolvedFile,
  ResolveFileRequest,
  ResponseOf,
  StorageSubjects,
} from '@sf/contracts';
import { FileRemoval } from './file-removal.service';
import { FilesService } from './files.service';

@Controller()
export class FilesHandler {
  constructor(
    private readonly files: FilesService,
    private readonly removal: FileRemoval,
  ) {}

  @MessagePattern(FilesList.subject)
  list(@Payload() req: RequestOf<typeof FilesList>): Promise<ResponseOf<typeof FilesList>> {
    return this.files.list(req.ctx, req.query);
  }

  @MessagePattern(FilesGet.subject)
  get(@Payload() req: RequestOf<typeof FilesGet>): Promise<ResponseOf<typeof FilesGet>> {
    return this.files.get(req.ctx, req.params.id);
  }

  @MessagePattern(FilesPreview.subject)
  preview(@Payload() req: RequestOf<typeof FilesPreview>): Promise<RedirectReply> {
    return this.files.preview(req.ctx, req.params.id);
  }

  @MessagePattern(FilesPresignedUrl.subject)
  presign(@Payload() req: RequestOf<typeof FilesPresignedUrl>): Promise<ResponseOf<typeof FilesPresignedUrl>> {
    return this.files.presign(req.ctx, req.body);
  }

  @MessagePattern(FilesDelete.subject)
  delete(@Payload() req: RequestOf<typeof FilesDelete>): Promise<void> {
    return this.removal.delete(req.ctx, req.params.id);
  }

  @MessagePattern(StorageSubjects.resolve)
  resolve(@Payload() req: ResolveFileRequest): Promise<ResolvedFile> {
    return this.files.resolve(req.ctx, req.body);
  }
}
