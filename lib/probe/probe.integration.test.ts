import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { decodeSample, type LatencyWindow } from '@/lib/samples';
import { stackConfig, uniqueId } from '@/lib/testing/stack';
import { KafkaBackend, NatsBackend, Probe } from '.';

const config = stackConfig();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
});

describe('probe - dual write through the real brokers', () => {
  it('consumes every message it sent on both brokers and publishes decodable windows', async () => {
    const id = uniqueId('it').replace('-', '');
    const probeId = uniqueId('probe');
    const stream = `IT_${id.toUpperCase()}`;
    const kafka = await KafkaBackend.connect({
      brokers: config.kafkaBrokers,
      topic: `iot-${id}`,
      groupId: `g-${id}`,
      samplesTopic: `samples-${id}`,
    });
    const nats = await NatsBackend.connect({
      url: config.natsUrl,
      user: config.natsUser,
      pass: config.natsPass,
      stream,
      subjectPrefix: `it.${id}`,
      durable: 'probe',
      replicas: 1,
    });

    const observer = await connect({
      servers: config.natsUrl,
      user: config.natsUser,
      pass: config.natsPass,
    });
    cleanups.push(async () => {
      const jsm = await jetstreamManager(observer);
      await jsm.streams.delete(stream);
      await observer.close();
    });
    const windows: LatencyWindow[] = [];
    observer.subscribe(`cutover.v1.samples.*.${probeId}`, {
      callback: (_err, m) => void windows.push(decodeSample(m.data)),
    });

    const probe = new Probe([kafka, nats], {
      probeId,
      ratePerSecond: 200,
      durationSeconds: 3,
      devices: 10,
      maxInFlight: 100,
      windowMs: 1000,
    });
    await probe.start();
    await new Promise((r) => setTimeout(r, 3300));
    const summary = await probe.stop(5000);
    await observer.flush();
    await Promise.all([kafka.close(), nats.close()]);

    for (const s of summary) {
      expect(s, s.backend).toMatchObject({ sent: 600, consumed: 600, errors: 0 });
      expect(s.p50Ms).toBeGreaterThan(0);
      expect(s.p99Ms).toBeGreaterThanOrEqual(s.p50Ms);
    }
    // The windows carry every measured message exactly once, per backend.
    for (const backend of ['kafka', 'nats']) {
      const counted = windows.filter((w) => w.backend === backend).reduce((n, w) => n + w.count, 0);
      expect(counted, backend).toBe(600);
    }
  });
});
