import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/**
 * The address a request came from: Fastify's `request.ip`, which behind a trusted proxy
 * (EMBARK_TRUST_PROXY) is read from X-Forwarded-For — text a proxy passed on, so it is checked to be
 * an address; otherwise the socket's own peer. Every limit and every stored address (sessions, audit)
 * uses this.
 */
export function clientAddress(request: FastifyRequest): string {
  const ip = request.ip;
  if (typeof ip === 'string' && isIP(ip)) return ip;
  return request.socket.remoteAddress ?? '0.0.0.0';
}

/**
 * The key an address is limited under. One IPv6 client is handed a whole /64 (and can use any address
 * in it), so IPv6 addresses count per /64; an IPv4 address written as IPv6 (::ffff:a.b.c.d) is IPv4.
 */
export function limitKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  // expand :: so the first four groups are the network
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
