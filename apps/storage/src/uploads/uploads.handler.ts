import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  FilesCompleteUpload,
  FilesPresignedUpload,
  FileView,
  RequestOf,
  ResponseOf,
  StorageSubjects,
  UploadAbortRequest,
  UploadBeginRequest,
  UploadCompleteRequest,
  UploadTarget,
} from '@sf/contracts';
import { Unauthorized } from '@sf/errors';
import { UploadsService } from './uploads.service';

function requireUser(ctx: { user_id: string | null } | undefined): void {
  if (!ctx?.user_id) throw new Unauthorized();
}

@Controller()
export class UploadsHandler {
  constructor(private readonly uploads: UploadsService) {}

  @MessagePattern(StorageSubjects.uploadBegin)
  begin(@Payload() req: UploadBeginRequest): Promise<UploadTarget> {
    requireUser(req.ctx);
    return this.uploads.begin(req.ctx, req.body);
  }

  @MessagePattern(StorageSubjects.uploadComplete)
  complete(@Payload() req: UploadCompleteRequest): Promise<FileView> {
    requireUser(req.ctx);
    return this.uploads.complete(req.ctx, req.body);
  }

  @MessagePattern(StorageSubjects.uploadAbort)
  abort(@Payload() req: UploadAbortRequest): Promise<{ aborted: boolean }> {
    requireUser(req.ctx);
    return this.uploads.abort(req.ctx, req.body);
  }

  @MessagePattern(FilesPresignedUpload.subject)
  presign(@Payload() req: RequestOf<typeof FilesPresignedUpload>): Promise<ResponseOf<typeof FilesPresignedUpload>> {
    return this.uploads.presignDirect(req.ctx, req.body);
  }

  @MessagePattern(FilesCompleteUpload.subject)
  completeDirect(@Payload() req: RequestOf<typeof FilesCompleteUpload>): Promise<ResponseOf<typeof FilesCompleteUpload>> {
    return this.uploads.completeDirect(req.ctx, req.params.id);
  }
}
