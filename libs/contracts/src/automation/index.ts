import { serviceContract } from '../common/service-contract';
import * as events from './events';
import * as tasks from './tasks.contract';
import * as templates from './templates.contract';
import * as workflows from './workflows.contract';

export * from './events';
export * from './tasks.contract';
export * from './templates.contract';
export * from './workflow-definition';
export * from './workflows.contract';

/** Everything the automation service declares. */
export const AUTOMATION = serviceContract('automation', [workflows, tasks, templates, events]);
