import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Addresses no delivery may reach: private, loopback, link-local (cloud metadata), shared, multicast, reserved. */
const REFUSED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  REFUSED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  REFUSED.addSubnet(network, prefix, 'ipv6');

/** Whether an address is one a delivery must not reach (IPv4-mapped IPv6 judged as its IPv4). */
export function isRefusedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return REFUSED.check(mapped[1], 'ipv4');
  // The same, written in hex (`::ffff:a00:1` is 10.0.0.1), as URL parsing writes it.
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return REFUSED.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, 'ipv4');
  }
  const family = isIP(address);
  if (family === 0) return true;
  return REFUSED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class UnsafeUrl extends Error {}

export interface OutboundRules {
  allowedHosts: string[];
  allowHttp: boolean;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** Whether the URL's host (or host:port) is on the allow-list of local stand-ins. */
export function isAllowListed(url: URL, rules: OutboundRules): boolean {
  const host = hostOf(url);
  return (
    rules.allowedHosts.includes(host) || rules.allowedHosts.includes(`${host}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`)
  );
}

/** Checks what can be told without DNS: scheme, credentials, an address literal; answers the parsed URL. */
export function checkUrlShape(raw: string, rules: OutboundRules): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrl('is not a URL');
  }
  if (url.username || url.password) throw new UnsafeUrl('must not carry credentials');
  if (isAllowListed(url, rules)) return url;
  const literal = isIP(hostOf(url)) ? hostOf(url) : null;
  if (literal && isRefusedAddress(literal)) throw new UnsafeUrl('points at a private, loopback, link-local or reserved address');
  if (url.protocol !== 'https:' && !(rules.allowHttp && url.protocol === 'http:')) throw new UnsafeUrl('must use https');
  return url;
}

/** Resolves the host and refuses it if any address it has is refused (so no answer can be picked to slip through). */
export function resolveSafely(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) return reject(new UnsafeUrl(`host ${hostname} cannot be resolved`));
      if (addresses.length === 0) return reject(new UnsafeUrl(`host ${hostname} has no address`));
      if (addresses.some((a) => isRefusedAddress(a.address))) {
        return reject(new UnsafeUrl('resolves to a private, loopback, link-local or reserved address'));
      }
      resolve(addresses);
    });
  });
}

/** The full check at registration: shape, then (unless allow-listed) what the host resolves to now. */
export async function checkOutboundUrl(raw: string, rules: OutboundRules): Promise<URL> {
  const url = checkUrlShape(raw, rules);
  if (!isAllowListed(url, rules)) await resolveSafely(hostOf(url));
  return url;
}

/**
 * A `lookup` for http(s).request that resolves at connection time and refuses unsafe addresses, so
 * the address checked is the address connected to (no second resolution to rebind).
 */
export function safeLookup(
  hostname: string,
  options: { all?: boolean },
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
): void {
  resolveSafely(hostname).then(
    (addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family)),
    (error: Error) => callback(error, ''),
  );
}
