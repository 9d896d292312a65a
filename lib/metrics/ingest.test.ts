import { Worker } from 'node:worker_threads';
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { encodeHistogramWindow, encodeRawWindow, newLatencyHistogram } from '@/lib/samples';
import { createMetrics, latencyBuckets, MAX_BACKEND_LABELS, ServerIngest } from '.';
import { WeightedHistogram } from './registry';

// Windows are judged against the receiver's clock: every test's windows arrive 2 s after they start.
const arrival = (windowStartMs = 1000) => windowStartMs + 2000;
const checked = { type: 'checked' } as const;

const meta = (backend: string, windowStartMs = 1000) => ({
  backend,
  probeId: 'p',
  windowStartMs,
  windowEndMs: windowStartMs + 1000,
  errors: 1,
  bytes: 0,
});

async function series(m: ReturnType<typeof createMetrics>): Promise<number> {
  const text = await m.registry.metrics();
  return text.split('\n').filter((l) => l.startsWith('cutover_')).length;
}

describe('metrics - server ingest', () => {
  it('has a bucket edge exactly at the SLA', () => {
    expect(latencyBuckets(120)).toContain(0.12);
    expect(latencyBuckets(187)).toContain(0.187);
  });

  it('turns a window into exact bucket counts around the SLA, once per window', async () => {
    const m = createMetrics(120);
    const ingest = new ServerIngest(m);
    const h = newLatencyHistogram();
    for (let i = 0; i < 90; i += 1) h.recordValue(50_000);
    for (let i = 0; i < 10; i += 1) h.recordValue(150_000);
    const text = encodeHistogramWindow(meta('nats'), h);
    ingest.sample(text, 'nats', checked, arrival());
    ingest.sample(text, 'kafka', checked, arrival());
    const out = await m.registry.metrics();
    expect(out).toContain('cutover_e2e_latency_seconds_bucket{le="0.12",backend="nats"} 90');
    expect(out).toContain('cutover_e2e_latency_seconds_count{backend="nats"} 100');
    expect(out).toContain('cutover_messages_total{backend="nats"} 100');
    expect(out).toContain('cutover_samples_total{transport="kafka",result="duplicate"} 1');
  });

  it('counts a window once, however late its second copy comes', async () => {
    // De-duplication remembers a window for as long as its slot is kept, not for a few slots.
    const m = createMetrics(120);
    const ingest = new ServerIngest(m);
    const h = newLatencyHistogram();
    h.recordValueWithCount(50_000, 100);
    const text = encodeHistogramWindow(meta('nats'), h);
    ingest.sample(text, 'nats', checked, arrival());
    for (let s = 1; s <= 10; s += 1) {
      const later = encodeHistogramWindow(meta('nats', 1000 + s * 1000), h);
      ingest.sample(later, 'nats', checked, arrival(1000 + s * 1000));
    }
    ingest.sample(text, 'kafka', checked, arrival() + 12_000);
    const out = await m.registry.metrics();
    expect(out).toContain('cutover_messages_total{backend="nats"} 1100');
    expect(out).toContain('cutover_samples_total{transport="kafka",result="duplicate"} 1');
  });

  it('refuses a window whose subject or key says another backend or probe', async () => {
    const m = createMetrics(120);
    const ingest = new ServerIngest(m);
    const text = encodeRawWindow(meta('nats'), [1000]);
    expect(ingest.screen(text, 'kafka', { type: 'kafka', key: 'kafka' }, arrival())).toBe(
      'subject_mismatch',
    );
    expect(
      ingest.screen(
        text,
        'nats',
        { type: 'nats', subject: 'cutover.v1.samples.nats.q' },
        arrival(),
      ),
    ).toBe('subject_mismatch');
    expect(ingest.screen(text, 'kafka', { type: 'kafka', key: 'nats' }, arrival())).toBeNull();
    const out = await m.registry.metrics();
    expect(out).toContain(
      'cutover_samples_rejected_total{transport="kafka",reason="subject_mismatch"} 1',
    );
    expect(out).toContain('cutover_messages_total{backend="nats"} 1');
  });

  it('refuses a copy with other content as a conflict and counts the first only', async () => {
    const m = createMetrics(120);
    const ingest = new ServerIngest(m);
    ingest.sample(encodeRawWindow(meta('nats'), [1000]), 'nats', checked, arrival());
    // Counted here; still handed on, as each tab judges copies by its own ledger.
    expect(
      ingest.screen(encodeRawWindow(meta('nats'), [900_000]), 'kafka', checked, arrival()),
    ).toBeNull();
    const out = await m.registry.metrics();
    expect(out).toContain('cutover_samples_rejected_total{transport="kafka",reason="conflict"} 1');
    expect(out).toContain('cutover_messages_total{backend="nats"} 1');
  });

  it('refuses a window from the future as clock_skew', async () => {
    const m = createMetrics(120);
    const ingest = new ServerIngest(m, { skewToleranceMs: 30_000 });
    const ahead = encodeRawWindow(meta('nats', 3_600_000), [1000]);
    // Counted here by this server's clock; each tab judges it by its own.
    expect(ingest.screen(ahead, 'nats', checked, arrival())).toBeNull();
    expect(await m.registry.metrics()).toContain(
      'cutover_samples_rejected_total{transport="nats",reason="clock_skew"} 1',
    );
    expect(await m.registry.metrics()).not.toContain('cutover_messages_total{backend="nats"}');
  });

  it('counts rejections by transport and reason', async () => {
    const m = createMetrics(120);
    const ingest = new ServerIngest(m);
    ingest.sample('{', 'kafka', checked);
    ingest.sample('x'.repeat(64 * 1024 + 1), 'kafka', checked);
    const out = await m.registry.metrics();
    expect(out).toContain('cutover_samples_rejected_total{transport="kafka",reason="not_json"} 1');
    expect(out).toContain('cutover_samples_rejected_total{transport="kafka",reason="oversize"} 1');
  });

  it('keeps the series count flat however many distinct ids flow through', async () => {
    const m = createMetrics(120);
    const ingest = new ServerIngest(m);
    for (let i = 0; i < 50; i += 1)
      ingest.sample(encodeRawWindow(meta(`b${i}`), [1000]), 'nats', checked, arrival());
    const after50 = await series(m);
    for (let i = 50; i < 10_000; i += 1)
      ingest.sample(encodeRawWindow(meta(`b${i}`, 1000 + i), [1000]), 'nats', checked, arrival());
    expect(await series(m)).toBe(after50);
    const out = await m.registry.metrics();
    expect(out).toContain('backend="other"');
    expect(new Set([...out.matchAll(/backend="([^"]+)"/g)].map((x) => x[1])).size).toBe(
      MAX_BACKEND_LABELS + 1,
    );
  });
});

/**
 * Ingests one message in a worker thread terminated after timeoutMs and returns the exposition
 * text, or 'timeout': an ingest that loops per count must fail its test, not hang the suite.
 */
function ingestIsolated(message: string, timeoutMs = 15_000): Promise<string> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     require('tsx/cjs');
     const { createMetrics } = require(workerData.dir + '/registry.ts');
     const { ServerIngest } = require(workerData.dir + '/ingest.ts');
     const m = createMetrics(120);
     new ServerIngest(m).sample(workerData.message, 'nats', { type: 'checked' }, 3000);
     m.registry.metrics().then((text) => parentPort.postMessage(text));`,
    { eval: true, workerData: { dir: import.meta.dirname, message } },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve('timeout');
    }, timeoutMs);
    worker.once('message', (text: string) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(text);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

describe('metrics - server ingest of heavy buckets', () => {
  it('exposes weighted observations exactly as prom-client exposes them one by one', async () => {
    const config = {
      name: 'x_seconds',
      help: 'x',
      labelNames: ['backend'] as const,
      buckets: latencyBuckets(120),
    };
    const ours = new Registry();
    const theirs = new Registry();
    const weighted = new WeightedHistogram({ ...config, registers: [ours] });
    const single = new Histogram({ ...config, registers: [theirs] });
    const observations: [string, number, number][] = [
      ['nats', 0.0005, 3],
      ['nats', 0.12, 2],
      ['kafka', 0.121, 1],
      ['nats', 42, 4],
    ];
    for (const [backend, seconds, n] of observations) {
      weighted.observe({ backend }, seconds, n);
      for (let i = 0; i < n; i += 1) single.observe({ backend }, seconds);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('feeds Prometheus per bucket: one bucket of 2^31 − 1 counts exactly', async () => {
    const h = newLatencyHistogram();
    h.recordValueWithCount(50_000, 2 ** 31 - 1);
    h.recordValueWithCount(150_000, 3);
    const out = await ingestIsolated(encodeHistogramWindow(meta('nats'), h));
    expect(out).not.toBe('timeout');
    // 50,000 µs is HDR bucket [50,000, 50,015]: observed at its top, 0.050015 s, so above 0.05.
    expect(out).toContain('cutover_e2e_latency_seconds_bucket{le="0.05",backend="nats"} 0');
    expect(out).toContain(
      'cutover_e2e_latency_seconds_bucket{le="0.075",backend="nats"} 2147483647',
    );
    expect(out).toContain(
      'cutover_e2e_latency_seconds_bucket{le="0.12",backend="nats"} 2147483647',
    );
    expect(out).toContain(
      'cutover_e2e_latency_seconds_bucket{le="0.15",backend="nats"} 2147483647',
    );
    expect(out).toContain('cutover_e2e_latency_seconds_bucket{le="0.2",backend="nats"} 2147483650');
    expect(out).toContain('cutover_e2e_latency_seconds_count{backend="nats"} 2147483650');
    expect(out).toContain('cutover_messages_total{backend="nats"} 2147483650');
  }, 30_000);
});

describe('metrics - endpoint', () => {
  it('asks for the bearer token when one is configured', async () => {
    const { metricsResponse } = await import('.');
    const token = 'a-long-enough-token-123';
    expect((await metricsResponse(new Request('http://x/api/metrics'), token)).status).toBe(401);
    const ok = await metricsResponse(
      new Request('http://x/api/metrics', { headers: { authorization: `Bearer ${token}` } }),
      token,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('process_cpu_seconds_total');
  });
});

describe('metrics - parity gauge', () => {
  // As an older probe publishes it (docs/protocol.md, "Parity progress"): no late, foreign, stale.
  const older = {
    v: 1,
    type: 'parity',
    probe: 'p',
    ledger: 'default',
    atMs: 1000,
    target: 100,
    shadowed: 50,
    matched: 45,
    inFlight: 2,
    mismatches: { kafka: 0, nats: 1 },
    missing: { kafka: 2, nats: 0 },
    duplicates: { kafka: 0, nats: 0 },
    unknown: { kafka: 0, nats: 0 },
    ratePerSecond: 10,
    etaSeconds: 5,
    offenders: [],
  };
  const gauge = async (m: ReturnType<typeof createMetrics>) =>
    (await m.registry.metrics()).split('\n').filter((l) => l.startsWith('cutover_parity_messages'));

  it('exports late, foreign and stale per side, and drops them for a message without them', async () => {
    const m = createMetrics(120);
    const ingest = new ServerIngest(m);
    ingest.parity(
      JSON.stringify({
        ...older,
        late: { kafka: 3, nats: 0 },
        foreign: { kafka: 1800, nats: 0 },
        stale: { kafka: 0, nats: 199 },
      }),
    );
    const lines = await gauge(m);
    for (const line of [
      'cutover_parity_messages{kind="late",side="kafka"} 3',
      'cutover_parity_messages{kind="late",side="nats"} 0',
      'cutover_parity_messages{kind="foreign",side="kafka"} 1800',
      'cutover_parity_messages{kind="foreign",side="nats"} 0',
      'cutover_parity_messages{kind="stale",side="kafka"} 0',
      'cutover_parity_messages{kind="stale",side="nats"} 199',
      'cutover_parity_messages{kind="missing",side="kafka"} 2',
    ])
      expect(lines).toContain(line);

    // The older probe counted none of them: no figure, rather than a 0 it never measured.
    ingest.parity(JSON.stringify({ ...older, missing: { kafka: 1, nats: 0 } }));
    const after = await gauge(m);
    expect(after).toContain('cutover_parity_messages{kind="missing",side="kafka"} 1');
    expect(after.filter((l) => /kind="(late|foreign|stale)"/.test(l))).toEqual([]);
  });
});
