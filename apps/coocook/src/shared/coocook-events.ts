import { Injectable } from '@nestjs/common';
import type { CoocookEventMap } from '@sf/contracts';
import { TypedEventLog } from '@sf/events';

/** CooCook's events, typed by `CoocookEventMap`; `subject` is the booking, chef or recipe id. */
@Injectable()
export class CoocookEvents extends TypedEventLog<CoocookEventMap> {}
