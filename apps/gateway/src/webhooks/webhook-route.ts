import { Injectable, OnModuleInit } from '@nestjs/common';

/** Serves the endpoints declared `servedBy: 'webhook'`: the raw body reaches the service untouched. */
@Injectable()
export class WebhookRoute implements OnModuleInit {
  onModuleInit(): void {}
}
