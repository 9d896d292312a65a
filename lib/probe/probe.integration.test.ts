import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { parseMigrationConfig } from '@/lib/config';
import { addTotals, diffTotals, emptyTotals } from '@/lib/parity';
import { decodeSample, type LatencyWindow } from '@/lib/samples';
import { isolatedProbeSettings, stackConfig, uniqueId } from '@/lib/testing/stack';
import {
  createProbe,
  HEADER_ID,
  HEADER_PROBE,
  NATS_ACK_WAIT_MS,
  ParityStore,
  type ProbeSettings,
} from '.';

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

beforeAll(async () => {
  observer = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
  });
});
afterAll(async () => {
  const jsm = await jetstreamManager(observer);
  for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
  await observer.close();
});

/** Settings with a stream, topic, group prefix and ledger of the test's own. */
function isolated(overrides: Partial<ProbeSettings> = {}): ProbeSettings {
  const { settings, stream } = isolatedProbeSettings('it', overrides);
  streams.push(stream);
  return settings;
}

async function run(
  settings: ProbeSettings,
  during?: (p: Awaited<ReturnType<typeof createProbe>>['probe']) => Promise<void>,
) {
  const windows: LatencyWindow[] = [];
  const sub = observer.subscribe(`cutover.v1.samples.*.${settings.probeId}`, {
    callback: (_e, m) => void windows.push(decodeSample(m.data)),
  });
  const created = await createProbe(config, migration, settings);
  await created.probe.start();
  await during?.(created.probe);
  await sleep((settings.durationSeconds ?? 1) * 1000 + 200);
  const summary = await created.probe.stop(migration.parity.graceMs + 2000);
  await created.close();
  await observer.flush();
  sub.unsubscribe();
  return { summary, windows, restored: created.restored };
}

const e2eCount = (windows: LatencyWindow[], backend: string) =>
  windows
    .filter((w) => w.backend === backend && w.metric === 'e2e')
    .reduce((n, w) => n + w.count, 0);

/** Blocks this thread, as a long parity pass or a burst of decoding would. */
function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('probe - shadow dual-write through the real brokers', () => {
  it('a 30-second run matches every message on both sides with no mismatches', async () => {
    const { summary, windows } = await run(isolated({ durationSeconds: 30, ratePerSecond: 100 }));
    for (const b of summary.backends)
      expect(b, b.backend).toMatchObject({
        sender: 'worker',
        sent: 3000,
        consumed: 3000,
        errors: 0,
      });
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
      await sleep(1500);
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

  it('two probes with different ids on the same stream and topic each see all of their own messages', async () => {
    const shared = isolated({ durationSeconds: 3 });
    const [a, b] = await Promise.all(
      ['pa', 'pb'].map((p) =>
        run({ ...shared, probeId: uniqueId(p), ledger: `${shared.ledger}${p}` }),
      ),
    );
    for (const r of [a!, b!]) {
      for (const backend of r.summary.backends)
        expect(backend, backend.backend).toMatchObject({ sent: 600, consumed: 600, errors: 0 });
      expect(r.summary.parity).toMatchObject({
        shadowed: 600,
        matched: 600,
        missing: { kafka: 0, nats: 0 },
        unknown: { kafka: 0, nats: 0 },
      });
      // Every Kafka group reads the whole topic: the other probe's messages arrive too,
      // counted apart; on JetStream each probe's durables read only its own subjects.
      const kafka = r.summary.backends.find((x) => x.backend === 'kafka')!;
      const nats = r.summary.backends.find((x) => x.backend === 'nats')!;
      expect(kafka.foreign).toBeGreaterThan(0);
      expect(nats.foreign).toBe(0);
      const e2e = r.windows.filter((w) => w.metric === 'e2e');
      for (const backend of ['kafka', 'nats'])
        expect(
          e2e.filter((w) => w.backend === backend).reduce((n, w) => n + w.count, 0),
          backend,
        ).toBe(600);
    }
  }, 60_000);

  it("does not record an earlier run's messages left in the stream as latency", async () => {
    const settings = isolated({ durationSeconds: 2 });
    // The earlier run: its consumers die after 1 s while it keeps writing for 1 s more.
    const earlier = await createProbe(config, migration, settings);
    await earlier.probe.start();
    await sleep(1000);
    await earlier.probe.stopConsumers();
    await sleep(1200);
    const left = await earlier.probe.stop(0);
    await earlier.close();
    for (const b of left.backends) expect(b.consumed, b.backend).toBeLessThan(b.sent);

    const { summary, windows } = await run(settings);
    for (const b of summary.backends) {
      expect(b.consumed, b.backend).toBe(b.sent);
      expect(b.stale, b.backend).toBeGreaterThan(0);
      expect(
        windows
          .filter((w) => w.backend === b.backend && w.metric === 'e2e')
          .reduce((n, w) => n + w.count, 0),
        b.backend,
      ).toBe(b.sent);
    }
    expect(summary.parity).toMatchObject({
      shadowed: 400,
      matched: 400,
      unknown: { kafka: 0, nats: 0 },
    });
  }, 60_000);
});

describe('probe - senders and consumers off the main thread', () => {
  it("keeps each lane's schedule while the main thread is blocked 200 ms of every second", async () => {
    // Both probes' schedules run through every block, however far apart they started.
    const blocks = 3;
    const seconds = 6;
    const runs = (['worker', 'inline'] as const).map((sender) => ({
      sender,
      settings: isolated({ durationSeconds: seconds, ratePerSecond: 500, sender }),
      passedWhileBlocked: [] as number[],
    }));
    const created = await Promise.all(runs.map((r) => createProbe(config, migration, r.settings)));
    await Promise.all(created.map((c) => c.probe.start()));
    for (let k = 0; k < blocks; k += 1) {
      await sleep(800);
      // Read from memory the senders share: it needs no turn of this thread's event loop.
      const before = created.map((c) => c.probe.laneProgress());
      busyWait(200);
      const after = created.map((c) => c.probe.laneProgress());
      for (const [i, r] of runs.entries())
        for (const [lane, { next }] of after[i]!.entries())
          r.passedWhileBlocked.push(next - before[i]![lane]!.next);
    }
    await sleep((seconds - blocks) * 1000 + 300);
    const summaries = await Promise.all(
      created.map((c) => c.probe.stop(migration.parity.graceMs + 2000)),
    );
    await Promise.all(created.map((c) => c.close()));

    const [worker, inline] = runs;
    // Each lane's thread kept sending while the main thread was blocked; on the main thread
    // nothing moved. Judged over the three blocks, not in each: in one CI run (2026-12-02, a
    // clean machine, other test files running beside on its 2 cores) one lane passed nothing
    // in one 200 ms block, which every other run had never shown; a thread starved of a core
    // for 200 ms says nothing about the main thread.
    expect(worker!.passedWhileBlocked).toHaveLength(blocks * 2);
    for (let lane = 0; lane < 2; lane += 1) {
      const passed = worker!.passedWhileBlocked.filter((_, k) => k % 2 === lane);
      expect(
        passed.filter((n) => n > 0).length,
        `lane ${lane} passed ${passed.join(', ')} in the blocks`,
      ).toBeGreaterThanOrEqual(blocks - 1);
    }
    expect(inline!.passedWhileBlocked).toEqual(new Array(blocks * 2).fill(0));
    for (const [i, summary] of summaries.entries()) {
      // Every message the schedule planned was sent, consumed and matched, blocked or not.
      for (const b of summary.backends)
        expect(b, `${runs[i]!.sender} ${b.backend}`).toMatchObject({
          sender: runs[i]!.sender,
          sent: 3000,
          consumed: 3000,
          skipped: 0,
          errors: 0,
        });
      expect(summary.parity).toMatchObject({ shadowed: 3000, matched: 3000 });
    }
  }, 60_000);

  it('consumes everything in consumer threads and inline while the main thread is blocked 250 ms of every second', async () => {
    const blocks = 4;
    const seconds = 6;
    const runs = (['worker', 'inline'] as const).map((consumer) =>
      isolated({ durationSeconds: seconds, ratePerSecond: 500, consumer }),
    );
    const created = await Promise.all(runs.map((s) => createProbe(config, migration, s)));
    await Promise.all(created.map((c) => c.probe.start()));
    for (let k = 0; k < blocks; k += 1) {
      await sleep(800);
      busyWait(250);
    }
    await sleep((seconds - blocks) * 1000 + 300);
    const [worker, inline] = await Promise.all(
      created.map((c) => c.probe.stop(migration.parity.graceMs + 2000)),
    );
    await Promise.all(created.map((c) => c.close()));
    // Both consume everything through the blocks. How much of a block shows in the inline
    // run's p99 varied too much across runs to assert (52-65 ms for NATS in full CI runs,
    // above 100 ms alone): the timing is measured by bench:probe, not asserted here.
    for (const b of inline!.backends)
      expect(b, `inline ${b.backend}`).toMatchObject({ consumer: 'inline', consumed: 3000 });
    for (const b of worker!.backends)
      expect(b, `worker ${b.backend}`).toMatchObject({ consumer: 'worker', consumed: 3000 });
    for (const s of [worker!, inline!])
      expect(s.parity).toMatchObject({ shadowed: 3000, matched: 3000 });
  }, 60_000);
});

describe('probe - a fleet', () => {
  it('two probes with shards 1/2 and 2/2 split the rate, write disjoint ids and devices, and each measures its own', async () => {
    const shared = isolated({ durationSeconds: 3, ratePerSecond: 301 });
    const written: { id: string; probe: string; device: string }[] = [];
    const sub = observer.subscribe(`${shared.names!.subjectPrefix}.>`, {
      callback: (_e, m) =>
        void written.push({
          id: m.headers?.get(HEADER_ID) ?? '',
          probe: m.headers?.get(HEADER_PROBE) ?? '',
          device: m.subject.split('.').at(-1)!,
        }),
    });
    const base = uniqueId('fleet');
    const ids = [`${base}-1`, `${base}-2`];
    const results = await Promise.all(
      [0, 1].map((index) =>
        run({
          ...shared,
          probeId: ids[index]!,
          shard: { index, count: 2 },
          ledger: `${shared.ledger}s${index}`,
        }),
      ),
    );
    await observer.flush();
    sub.unsubscribe();

    // 301 msg/s over two shards: 151 + 150, for 3 s.
    const sent = [453, 450];
    for (const [k, r] of results.entries()) {
      expect(r.summary).toMatchObject({ shard: `${k + 1}/2`, targetRate: sent[k]! / 3 });
      for (const b of r.summary.backends)
        expect(b, `${ids[k]} ${b.backend}`).toMatchObject({ sent: sent[k], consumed: sent[k] });
      expect(r.summary.parity).toMatchObject({
        shadowed: sent[k],
        matched: sent[k],
        unknown: { kafka: 0, nats: 0 },
      });
      // Its windows carry its own messages only; the other's reach it on Kafka, counted apart.
      for (const backend of ['kafka', 'nats']) expect(e2eCount(r.windows, backend)).toBe(sent[k]);
      const kafka = r.summary.backends.find((x) => x.backend === 'kafka')!;
      const nats = r.summary.backends.find((x) => x.backend === 'nats')!;
      expect(kafka.foreign).toBeGreaterThan(0);
      expect(nats.foreign).toBe(0);
    }
    // What went over the wire: every id once, none written by both, no device shared.
    const by = ids.map((id) => written.filter((w) => w.probe === id));
    expect(by.map((w) => w.length)).toEqual(sent);
    expect(new Set(written.map((w) => w.id)).size).toBe(453 + 450);
    const devices = by.map((w) => new Set(w.map((x) => x.device)));
    for (const d of devices[0]!) expect(devices[1]!.has(d), d).toBe(false);
  }, 60_000);

  it('three probes keeping one ledger add up exactly: no update lost', async () => {
    const shared = isolated({ durationSeconds: 3, ratePerSecond: 300, resetLedger: false });
    const base = uniqueId('fleet');
    const results = await Promise.all(
      [0, 1, 2].map((index) =>
        run(
          { ...shared, probeId: `${base}-${index + 1}`, shard: { index, count: 3 } },
          async (probe) => {
            if (index === 0) probe.injectNext({ kind: 'corrupt', side: 'kafka' });
            if (index === 1) probe.injectNext({ kind: 'drop', side: 'nats' });
          },
        ),
      ),
    );
    const store = await ParityStore.open(observer, shared.ledger);
    const stored = await store.load();
    await store.reset();
    // 100 msg/s each for 3 s; one corrupted Kafka copy, one withheld NATS copy.
    expect(stored).toMatchObject({
      shadowed: 900,
      matched: 898,
      mismatches: { kafka: 1, nats: 0 },
      missing: { kafka: 0, nats: 1 },
      duplicates: { kafka: 0, nats: 0 },
      unknown: { kafka: 0, nats: 0 },
    });
    // The ledger is exactly the sum of what each probe counted itself (its final totals
    // less those it started from), though all three saved every second at once.
    const own = results.map((r) => diffTotals(r.summary.parity!, r.restored ?? emptyTotals()));
    expect(own.map((t) => t.shadowed)).toEqual([300, 300, 300]);
    expect(own.reduce(addTotals, emptyTotals())).toEqual(stored);
  }, 60_000);
});
