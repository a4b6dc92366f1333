import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestOf, ResponseOf, SnsSettingsGet, SnsSettingsUpdate } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { SettingsService } from './settings.service';

@Controller()
export class SettingsHandler {
  constructor(private readonly settings: SettingsService) {}

  @Handles(SnsSettingsGet)
  get(@Payload() req: RequestOf<typeof SnsSettingsGet>): Promise<ResponseOf<typeof SnsSettingsGet>> {
    return this.settings.get(req.ctx);
  }

  @Handles(SnsSettingsUpdate)
  update(@Payload() req: RequestOf<typeof SnsSettingsUpdate>): Promise<ResponseOf<typeof SnsSettingsUpdate>> {
    return this.settings.update(req.ctx, req.body);
  }
}
