import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  BinaryReply,
  I18nCoverage,
  I18nDownload,
  I18nLanguages,
  I18nSetStrings,
  I18nString,
  I18nStrings,
  LanguageCode,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { I18nService } from './i18n.service';

@Controller()
export class I18nHandler {
  constructor(private readonly i18n: I18nService) {}

  @Handles(I18nLanguages)
  languages(): ResponseOf<typeof I18nLanguages> {
    return this.i18n.languages();
  }

  @Handles(I18nStrings)
  strings(@Payload() req: RequestOf<typeof I18nStrings>): Promise<ResponseOf<typeof I18nStrings>> {
    return this.i18n.list(req.params.lang as LanguageCode, req.query);
  }

  @Handles(I18nString)
  string(@Payload() req: RequestOf<typeof I18nString>): Promise<ResponseOf<typeof I18nString>> {
    return this.i18n.get(req.params.lang as LanguageCode, req.params.key);
  }

  @Handles(I18nSetStrings)
  set(@Payload() req: RequestOf<typeof I18nSetStrings>): Promise<ResponseOf<typeof I18nSetStrings>> {
    return this.i18n.set(req.ctx, req.body);
  }

  @Handles(I18nCoverage)
  coverage(): Promise<ResponseOf<typeof I18nCoverage>> {
    return this.i18n.coverage();
  }

  @Handles(I18nDownload)
  download(@Payload() req: RequestOf<typeof I18nDownload>): Promise<BinaryReply> {
    return this.i18n.download(req.params.lang as LanguageCode);
  }
}
