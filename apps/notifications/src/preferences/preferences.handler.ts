import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { NotificationPreferencesGet, NotificationPreferencesUpdate, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { PreferencesService } from './preferences.service';

@Controller()
export class PreferencesHandler {
  constructor(private readonly preferences: PreferencesService) {}

  @Handles(NotificationPreferencesGet)
  get(@Payload() req: RequestOf<typeof NotificationPreferencesGet>): Promise<ResponseOf<typeof NotificationPreferencesGet>> {
    return this.preferences.get(req.ctx);
  }

  @Handles(NotificationPreferencesUpdate)
  update(@Payload() req: RequestOf<typeof NotificationPreferencesUpdate>): Promise<ResponseOf<typeof NotificationPreferencesUpdate>> {
    return this.preferences.update(req.ctx, req.body);
  }
}
