import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestOf, ResponseOf, SettingsPreferences, SettingsUpdatePreferences } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { PreferencesService } from './preferences.service';

@Controller()
export class PreferencesHandler {
  constructor(private readonly preferences: PreferencesService) {}

  @Handles(SettingsPreferences)
  get(@Payload() req: RequestOf<typeof SettingsPreferences>): Promise<ResponseOf<typeof SettingsPreferences>> {
    return this.preferences.get(req.ctx);
  }

  @Handles(SettingsUpdatePreferences)
  update(@Payload() req: RequestOf<typeof SettingsUpdatePreferences>): Promise<ResponseOf<typeof SettingsUpdatePreferences>> {
    return this.preferences.update(req.ctx, req.body);
  }
}
