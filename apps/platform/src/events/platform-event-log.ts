import { Injectable } from '@nestjs/common';
import type { PlatformEventMap } from '@sf/contracts';
import { TypedEventLog } from '@sf/events';

/** The platform's events, typed by `PlatformEventMap`. */
@Injectable()
export class PlatformEventLog extends TypedEventLog<PlatformEventMap> {}
