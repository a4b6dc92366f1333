import { Injectable } from '@nestjs/common';
import type { SnsEventMap } from '@sf/contracts';
import { TypedEventLog } from '@sf/events';

/** The sns service's events, typed by `SnsEventMap`; `subject` is the post id. */
@Injectable()
export class SnsEventLog extends TypedEventLog<SnsEventMap> {}
