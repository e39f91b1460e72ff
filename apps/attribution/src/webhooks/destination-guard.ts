import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';

/**
 * Where outgoing webhooks may go. A merchant names the URL, so without this check it could name
 * the cloud metadata service, a database on the private network or a port on this machine, and
 * read the first characters of the answer through the deliveries API (SSRF).
 */
const forbidden = new BlockList();
// IPv4: unspecified/"this network", private, carrier-grade NAT, loopback, link-local (metadata), test nets, multicast, reserved, broadcast.
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  forbidden.addSubnet(net, prefix, 'ipv4');
}
// IPv6: unspecified, loopback, IPv4-mapped and -translated (checked again as IPv4 below), NAT64, discard, documentation,
// unique-local, link-local, site-local, multicast.
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  forbidden.addSubnet(net, prefix, 'ipv6');
}
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** The IPv4 address an IPv6 address carries (::ffff:a.b.c.d, ::a.b.c.d, ::ffff:7f00:1), or null. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:(?:0:)?|::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

export interface DestinationPolicy {
  /** Loopback receivers for local development and the tests (WEBHOOK_ALLOW_LOOPBACK); never private or link-local ones. */
  allowLoopback: boolean;
}

/** Why an address is no webhook destination, or null when it is a public one. */
export function refusedAddress(address: string, policy: DestinationPolicy): string | null {
  const unbracketed = address.replace(/^\[|\]$/g, '');
  const family = isIP(unbracketed);
  if (family === 0) return `${address} is not an IP address`;
  const v4 = family === 6 ? embeddedIpv4(unbracketed) : unbracketed;
  if (v4 !== null && isIP(v4) === 4) {
    if (policy.allowLoopback && loopback.check(v4, 'ipv4')) return null;
    return forbidden.check(v4, 'ipv4') ? `${address} is a loopback, private, link-local, multicast or reserved address` : null;
  }
  if (policy.allowLoopback && loopback.check(unbracketed, 'ipv6')) return null;
  return forbidden.check(unbracketed, 'ipv6') ? `${address} is a loopback, private, link-local, unique-local, multicast or reserved address` : null;
}

/**
 * Checks a URL before it is stored or sent to. The URL parser has already turned decimal, octal
 * and hex IPv4 forms (http://2130706433/, http://0177.0.0.1/) into dotted quads. Host names are
 * resolved only when a delivery connects (see `guardedLookup`), so a name that later resolves to a
 * private address (DNS rebinding) is refused there.
 */
export function refusedDestination(rawUrl: string, policy: DestinationPolicy): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'is not a URL';
  }
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (isIP(host)) {
    const refused = refusedAddress(host, policy);
    return refused ? `must not point at ${refused}` : null;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return policy.allowLoopback ? null : `must not point at ${host}, a loopback name`;
  if (!host.includes('.')) return `must name a public host with a domain (got "${host}")`;
  return null;
}

/** Resolves a host name to all its addresses; a stub in the tests, so no test ever connects elsewhere. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

export class RefusedDestinationError extends Error {
  readonly code = 'EDESTINATIONREFUSED';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request: every address the name resolves to must be allowed, and the
 * connection goes to one of exactly those, so the name cannot resolve to a public address when
 * checked and to a private one when connected.
 */
export function guardedLookup(resolver: Resolver, policy: DestinationPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolver(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
        for (const a of addresses) {
          const refused = refusedAddress(a.address, policy);
          if (refused) return callback(new RefusedDestinationError(`${hostname} resolves to ${refused}`), []);
        }
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, []),
    );
  };
}
