import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect } from '@nats-io/transport-node';
import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { samplesSubject } from '@/lib/samples';
import { stackConfig, uniqueId } from '@/lib/testing/stack';

// Node 20 has no global WebSocket; the browser has one. `ws` stands in for it here.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const config = stackConfig();

async function browserConnection(): Promise<NatsConnection> {
  return wsconnect({
    servers: config.public.natsWsUrls,
    user: config.public.natsBrowserUser,
    pass: config.public.natsBrowserPass,
    reconnect: false,
  });
}

/** Waits for the first permission error the server reports on this connection. */
async function nextPermissionError(nc: NatsConnection, ms = 3000): Promise<string> {
  const timeout = new Promise<string>((_, reject) =>
    setTimeout(() => reject(new Error('no permission error')), ms),
  );
  const seen = (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'error' && /permission/i.test(s.error.message)) return s.error.message;
    }
    return 'closed';
  })();
  return Promise.race([seen, timeout]);
}

describe('nats - browser identity', () => {
  let probe: NatsConnection;
  beforeAll(async () => {
    probe = await connect({
      servers: config.natsServers,
      user: config.natsUser,
      pass: config.natsPass,
    });
  });
  afterAll(async () => {
    await probe.close();
  });

  it('receives sample messages over the WebSocket', async () => {
    const nc = await browserConnection();
    const subject = samplesSubject(uniqueId('b'), uniqueId('p'));
    const sub = nc.subscribe(subject, { max: 1 });
    await nc.flush();
    probe.publish(subject, 'hello');
    for await (const m of sub) expect(m.string()).toBe('hello');
    await nc.close();
  });

  it('cannot publish, even on its own subjects', async () => {
    const nc = await browserConnection();
    const error = nextPermissionError(nc);
    nc.publish(samplesSubject('nats', 'intruder'), '{}');
    await expect(error).resolves.toMatch(/Permissions Violation for Publish/);
    await nc.close();
  });

  it('cannot subscribe outside cutover.v1.>', async () => {
    const nc = await browserConnection();
    const error = nextPermissionError(nc);
    nc.subscribe('iot.sensor.>');
    await expect(error).resolves.toMatch(/Permissions Violation for Subscription/);
    await nc.close();
  });

  it('the WebSocket listener refuses pages from other origins', async () => {
    const upgrade = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(config.public.natsWsUrls[0]!, { headers: { Origin: origin } });
        ws.once('open', () => (ws.close(), resolve(101)));
        ws.once(
          'unexpected-response',
          (_req, res) => (ws.terminate(), resolve(res.statusCode ?? 0)),
        );
        ws.once('error', () => resolve(0));
      });
    // The stack's allowed list (scripts/lib.sh) holds the dashboard's own origins.
    const allowed =
      process.env.CUTOVER_NATS_WS_ALLOWED_ORIGINS?.split(',')[0]?.trim() || 'http://127.0.0.1:3000';
    expect(await upgrade(allowed)).toBe(101);
    expect(await upgrade('https://evil.example')).toBe(403);
    expect(await upgrade('http://127.0.0.1:3999')).toBe(403);
  });

  it('cannot connect over plain TCP', async () => {
    await expect(
      connect({
        servers: config.natsServers,
        user: config.public.natsBrowserUser,
        pass: config.public.natsBrowserPass,
        reconnect: false,
      }),
    ).rejects.toThrow(/Authorization Violation/i);
  });
});
