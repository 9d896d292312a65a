import { afterAll, describe, expect, it } from 'vitest';
import { SampleHub } from './sample-hub';
import { closeAllStreams, streamSamples } from './sse';

// The hub here has no broker behind it: these tests are about the HTTP side only.
const hub = () => new SampleHub({ source: 'external', brokers: [], topic: 'unused' });
const req = (ip: string, signal?: AbortSignal) =>
  new Request('http://x/api/stream', { headers: { 'x-forwarded-for': ip }, signal });

describe('kafka - SSE limits', () => {
  // The closing state is process-wide (globalThis): don't leave it set for other test files.
  afterAll(() => {
    const g = globalThis as { __cutoverSseShutdown?: { closing: boolean } };
    if (g.__cutoverSseShutdown) g.__cutoverSseShutdown.closing = false;
  });

  it('answers 429 beyond the per-client and total limits, and frees slots on disconnect', () => {
    const h = hub();
    const limits = { maxTotal: 3, maxPerClient: 2, maxQueuedEvents: 100, trustedProxies: 0 };
    const aborts = [new AbortController(), new AbortController(), new AbortController()];
    let clients = 0;
    const open = (ip: string, a?: AbortController) =>
      streamSamples(req(ip, a?.signal), h, (n) => (clients = n), limits);
    expect(open('10.0.0.1', aborts[0]).status).toBe(200);
    expect(open('10.0.0.1', aborts[1]).status).toBe(200);
    expect(open('10.0.0.1').status).toBe(429);
    expect(open('10.0.0.2', aborts[2]).status).toBe(200);
    const full = open('10.0.0.3');
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toBe('5');
    expect(clients).toBe(3);
    for (const a of aborts) a.abort();
    expect(clients).toBe(0);
    expect(h.listenerCount).toBe(0);
    const last = new AbortController();
    expect(open('10.0.0.1', last).status).toBe(200);
    last.abort();
  });

  it('counts a client that forges x-forwarded-for under the address the server appended', () => {
    const h = hub();
    const limits = { maxTotal: 10, maxPerClient: 2, maxQueuedEvents: 100, trustedProxies: 0 };
    const aborts = Array.from({ length: 3 }, () => new AbortController());
    // What appendPeerToForwardedFor makes of a direct client's own header.
    const forged = (i: number) => req(`10.66.0.${i}, 127.0.9.9`, aborts[i]?.signal);
    expect([0, 1, 2].map((i) => streamSamples(forged(i), h, () => {}, limits).status)).toEqual([
      200, 200, 429,
    ]);
    for (const a of aborts) a.abort();
  });

  it('without an address at all, only the total limit applies', () => {
    const h = hub();
    const aborts = Array.from({ length: 5 }, () => new AbortController());
    const limits = { maxTotal: 4, maxPerClient: 1, maxQueuedEvents: 100, trustedProxies: 0 };
    const direct = (a: AbortController) =>
      streamSamples(new Request('http://x/api/stream', { signal: a.signal }), h, () => {}, limits);
    expect(aborts.slice(0, 4).map((a) => direct(a).status)).toEqual([200, 200, 200, 200]);
    expect(direct(aborts[4]!).status).toBe(429);
    for (const a of aborts) a.abort();
  });

  it('disconnects a reader that does not keep up instead of queueing for ever', async () => {
    const h = hub();
    let clients = 0;
    const res = streamSamples(req('10.0.0.9'), h, (n) => (clients = n), {
      maxTotal: 10,
      maxPerClient: 10,
      maxQueuedEvents: 20,
      trustedProxies: 0,
    });
    expect(clients).toBe(1);
    for (let i = 0; i < 100; i += 1) h.inject({ type: 'sample', text: `{"n":${i}}` });
    expect(clients).toBe(0);
    expect(h.listenerCount).toBe(0);
    // What was queued before the cut is still readable, then the stream ends.
    const text = await res.text();
    expect(text).toContain('event: sample');
    expect(text.split('event: sample').length - 1).toBeLessThanOrEqual(22);
  });

  it('closeAllStreams ends every open stream, so a graceful shutdown can finish', async () => {
    const h = hub();
    let clients = 0;
    const responses = ['10.0.1.1', '10.0.1.2', '10.0.1.3'].map((ip) =>
      streamSamples(req(ip), h, (n) => (clients = n)),
    );
    expect(clients).toBe(3);
    closeAllStreams();
    expect(clients).toBe(0);
    expect(h.listenerCount).toBe(0);
    // Each body ends: reading it to the end resolves instead of waiting for ever.
    for (const res of responses) await expect(res.text()).resolves.toContain('retry: 1000');
    // A browser reconnecting to the closing server is turned away, not held open again.
    expect(streamSamples(req('10.0.1.4'), h).status).toBe(503);
  });
});
