import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '.';

describe('config', () => {
  it('falls back to the local stack defaults', () => {
    const c = parseConfig({});
    expect(c.natsUrl).toBe('nats://127.0.0.1:4222');
    expect(c.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(c.public.natsWsUrl).toBe('ws://127.0.0.1:4223');
    expect(c.slaMs).toBe(120);
  });

  it('follows the stack port variables', () => {
    const c = parseConfig({ CUTOVER_NATS_WS_PORT: '5000', CUTOVER_KAFKA_PORT: '19092' });
    expect(c.public.natsWsUrl).toBe('ws://127.0.0.1:5000');
    expect(c.kafkaBrokers).toEqual(['127.0.0.1:19092']);
  });

  it('names every bad variable and what is wrong', () => {
    let err: unknown;
    try {
      parseConfig({
        CUTOVER_SLA_MS: 'fast',
        CUTOVER_NATS_WS_URL: 'http://x',
        CUTOVER_KAFKA_BROKERS: 'nohost',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('CUTOVER_SLA_MS');
    expect(msg).toContain('CUTOVER_NATS_WS_URL');
    expect(msg).toContain('must start with ws://');
    expect(msg).toContain('CUTOVER_KAFKA_BROKERS');
  });

  it('keeps server secrets out of the public part', () => {
    const c = parseConfig({ CUTOVER_NATS_PASS: 'server-secret' });
    expect(JSON.stringify(c.public)).not.toContain('server-secret');
    expect(Object.keys(c.public).sort()).toEqual([
      'natsBrowserPass',
      'natsBrowserUser',
      'natsWsUrl',
      'skewToleranceMs',
      'slaMs',
      'source',
    ]);
  });

  it('trusts no proxy unless told how many sit in front', () => {
    expect(parseConfig({}).trustedProxies).toBe(0);
    expect(parseConfig({ CUTOVER_TRUSTED_PROXIES: '2' }).trustedProxies).toBe(2);
    for (const bad of ['-1', '1.5', 'yes', '17'])
      expect(() => parseConfig({ CUTOVER_TRUSTED_PROXIES: bad })).toThrow(
        /CUTOVER_TRUSTED_PROXIES/,
      );
  });

  it('replays the shipped recording when no broker is configured', () => {
    expect(parseConfig({}).source).toMatchObject({ type: 'replay', speed: 1 });
    expect(parseConfig({ CUTOVER_KAFKA_BROKERS: 'k:9092' }).source).toEqual({ type: 'live' });
    expect(parseConfig({ CUTOVER_SOURCE: 'live' }).source).toEqual({ type: 'live' });
  });
});
