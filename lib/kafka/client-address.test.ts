import { request as httpRequest, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { appendPeerToForwardedFor, clientAddress } from './client-address';

describe('kafka - client address for the SSE limits', () => {
  it('with no proxy in front, is the address this server appended, whatever the client sent', () => {
    expect(clientAddress('127.0.0.1', 0)).toBe('127.0.0.1');
    expect(clientAddress('10.1.1.1, 127.0.0.1', 0)).toBe('127.0.0.1');
    expect(clientAddress('1.1.1.1, 2.2.2.2,3.3.3.3 ,  192.0.2.7', 0)).toBe('192.0.2.7');
  });

  it('with trusted proxies, is the entry that many hops left of ours, never further', () => {
    // client → proxy (appends the client) → this server (appends the proxy)
    expect(clientAddress('198.51.100.4, 10.0.0.2', 1)).toBe('198.51.100.4');
    // The client's own entries sit left of what the proxy appended and are ignored.
    expect(clientAddress('6.6.6.6, 198.51.100.4, 10.0.0.2', 1)).toBe('198.51.100.4');
    expect(clientAddress('6.6.6.6, 198.51.100.4, 10.0.0.3, 10.0.0.2', 2)).toBe('198.51.100.4');
    // A request that came around the proxy has a shorter chain: its first hop.
    expect(clientAddress('127.0.0.1', 1)).toBe('127.0.0.1');
  });

  it('is null without a chain, and skips empty entries', () => {
    expect(clientAddress(null, 0)).toBeNull();
    expect(clientAddress('', 0)).toBeNull();
    expect(clientAddress(' , ', 2)).toBeNull();
    expect(clientAddress('203.0.113.9, ,', 0)).toBe('203.0.113.9');
  });

  it("appends the socket's address to the header a Node HTTP server hands on", async () => {
    appendPeerToForwardedFor();
    appendPeerToForwardedFor(); // idempotent: one entry per request, not two
    const server = createServer((req, res) => res.end(req.headers['x-forwarded-for'] ?? ''));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const get = (localAddress: string, headers: Record<string, string | string[]>) =>
      new Promise<string>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, localAddress, headers }, (res) => {
          let body = '';
          res.on('data', (b: Buffer) => (body += b.toString()));
          res.on('end', () => resolve(body));
        })
          .on('error', reject)
          .end();
      });
    try {
      expect(await get('127.0.4.2', {})).toBe('127.0.4.2');
      expect(await get('127.0.4.3', { 'x-forwarded-for': '10.9.9.9' })).toBe('10.9.9.9, 127.0.4.3');
      expect(await get('127.0.4.4', { 'x-forwarded-for': ['1.1.1.1', '2.2.2.2'] })).toBe(
        '1.1.1.1, 2.2.2.2, 127.0.4.4',
      );
    } finally {
      server.close();
    }
  });
});
