import { afterAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { parseMigrationConfig } from '@/lib/config';
import { decodeSample, type LatencyWindow } from '@/lib/samples';
import { stackConfig, uniqueId } from '@/lib/testing/stack';
import { createProbe, NATS_ACK_WAIT_MS, type ProbeSettings } from '.';

const config = stackConfig();
// The grace period must outlast JetStream's ack wait: a message a killed consumer had
// pulled but not acked is redelivered only after it (the restart test below needs that).
const migration = parseMigrationConfig({
  parity: { target: 100_000, graceMs: NATS_ACK_WAIT_MS + 3000 },
  consumerGroups: [
    { name: 'ingest', language: 'go' },
    { name: 'alerts', language: 'rust' },
  ],
});
const streams: string[] = [];
let observer: NatsConnection;

afterAll(async () => {
  const jsm = await jetstreamManager(observer);
  for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
  await observer.close();
});

/** Settings with a stream, topic, group prefix and ledger of the test's own. */
function isolated(overrides: Partial<ProbeSettings> = {}): ProbeSettings {
  const id = uniqueId('it').replace('-', '');
  const stream = `IT_${id.toUpperCase()}`;
  streams.push(stream);
  return {
    probeId: uniqueId('probe'),
    backends: ['kafka', 'nats'],
    ratePerSecond: 200,
    durationSeconds: 3,
    devices: 20,
    metrics: 128,
    maxInFlight: 200,
    replicas: 1,
    ledger: id,
    resetLedger: true,
    faults: [],
    names: {
      kafkaTopic: `iot-${id}`,
      stream,
      subjectPrefix: `it.${id}`,
      kafkaGroupPrefix: id,
      parityTopic: `parity-${id}`,
    },
    ...overrides,
  };
}

async function run(
  settings: ProbeSettings,
  during?: (p: Awaited<ReturnType<typeof createProbe>>['probe']) => Promise<void>,
) {
  observer ??= await connect({
    servers: config.natsUrl,
    user: config.natsUser,
    pass: config.natsPass,
  });
  const windows: LatencyWindow[] = [];
  const sub = observer.subscribe(`cutover.v1.samples.*.${settings.probeId}`, {
    callback: (_e, m) => void windows.push(decodeSample(m.data)),
  });
  const created = await createProbe(config, migration, settings);
  await created.probe.start();
  await during?.(created.probe);
  await new Promise((r) => setTimeout(r, (settings.durationSeconds ?? 1) * 1000 + 200));
  const summary = await created.probe.stop(migration.parity.graceMs + 2000);
  await created.close();
  await observer.flush();
  sub.unsubscribe();
  return { summary, windows, restored: created.restored };
}

describe('probe - shadow dual-write through the real brokers', () => {
  it('a 30-second run matches every message on both sides with no mismatches', async () => {
    const { summary, windows } = await run(isolated({ durationSeconds: 30, ratePerSecond: 100 }));
    for (const b of summary.backends)
      expect(b, b.backend).toMatchObject({ sent: 3000, consumed: 3000, errors: 0 });
    expect(summary.parity).toMatchObject({
      shadowed: 3000,
      matched: 3000,
      mismatches: { kafka: 0, nats: 0 },
      missing: { kafka: 0, nats: 0 },
      duplicates: { kafka: 0, nats: 0 },
    });
    // The published end-to-end windows carry every consumed message exactly once.
    for (const backend of ['kafka', 'nats']) {
      const e2e = windows.filter((w) => w.backend === backend && w.metric === 'e2e');
      expect(
        e2e.reduce((n, w) => n + w.count, 0),
        backend,
      ).toBe(3000);
      expect(windows.some((w) => w.backend === backend && w.metric === 'publish')).toBe(true);
    }
  }, 90_000);

  it('reports a corrupted copy as a checksum mismatch and a withheld copy as missing', async () => {
    const { summary } = await run(isolated({ durationSeconds: 2 }), async (probe) => {
      probe.injectNext({ kind: 'corrupt', side: 'kafka' });
      probe.injectNext({ kind: 'drop', side: 'nats' });
    });
    expect(summary.parity).toMatchObject({
      shadowed: 400,
      matched: 398,
      mismatches: { kafka: 1, nats: 0 },
      missing: { kafka: 0, nats: 1 },
    });
  });

  it('loses nothing when consumers are killed and restarted mid-run, and says so', async () => {
    const { summary } = await run(isolated({ durationSeconds: 6 }), async (probe) => {
      await new Promise((r) => setTimeout(r, 1500));
      await Promise.all([
        probe.restartConsumers('nats', 1000),
        probe.restartConsumers('kafka', 1000),
      ]);
    });
    expect(summary.parity).toMatchObject({
      shadowed: 1200,
      matched: 1200,
      missing: { kafka: 0, nats: 0 },
      mismatches: { kafka: 0, nats: 0 },
    });
  }, 60_000);

  it('continues the same ledger after a probe restart', async () => {
    const first = isolated({ durationSeconds: 1 });
    await run(first);
    const second = await run({ ...first, probeId: uniqueId('probe'), resetLedger: false });
    expect(second.restored?.shadowed).toBe(200);
    expect(second.summary.parity?.shadowed).toBe(400);
  }, 60_000);
});
