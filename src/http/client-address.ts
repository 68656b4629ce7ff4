import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The address a client is rate-limited by. Behind `trustedProxies` proxies (load balancers that
 * append to X-Forwarded-For), it is the entry that many places from the right: everything left of
 * it was written by the client and proves nothing. Without trusted proxies the header is ignored.
 * An IPv6 client is keyed by its /64 network, the block one subscriber usually gets: anyone can
 * pick a new address inside it for every request.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: number): string {
  let address = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies > 0) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const client = forwarded[Math.max(0, forwarded.length - trustedProxies)];
    if (client && isIP(client)) address = client;
  }
  return rateLimitKey(address);
}

export function rateLimitKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIP(address) !== 6) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, `::` expanded (an embedded IPv4 tail counts as two). */
function expandIPv6(address: string): string[] {
  const [withoutZone = ''] = address.toLowerCase().split('%');
  const [head = '', tail] = withoutZone.split('::');
  const groups = (part: string | undefined) =>
    (part ? part.split(':') : []).flatMap((group) => (group.includes('.') ? ['v4', 'v4'] : [group.padStart(4, '0')]));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0000'), ...right];
}
