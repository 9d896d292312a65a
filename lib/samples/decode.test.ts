import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import * as hdr from 'hdr-histogram-js';
import {
  compressedBase64,
  encodingBytes,
  hostileCases,
  parseHdr,
  windowWithHdr,
} from './hdr-craft';
import {
  decodeSample,
  encodeHistogramWindow,
  encodeRawWindow,
  newLatencyHistogram,
  SampleRejected,
  type RejectReason,
} from '.';

const meta = {
  backend: 'nats',
  probeId: 'p1',
  windowStartMs: 1_700_000_000_000,
  windowEndMs: 1_700_000_001_000,
  errors: 2,
  bytes: 4096,
};

function reasonOf(input: string | Uint8Array): RejectReason | 'accepted' {
  try {
    decodeSample(input);
    return 'accepted';
  } catch (e) {
    if (e instanceof SampleRejected) return e.reason;
    throw e;
  }
}

describe('samples - decode', () => {
  it('round-trips a histogram window', () => {
    const h = newLatencyHistogram();
    for (let us = 1000; us <= 5000; us += 1) h.recordValue(us);
    const w = decodeSample(encodeHistogramWindow(meta, h));
    expect(w).toMatchObject({
      backend: 'nats',
      probeId: 'p1',
      count: 4001,
      errors: 2,
      bytes: 4096,
    });
    expect(w.histogram.getValueAtPercentile(50)).toBe(h.getValueAtPercentile(50));
    expect(w.histogram.getValueAtPercentile(99)).toBe(h.getValueAtPercentile(99));
  });

  it("accepts hdr-histogram-js's zero counts past the end of its counts array (its maximum in the last bucket)", () => {
    // lowest 32, 1 digit, highest 64: a value of 1,000 is in the last of the 32 buckets, and
    // the encoder writes zero counts at indexes 32 and 33 after it (found by the property
    // test of decode.property.test.ts, counterexample below).
    const fixture = 'HISTFAAAACR4nJNpmSzMwMDAzcDAwAjFIKAApR2gNKMtUwMEMDAAAGGxBXQ=';
    const h = hdr.build({
      lowestDiscernibleValue: 32,
      highestTrackableValue: 64,
      numberOfSignificantValueDigits: 1,
      autoResize: true,
    });
    h.recordValue(1000);
    for (const text of [fixture, hdr.encodeIntoCompressedBase64(h)]) {
      const ref = hdr.decodeFromCompressedBase64(text);
      const w = decodeSample(windowWithHdr(text, 1));
      expect(w.histogram.totalCount).toBe(1);
      expect(w.histogram.maxValue).toBe(ref.maxValue);
      expect(w.histogram.getValueAtPercentile(99)).toBe(ref.getValueAtPercentile(99));
    }
    // A count other than zero there still has nowhere to go.
    const past = { ...parseHdr(fixture), payloadLength: undefined };
    const beyond = compressedBase64(
      encodingBytes({ ...past, payload: new Uint8Array([61, 2, 0, 2]) }),
    );
    expect(reasonOf(windowWithHdr(beyond, 2))).toBe('bad_histogram');
  });

  it('accepts bytes as well as text', () => {
    const bytes = new TextEncoder().encode(encodeRawWindow(meta, [10, 20, 30]));
    expect(decodeSample(bytes).count).toBe(3);
  });

  it('turns raw latencies into the same histogram a producer would build', () => {
    const w = decodeSample(encodeRawWindow(meta, [100, 200, 300, 400]));
    expect(w.histogram.totalCount).toBe(4);
    expect(w.histogram.maxValue).toBe(400);
  });

  const h1 = newLatencyHistogram();
  h1.recordValue(1234);
  const good = JSON.parse(encodeHistogramWindow(meta, h1)) as Record<string, unknown>;
  const cases: [string, string | Uint8Array, RejectReason][] = [
    ['oversize', 'x'.repeat(64 * 1024 + 1), 'oversize'],
    ['broken JSON', '{"v":1,', 'not_json'],
    ['NaN literal', '{"v":1,"count":NaN}', 'not_json'],
    ['version 2', JSON.stringify({ ...good, v: 2 }), 'bad_version'],
    ['missing version', JSON.stringify({ ...good, v: undefined }), 'bad_schema'],
    ['count as string', JSON.stringify({ ...good, count: '1' }), 'bad_schema'],
    ['unknown type', JSON.stringify({ ...good, type: 'other' }), 'bad_schema'],
    [
      'HTML backend id',
      JSON.stringify({ ...good, backend: '<script>alert(1)</script>' }),
      'bad_schema',
    ],
    ['10k-char probe id', JSON.stringify({ ...good, probe: 'a'.repeat(10_000) }), 'bad_schema'],
    ['negative raw latency', encodeRawWindow(meta, [-5]), 'bad_schema'],
    ['absurd raw latency', encodeRawWindow(meta, [1e12]), 'bad_schema'],
    ['float raw latency', encodeRawWindow(meta, [1.5]), 'bad_schema'],
    [
      'corrupt histogram',
      JSON.stringify({ ...good, hdr: 'bm90IGEgaGlzdG9ncmFt' }),
      'bad_histogram',
    ],
    ['count mismatch', JSON.stringify({ ...good, count: 7 }), 'inconsistent'],
    [
      'end before start',
      JSON.stringify({ ...good, windowEndMs: meta.windowStartMs - 1 }),
      'out_of_range',
    ],
    [
      'hour-long window',
      JSON.stringify({ ...good, windowEndMs: meta.windowStartMs + 3_600_000 }),
      'out_of_range',
    ],
    ['JSON array', '[1,2,3]', 'bad_schema'],
    ['JSON null', 'null', 'bad_schema'],
  ];
  it.each(cases)('rejects %s', (_name, input, reason) => {
    expect(reasonOf(input)).toBe(reason);
  });

  it('ignores __proto__ keys without polluting Object.prototype', () => {
    const hostile = JSON.stringify(good).replace('{', '{"__proto__":{"polluted":true},');
    expect(reasonOf(hostile)).toBe('accepted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

type Outcome = RejectReason | 'accepted' | 'timeout' | 'crashed';
interface IsolatedResult {
  outcome: Outcome;
  countsArrayLength?: number;
  detail?: string;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
require('tsx/cjs');
const { decodeSample } = require(workerData.module);
parentPort.on('message', (input) => {
  try {
    const w = decodeSample(input);
    parentPort.postMessage({ outcome: 'accepted', countsArrayLength: w.histogram.countsArrayLength });
  } catch (e) {
    parentPort.postMessage(e && e.name === 'SampleRejected'
      ? { outcome: e.reason, detail: e.message }
      : { outcome: 'crashed', detail: String(e) });
  }
});`;

/**
 * decodeSample in a worker thread that is terminated (and replaced) when one input takes
 * longer than timeoutMs, so that a decoder that spins fails its test instead of hanging the
 * suite: a synchronous loop is out of vitest's reach. The timeout guards against hangs only;
 * bench:decode measures speed.
 */
class IsolatedDecoder {
  private worker: Worker | null = null;

  decode(input: string, timeoutMs = 20_000): Promise<IsolatedResult> {
    const worker = (this.worker ??= new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: path.resolve(import.meta.dirname, 'decode.ts') },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    }));
    return new Promise((resolve) => {
      const settle = (result: IsolatedResult, replace: boolean) => {
        clearTimeout(timer);
        worker.removeAllListeners('message').removeAllListeners('error');
        if (replace) {
          void worker.terminate();
          this.worker = null;
        }
        resolve(result);
      };
      const timer = setTimeout(() => settle({ outcome: 'timeout' }, true), timeoutMs);
      worker.once('message', (m: IsolatedResult) => settle(m, false));
      worker.once('error', (e) => settle({ outcome: 'crashed', detail: String(e) }, true));
      worker.postMessage(input);
    });
  }

  close(): void {
    void this.worker?.terminate();
  }
}

// Counts array of a 3-digit µs histogram up to one hour (MAX_LATENCY_US): 23 buckets of 1,024.
const ONE_HOUR_3_DIGITS_COUNTS = 23 * 1024;

describe('samples - hostile histograms (issue 13)', () => {
  const isolated = new IsolatedDecoder();
  afterAll(() => isolated.close());

  it.each(hostileCases().map((c) => [c.name, c] as const))(
    'answers %s without spinning',
    async (_name, c) => {
      const result = await isolated.decode(windowWithHdr(c.hdr, c.count));
      expect(result.outcome, result.detail).toBe(c.expect);
      if (result.outcome === 'accepted') {
        expect(result.countsArrayLength).toBeLessThanOrEqual(ONE_HOUR_3_DIGITS_COUNTS);
      }
    },
    30_000,
  );
});
