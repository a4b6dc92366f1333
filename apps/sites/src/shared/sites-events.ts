import { Injectable } from '@nestjs/common';
import type { SitesEventMap } from '@sf/contracts';
import { TypedEventLog } from '@sf/events';

/** The sites service's events, typed by `SitesEventMap`. */
@Injectable()
export class SitesEvents extends TypedEventLog<SitesEventMap> {}
