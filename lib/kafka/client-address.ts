import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The address a request's streams are counted under, from its `x-forwarded-for` chain.
 * The rightmost entry is the socket address this server appended itself
 * (appendPeerToForwardedFor); each of the `trustedProxies` proxies in front appended one
 * entry before it, so the client is that many entries further left. Everything left of
 * that was written by the client and is never trusted. Null when there is no chain.
 */
export function clientAddress(forwardedFor: string | null, trustedProxies: number): string | null {
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  // A chain shorter than the proxies said to be in front came around them: its first hop is
  // the furthest address anyone we trust reported.
  return hops[Math.max(0, hops.length - 1 - trustedProxies)] ?? null;
}

const holder = globalThis as typeof globalThis & { __cutoverPeerStamp?: true };

/**
 * Makes this process's HTTP server append each request's socket address to
 * `x-forwarded-for`, as a proxy does, before Next.js sees the request. `next start`
 * (Next 16, server/base-server.js) only fills the header when a request has none
 * (`??=`): a direct client's own header would reach the route untouched and the socket
 * address would be lost, so a client could pick its own bucket. Node publishes every
 * incoming request on the `http.server.request.start` diagnostics channel before the
 * server's 'request' listeners run. Idempotent.
 */
export function appendPeerToForwardedFor(): void {
  if (holder.__cutoverPeerStamp) return;
  holder.__cutoverPeerStamp = true;
  subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const peer = socket.remoteAddress;
    if (!peer) return;
    const sent = request.headers['x-forwarded-for'];
    request.headers['x-forwarded-for'] = sent ? `${[sent].flat().join(', ')}, ${peer}` : peer;
  });
}
