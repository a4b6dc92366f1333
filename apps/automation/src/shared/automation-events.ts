import { Injectable } from '@nestjs/common';
import type { AutomationEventMap } from '@sf/contracts';
import { TypedEventLog } from '@sf/events';

/** Automation's events, typed by `AutomationEventMap`. */
@Injectable()
export class AutomationEventLog extends TypedEventLog<AutomationEventMap> {}
