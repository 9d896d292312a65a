import { describe, expect, it } from 'vitest';
import { encodeHistogramWindow, encodeRawWindow, newLatencyHistogram } from '@/lib/samples';
import { createMetrics, latencyBuckets, MAX_BACKEND_LABELS, ServerIngest } from '.';

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
    ingest.sample(text, 'nats');
    ingest.sample(text, 'kafka');
    const out = await m.registry.metrics();
    expect(out).toContain('cutover_e2e_latency_seconds_bucket{le="0.12",backend="nats"} 90');
    expect(out).toContain('cutover_e2e_latency_seconds_count{backend="nats"} 100');
    expect(out).toContain('cutover_messages_total{backend="nats"} 100');
    expect(out).toContain('cutover_samples_total{transport="kafka",result="duplicate"} 1');
  });

  it('counts rejections by transport and reason', async () => {
    const m = createMetrics(120);
    const ingest = new ServerIngest(m);
    ingest.sample('{', 'kafka');
    ingest.rejected('oversize', 'kafka');
    const out = await m.registry.metrics();
    expect(out).toContain('cutover_samples_rejected_total{transport="kafka",reason="not_json"} 1');
    expect(out).toContain('cutover_samples_rejected_total{transport="kafka",reason="oversize"} 1');
  });

  it('keeps the series count flat however many distinct ids flow through', async () => {
    const m = createMetrics(120);
    const ingest = new ServerIngest(m);
    for (let i = 0; i < 50; i += 1) ingest.sample(encodeRawWindow(meta(`b${i}`), [1000]), 'nats');
    const after50 = await series(m);
    for (let i = 50; i < 10_000; i += 1)
      ingest.sample(encodeRawWindow(meta(`b${i}`, 1000 + i), [1000]), 'nats');
    expect(await series(m)).toBe(after50);
    const out = await m.registry.metrics();
    expect(out).toContain('backend="other"');
    expect(new Set([...out.matchAll(/backend="([^"]+)"/g)].map((x) => x[1])).size).toBe(
      MAX_BACKEND_LABELS + 1,
    );
  });
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
