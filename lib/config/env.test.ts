import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '.';

describe('config', () => {
  it('falls back to the local stack defaults', () => {
    const c = parseConfig({});
    expect(c.natsServers).toEqual(['nats://127.0.0.1:4222']);
    expect(c.natsUrl).toBe('nats://127.0.0.1:4222');
    expect(c.natsMonitorUrls).toEqual(['http://127.0.0.1:8222']);
    expect(c.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(c.public.natsWsUrls).toEqual(['ws://127.0.0.1:4223']);
    expect(c.replicas).toBe(1);
    expect(c.kafkaMinIsr).toBe(1);
    expect(c.slaMs).toBe(120);
  });

  it('follows the stack port variables', () => {
    const c = parseConfig({
      CUTOVER_NATS_WS_PORT: '5000',
      CUTOVER_KAFKA_PORT: '19092',
      CUTOVER_NATS_MONITOR_PORT: '18222',
    });
    expect(c.public.natsWsUrls).toEqual(['ws://127.0.0.1:5000']);
    expect(c.kafkaBrokers).toEqual(['127.0.0.1:19092']);
    expect(c.natsMonitorUrls).toEqual(['http://127.0.0.1:18222']);
  });

  it('reads seed lists of every node, as the cluster stack writes them', () => {
    const c = parseConfig({
      CUTOVER_NATS_URL: 'nats://127.0.0.1:4250, nats://127.0.0.1:4251,nats://127.0.0.1:4252',
      CUTOVER_NATS_WS_URL: 'ws://127.0.0.1:4260,ws://127.0.0.1:4261,ws://127.0.0.1:4262',
      CUTOVER_NATS_MONITOR_URLS:
        'http://127.0.0.1:8250,http://127.0.0.1:8251,http://127.0.0.1:8252',
      CUTOVER_KAFKA_BROKERS: '127.0.0.1:9192,127.0.0.1:9193,127.0.0.1:9194',
      CUTOVER_REPLICAS: '3',
      CUTOVER_KAFKA_MIN_ISR: '2',
    });
    expect(c.natsServers).toEqual([
      'nats://127.0.0.1:4250',
      'nats://127.0.0.1:4251',
      'nats://127.0.0.1:4252',
    ]);
    expect(c.natsUrl).toBe('nats://127.0.0.1:4250,nats://127.0.0.1:4251,nats://127.0.0.1:4252');
    expect(c.public.natsWsUrls).toHaveLength(3);
    expect(c.natsMonitorUrls[2]).toBe('http://127.0.0.1:8252');
    expect(c.kafkaBrokers).toHaveLength(3);
    expect(c.replicas).toBe(3);
    expect(c.kafkaMinIsr).toBe(2);
  });

  it('names the bad entry of a seed list and refuses impossible replica settings', () => {
    expect(() =>
      parseConfig({ CUTOVER_NATS_URL: 'nats://127.0.0.1:4250,http://127.0.0.1:4251' }),
    ).toThrow(/CUTOVER_NATS_URL\.1: must start with nats:\/\//);
    expect(() => parseConfig({ CUTOVER_NATS_WS_URL: 'ws://127.0.0.1:4260,' })).toThrow(
      /CUTOVER_NATS_WS_URL\.1/,
    );
    expect(() => parseConfig({ CUTOVER_REPLICAS: '0' })).toThrow(/CUTOVER_REPLICAS/);
    expect(() => parseConfig({ CUTOVER_REPLICAS: '3', CUTOVER_KAFKA_MIN_ISR: '4' })).toThrow(
      /CUTOVER_KAFKA_MIN_ISR: must not exceed CUTOVER_REPLICAS/,
    );
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
      'natsWsUrls',
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
