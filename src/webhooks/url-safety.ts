import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a webhook may not reach (unless WEBHOOK_ALLOW_PRIVATE=true): a webhook URL is
 * chosen by a customer, and without this rule it would let them make the service call its own
 * loopback, the cloud's metadata endpoint or anything on the private network behind it (SSRF).
 */
const RANGES: Array<{ range: string; network: string; prefix: number; family: 'ipv4' | 'ipv6' }> = [
  { range: 'unspecified', network: '0.0.0.0', prefix: 8, family: 'ipv4' },
  { range: 'private', network: '10.0.0.0', prefix: 8, family: 'ipv4' },
  { range: 'carrier-grade NAT', network: '100.64.0.0', prefix: 10, family: 'ipv4' },
  { range: 'loopback', network: '127.0.0.0', prefix: 8, family: 'ipv4' },
  // 169.254.169.254 (the cloud metadata endpoint) is link-local, so this range covers it too.
  { range: 'link-local', network: '169.254.0.0', prefix: 16, family: 'ipv4' },
  { range: 'private', network: '172.16.0.0', prefix: 12, family: 'ipv4' },
  { range: 'IETF protocol assignments', network: '192.0.0.0', prefix: 24, family: 'ipv4' },
  { range: 'private', network: '192.168.0.0', prefix: 16, family: 'ipv4' },
  { range: 'benchmarking', network: '198.18.0.0', prefix: 15, family: 'ipv4' },
  { range: 'multicast', network: '224.0.0.0', prefix: 4, family: 'ipv4' },
  { range: 'reserved', network: '240.0.0.0', prefix: 4, family: 'ipv4' },
  { range: 'unspecified', network: '::', prefix: 128, family: 'ipv6' },
  { range: 'loopback', network: '::1', prefix: 128, family: 'ipv6' },
  { range: 'unique local (private)', network: 'fc00::', prefix: 7, family: 'ipv6' },
  { range: 'link-local', network: 'fe80::', prefix: 10, family: 'ipv6' },
  { range: 'multicast', network: 'ff00::', prefix: 8, family: 'ipv6' },
  // AWS's IPv6 metadata endpoint lives in fd00:ec2::/32, inside fc00::/7 already.
];

const LISTS = RANGES.map(({ range, network, prefix, family }) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { range, list };
});

/** IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d): judged by the IPv4 address inside. */
function embeddedIpv4(address: string): string | null {
  const match = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!match) return null;
  if (match[1]) return match[1];
  const high = parseInt(match[2], 16);
  const low = parseInt(match[3], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** The name of the refused range an IP address is in, or null when it may be reached. */
export function refusedRange(address: string): string | null {
  const version = isIP(address);
  if (version === 0) return 'not an IP address';
  const inner = version === 6 ? embeddedIpv4(address) : null;
  if (inner) return refusedRange(inner);
  const family = version === 4 ? 'ipv4' : 'ipv6';
  return LISTS.find(({ list }) => list.check(address, family))?.range ?? null;
}

/** Why a webhook URL may not be used; `code` is the API error code. */
export class UnsafeUrlError extends Error {
  constructor(
    readonly code: 'webhook.urlInvalid' | 'webhook.urlScheme' | 'webhook.urlPrivate' | 'webhook.urlUnresolvable' | 'webhook.urlHostNotAllowed',
    readonly params: Record<string, string>,
    message: string,
  ) {
    super(message);
  }
}

/** The host of a URL as DNS and IP parsing want it (IPv6 literals without their brackets). */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Parses a webhook URL and checks its scheme; throws UnsafeUrlError. */
export function parseWebhookUrl(text: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UnsafeUrlError('webhook.urlInvalid', { url: text }, `${text} is not an absolute URL`);
  }
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    throw new UnsafeUrlError(
      'webhook.urlScheme',
      { scheme: url.protocol.replace(/:$/, ''), allowed: schemes.map((s) => s.replace(/:$/, '')).join(', ') },
      `${url.protocol} URLs are not accepted`,
    );
  }
  if (hostOf(url) === '') throw new UnsafeUrlError('webhook.urlInvalid', { url: text }, `${text} has no host`);
  return url;
}

/**
 * Throws UnsafeUrlError when WEBHOOK_ALLOWED_HOSTS is set and the host is not on it. An entry is a
 * host name or address, or a domain with a leading dot (`.example.fi`: every host under it).
 */
export function assertAllowedHost(host: string, allowedHosts: readonly string[]): void {
  if (allowedHosts.length === 0) return;
  const name = host.toLowerCase().replace(/\.$/, '');
  const allowed = allowedHosts.some((entry) => (entry.startsWith('.') ? name.endsWith(entry) && name.length > entry.length : name === entry));
  if (!allowed) throw new UnsafeUrlError('webhook.urlHostNotAllowed', { host, allowed: allowedHosts.join(', ') }, `${host} is not in WEBHOOK_ALLOWED_HOSTS`);
}

/** Throws UnsafeUrlError unless the address may be reached. */
export function assertReachable(host: string, address: string, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const range = refusedRange(address);
  if (range) {
    throw new UnsafeUrlError('webhook.urlPrivate', { host, address, range }, `${host} is ${address}, a ${range} address (WEBHOOK_ALLOW_PRIVATE is off)`);
  }
}

/**
 * Every address the host stands for, each checked: a name that resolves to any refused address is
 * refused, since the connection could take any of them. Returns the addresses.
 */
export async function resolveSafely(host: string, allowPrivate: boolean, timeoutMs: number): Promise<Array<{ address: string; family: number }>> {
  if (isIP(host) !== 0) {
    assertReachable(host, host, allowPrivate);
    return [{ address: host, family: isIP(host) }];
  }
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = await withTimeout(lookup(host, { all: true, verbatim: true }), timeoutMs);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UnsafeUrlError('webhook.urlUnresolvable', { host, reason }, `${host} does not resolve (${reason})`);
  }
  if (addresses.length === 0) throw new UnsafeUrlError('webhook.urlUnresolvable', { host, reason: 'no address' }, `${host} does not resolve (no address)`);
  for (const { address } of addresses) assertReachable(host, address, allowPrivate);
  return addresses;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS timeout'), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
