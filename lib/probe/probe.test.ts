import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeParity, type Side } from '@/lib/parity';
import { Probe, type ProbeOptions } from './probe';
import {
  parseHeaders,
  probeHeaders,
  type Delivery,
  type ProbeBackend,
  type ProbeMessage,
  type Report,
} from './types';

/**
 * In-memory stand-ins for the two lanes: this is about the probe's own bookkeeping when one
 * lane stops moving. The real brokers are driven in probe.integration.test.ts.
 */
class Lane implements ProbeBackend {
  published = 0;
  readonly reports: Report[] = [];
  private onDelivery: (d: Delivery) => void = () => {};

  constructor(
    readonly name: Side,
    private readonly stalled: boolean,
  ) {}

  publish(m: ProbeMessage): Promise<void> {
    this.published += 1;
    // A stalled broker: the produce request is never answered, as with a frozen leader.
    if (this.stalled) return new Promise(() => {});
    queueMicrotask(() => this.deliver(m));
    return Promise.resolve();
  }
  /** Hands a message to the consumers as a broker would: through its headers. */
  deliver(m: ProbeMessage): void {
    const h = new Map(probeHeaders(m));
    const d = parseHeaders((name) => h.get(name), m.payload);
    if (d) this.onDelivery(d);
  }
  async startConsumers(onDelivery: (d: Delivery) => void): Promise<void> {
    this.onDelivery = onDelivery;
  }
  async stopConsumers(): Promise<void> {}
  async publishReport(r: Report): Promise<void> {
    this.reports.push(r);
  }
  async close(): Promise<void> {}
}

const options = (o: Partial<ProbeOptions> = {}): ProbeOptions => ({
  probeId: 'unit',
  ratePerSecond: 5000,
  durationSeconds: null,
  devices: 10,
  sensorValues: 4,
  maxInFlight: 50,
  windowMs: 1000,
  groups: 1,
  samplesTopic: 'unused',
  parityTopic: 'unused',
  parity: { ledger: 'unit', target: 1_000_000, graceMs: 200 },
  faults: [],
  ...o,
});

// The probe's schedule, windows and drain run on a controlled clock: each test says how
// much time passes, and what is due by then is sent, however busy the machine is.
beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
  });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets ms of the controlled clock pass, running every timer and promise due meanwhile. */
const elapse = (ms: number) => vi.advanceTimersByTimeAsync(ms);

/** Stops the probe (drain up to drainMs) while its clock runs on. */
async function stopAfterDrain(probe: Probe, drainMs: number) {
  const stopped = probe.stop(drainMs);
  await elapse(drainMs + 1000);
  return stopped;
}

describe('probe - one stalled lane', () => {
  it('keeps at most maxBacklog messages waiting and counts every skipped one', async () => {
    const kafka = new Lane('kafka', true);
    const nats = new Lane('nats', false);
    const probe = new Probe([kafka, nats], options({ maxBacklog: 200 }));
    await probe.start();
    let maxBacklog = 0;
    for (let i = 0; i < 20; i += 1) {
      await elapse(20);
      maxBacklog = Math.max(maxBacklog, probe.backlog);
    }
    const summary = await stopAfterDrain(probe, 100);
    const k = summary.backends.find((b) => b.backend === 'kafka')!;
    const n = summary.backends.find((b) => b.backend === 'nats')!;

    // 400 ms at 5,000 msg/s. Without the bound every one would still be held for Kafka.
    expect(n.sent).toBeGreaterThanOrEqual(1900);
    expect(maxBacklog).toBeLessThanOrEqual(200);
    expect(probe.backlog).toBeLessThanOrEqual(200);
    // Kafka took maxInFlight and never acked; everything else was skipped or still waits.
    expect(k.sent).toBe(50);
    expect(k.skipped).toBe(n.sent - k.sent - probe.backlog);
    expect(k.errors).toBe(k.skipped);
    expect(k.errorRate).toBeCloseTo(k.skipped / (k.sent + k.skipped), 9);
    expect(n).toMatchObject({ skipped: 0, errors: 0 });
    // The ledger registered every message once. Of those Kafka never delivered, the ones
    // it took and never answered are missing (in doubt: it may have stored them); the ones
    // never sent to it (skipped, or still waiting for room) are unsent, not lost.
    expect(summary.parity).toMatchObject({
      shadowed: n.sent,
      matched: 0,
      missing: { kafka: k.sent, nats: 0 },
      unsent: { kafka: n.sent - k.sent, nats: 0 },
      inFlight: 0,
    });
  });

  it('bounds the backlog by one grace period of messages when no bound is given', async () => {
    const probe = new Probe(
      [new Lane('kafka', true), new Lane('nats', false)],
      options({ ratePerSecond: 5000, parity: { ledger: 'unit', target: 1, graceMs: 40 } }),
    );
    await probe.start();
    let maxBacklog = 0;
    for (let i = 0; i < 15; i += 1) {
      await elapse(20);
      maxBacklog = Math.max(maxBacklog, probe.backlog);
    }
    const summary = await stopAfterDrain(probe, 50);
    // 5,000 msg/s × 40 ms
    expect(maxBacklog).toBeLessThanOrEqual(200);
    expect(summary.backends.find((b) => b.backend === 'kafka')!.skipped).toBeGreaterThan(0);
  });

  it('skips nothing while both lanes keep up', async () => {
    const probe = new Probe([new Lane('kafka', false), new Lane('nats', false)], options());
    await probe.start();
    await elapse(200);
    const summary = await stopAfterDrain(probe, 500);
    for (const b of summary.backends) expect(b).toMatchObject({ skipped: 0, errors: 0 });
    expect(summary.parity?.matched).toBe(summary.parity?.shadowed);
  });
});

/** A message some other writer left in the stream, as this probe's consumers receive it. */
function leftover(probe: string, run: string, i: number): ProbeMessage {
  return {
    id: `${probe}-${run}-${i}`,
    key: 'device',
    shard: 0,
    payload: new Uint8Array([1, 2, 3]),
    crc: 0x55bc801d,
    intendedUs: (Date.now() - 3_600_000) * 1000,
    probe,
    run,
  };
}

describe('probe - messages this run did not plan', () => {
  it('records only its own messages as latency and counts the others apart, per backend', async () => {
    const kafka = new Lane('kafka', false);
    const nats = new Lane('nats', false);
    const probe = new Probe([kafka, nats], options({ ratePerSecond: 500 }));
    const logged = { foreign: 0, stale: 0 };
    probe.onWindow = (windows) => {
      for (const w of windows.filter((x) => x.backend === 'kafka')) {
        logged.foreign += w.foreign;
        logged.stale += w.stale;
      }
    };
    await probe.start();
    // Another probe's messages (Kafka groups read the whole topic) and an earlier run's.
    for (let i = 0; i < 3; i += 1) kafka.deliver(leftover('other-probe', 'r1', i));
    for (let i = 0; i < 2; i += 1) kafka.deliver(leftover('unit', 'earlier-run', i));
    nats.deliver(leftover('unit', 'earlier-run', 9));
    await elapse(1100);
    const summary = await stopAfterDrain(probe, 500);

    const k = summary.backends.find((b) => b.backend === 'kafka')!;
    const n = summary.backends.find((b) => b.backend === 'nats')!;
    expect(k.sent).toBeGreaterThan(0);
    expect(k).toMatchObject({ consumed: k.sent, foreign: 3, stale: 2 });
    expect(n).toMatchObject({ consumed: n.sent, foreign: 0, stale: 1 });
    // Nothing of another run reached the ledger either.
    expect(summary.parity).toMatchObject({
      matched: summary.parity?.shadowed,
      unknown: { kafka: 0, nats: 0 },
    });
    expect(logged).toEqual({ foreign: 3, stale: 2 });
    // The parity report carries them, so the dashboard can show them.
    const last = kafka.reports
      .filter((r) => r.key === 'unit' && r.text.includes('"parity"'))
      .at(-1);
    expect(decodeParity(last!.text)).toMatchObject({
      foreign: { kafka: 3, nats: 0 },
      stale: { kafka: 2, nats: 1 },
    });
  });
});

describe('probe - injected faults', () => {
  it('puts each injected fault on a message of its own, and on its side only', async () => {
    const probe = new Probe([new Lane('kafka', false), new Lane('nats', false)], options());
    await probe.start();
    probe.injectNext({ kind: 'corrupt', side: 'kafka' });
    probe.injectNext({ kind: 'drop', side: 'nats' });
    probe.injectNext({ kind: 'corrupt', side: 'nats' });
    await elapse(300);
    const summary = await stopAfterDrain(probe, 500);
    const shadowed = summary.parity!.shadowed;
    expect(shadowed).toBeGreaterThan(3);
    expect(summary.parity).toMatchObject({
      matched: shadowed - 3,
      mismatches: { kafka: 1, nats: 1 },
      missing: { kafka: 0, nats: 1 },
      duplicates: { kafka: 0, nats: 0 },
    });
    const [k, n] = summary.backends;
    expect(k).toMatchObject({ sender: 'inline', sent: shadowed, consumed: shadowed });
    expect(n).toMatchObject({ sender: 'inline', sent: shadowed - 1, consumed: shadowed - 1 });
  });
});
