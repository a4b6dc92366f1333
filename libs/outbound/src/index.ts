/**
 * Requests to URLs that users give (webhooks, automation steps): https only unless allowed,
 * private, loopback, link-local (cloud metadata) and reserved addresses refused at the moment the
 * connection is made, redirects not followed, bounded in time and size.
 */
export * from './outbound-url';
export * from './outbound-request';
