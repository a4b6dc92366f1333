import { serviceContract } from '../common/service-contract';
import * as components from './components.contract';
import * as events from './events';
import * as pages from './pages.contract';
import * as publicSites from './public.contract';
import * as sites from './sites.contract';

export * from './components.contract';
export * from './events';
export * from './pages.contract';
export * from './public.contract';
export * from './sites.contract';

/** Everything the sites service (WebApp Builder) declares. */
export const SITES = serviceContract('sites', [sites, pages, components, publicSites, events]);
