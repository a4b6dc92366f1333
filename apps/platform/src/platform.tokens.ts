/** The service's pino logger, for providers that log. */
export const PLATFORM_LOGGER = Symbol('PLATFORM_LOGGER');
