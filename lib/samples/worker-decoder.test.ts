import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  decodeHistogram,
  encodeHistogram,
  encodeHistogramWindow,
  encodeRawWindow,
  histogramOfPairs,
  histogramPairs,
  newLatencyHistogram,
} from '.';
import { startSampleDecoder, type DecodedSample } from './worker-decoder';

const meta = {
  backend: 'nats',
  probeId: 'p1',
  windowStartMs: 1_700_000_000_000,
  windowEndMs: 1_700_000_001_000,
  errors: 2,
  bytes: 4096,
};

const percentiles = (h: ReturnType<typeof newLatencyHistogram>) =>
  [0, 50, 90, 99, 99.9, 100].map((p) => h.getValueAtPercentile(p));

/** Every kind of message the feeds see: accepted, duplicate-able, and each rejection reason. */
function messages(): (string | Uint8Array)[] {
  const h = newLatencyHistogram();
  for (let us = 900; us <= 80_000; us += 37) h.recordValue(us);
  const good = encodeHistogramWindow(meta, h);
  return [
    good,
    new TextEncoder().encode(good),
    encodeRawWindow({ ...meta, probeId: 'raw' }, [1500, 1500, 2500, 60_000]),
    'x'.repeat(70_000),
    '{"v":1,',
    '{"v":2}',
    '{"v":1,"type":"latency-window"}',
    good.replace(/"hdr":"[^"]+"/, '"hdr":"bm90IGhkcg=="'),
    good.replace(/"count":\d+/, '"count":1'),
    good.replace(/"windowEndMs":\d+/, `"windowEndMs":${meta.windowStartMs}`),
  ];
}

let postedToWorker = 0;

/** A Worker that runs decode.worker.ts on this thread, with structured cloning as the browser does. */
async function installSameThreadWorker(): Promise<unknown[]> {
  const scope: { onmessage?: (e: { data: unknown }) => void; postMessage?: unknown } = {};
  const ports: { onmessage: ((e: { data: unknown }) => void) | null }[] = [];
  scope.postMessage = (data: unknown) =>
    queueMicrotask(() => ports.at(-1)?.onmessage?.({ data: structuredClone(data) }));
  vi.stubGlobal('self', scope);
  await import('./decode.worker');
  vi.stubGlobal(
    'Worker',
    class {
      onmessage: ((e: { data: unknown }) => void) | null = null;
      onerror: (() => void) | null = null;
      constructor() {
        ports.push(this);
        // The real worker announces itself once its module has loaded.
        queueMicrotask(() => this.onmessage?.({ data: { type: 'ready' } }));
      }
      postMessage(data: unknown) {
        postedToWorker += 1;
        queueMicrotask(() => scope.onmessage?.({ data: structuredClone(data) }));
      }
      terminate() {}
    },
  );
  return ports;
}

async function decodeAll(): Promise<DecodedSample[]> {
  const out: DecodedSample[] = [];
  const decoder = startSampleDecoder((d) => out.push(d));
  await new Promise((r) => setTimeout(r, 0));
  messages().forEach((m, i) => decoder.decode(m, i % 2 ? 'kafka' : 'nats', i));
  await vi.waitFor(() => expect(out).toHaveLength(messages().length));
  decoder.stop();
  return out;
}

describe('samples - decoding worker', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('rebuilds a histogram from its (value, count) pairs with the same percentiles', () => {
    const h = newLatencyHistogram();
    for (let us = 1; us < 3_000_000; us = Math.ceil(us * 1.013)) h.recordValueWithCount(us, 3);
    for (const source of [h, decodeHistogram(encodeHistogram(h))]) {
      const rebuilt = histogramOfPairs(histogramPairs(source));
      expect(rebuilt.totalCount).toBe(source.totalCount);
      expect(percentiles(rebuilt)).toEqual(percentiles(source));
    }
    expect(histogramOfPairs(histogramPairs(newLatencyHistogram())).totalCount).toBe(0);
  });

  it('reports every message in order, with the same windows and reasons as decodeSample', async () => {
    const inThread = await decodeAll();
    const workers = await installSameThreadWorker();
    const viaWorker = await decodeAll();
    expect(workers).toHaveLength(1);
    expect(postedToWorker).toBe(messages().length);
    const summary = (d: DecodedSample) =>
      d.type === 'window'
        ? [
            d.transport,
            d.receivedMs,
            d.window.probeId,
            d.window.count,
            percentiles(d.window.histogram),
          ]
        : [d.transport, d.receivedMs, d.reason];
    expect(viaWorker.map(summary)).toEqual(inThread.map(summary));
    expect(inThread.map((d) => (d.type === 'window' ? 'window' : d.reason))).toEqual([
      'window',
      'window',
      'window',
      'oversize',
      'not_json',
      'bad_version',
      'bad_schema',
      'bad_histogram',
      'inconsistent',
      'out_of_range',
    ]);
  });
});
