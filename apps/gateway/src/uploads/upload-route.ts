import { Injectable, OnModuleInit } from '@nestjs/common';

/** Serves the endpoints declared `servedBy: 'upload'`: files stream to storage, never through NATS. */
@Injectable()
export class UploadRoute implements OnModuleInit {
  onModuleInit(): void {}
}
