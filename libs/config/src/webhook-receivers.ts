import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may never be delivered, in every environment: the machine itself, the cloud metadata service,
 * the internal network. Without this any manager could make the worker call internal services (SSRF).
 */
const INTERNAL: readonly [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared (carrier-grade NAT)'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fc00::', 7, 'ipv6', 'private (unique local)'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const internal = INTERNAL.map(([net, prefix, family, kind]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, family);
  return { list, family, kind };
});

/** An IPv4 address carried in IPv6 (`::ffff:a.b.c.d`, `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`), else undefined. */
function embeddedIpv4(address: string): string | undefined {
  // The URL parser normalises every spelling (`::ffff:127.0.0.1`, `0:0:0:0:0:ffff:7f00:1`) to compressed hex.
  const host = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const m = /^(?:::ffff:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!m?.[1] || !m[2]) return undefined;
  const [hi, lo] = [parseInt(m[1], 16), parseInt(m[2], 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** What kind of internal address this is (`loopback`, `private`, …), or undefined for a public one. */
export function internalAddressKind(address: string): string | undefined {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (family === 'ipv6') {
    const v4 = embeddedIpv4(address);
    if (v4 !== undefined) return internalAddressKind(v4);
  }
  return internal.find((n) => n.family === family && n.list.check(address, family))?.kind;
}

/** `WEBHOOK_ALLOWED_NETWORKS`: internal networks a receiver may nevertheless be on (`10.20.0.0/16`, `::1/128`). */
export function parseNetworks(value: string | undefined): { list: BlockList; networks: string[] } | string {
  const list = new BlockList();
  const networks = (value ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const network of networks) {
    const [address = '', prefix] = network.split('/');
    const version = isIP(address);
    const bits = prefix === undefined ? (version === 6 ? 128 : 32) : Number(prefix);
    if (!version || !Number.isInteger(bits) || bits < 0 || bits > (version === 6 ? 128 : 32))
      return `${network} is not an address or CIDR network (e.g. 10.20.0.0/16, ::1/128)`;
    list.addSubnet(address, bits, version === 6 ? 'ipv6' : 'ipv4');
  }
  return { list, networks };
}

export class WebhookReceiverRefused extends Error {}

export interface ResolvedReceiver {
  address: string;
  family: 4 | 6;
}

export type HostLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Resolves a receiver URL's host and checks every address it resolves to: if any is internal and not on the
 * allowed networks, the receiver is refused (a name answering with one public and one internal address is
 * refused, too). The caller connects to the returned address, never resolving again (no DNS rebinding between
 * check and connect). Resolution failures are thrown as they are (retryable); a refusal as WebhookReceiverRefused.
 */
export async function resolveWebhookReceiver(
  url: URL,
  allowedNetworks: BlockList | undefined,
  lookup: HostLookup = systemLookup,
): Promise<ResolvedReceiver> {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await lookup(host);
  if (addresses.length === 0) throw new Error(`${host} resolves to no address`);
  for (const { address, family } of addresses) {
    const kind = internalAddressKind(address);
    const allowed = allowedNetworks?.check(address, family === 6 ? 'ipv6' : 'ipv4') ?? false;
    if (kind !== undefined && !allowed)
      throw new WebhookReceiverRefused(
        `receiver address ${address} is ${kind}; internal networks need WEBHOOK_ALLOWED_NETWORKS`,
      );
  }
  const [first] = addresses as [{ address: string; family: number }];
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
