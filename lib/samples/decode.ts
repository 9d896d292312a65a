import type { Histogram } from 'hdr-histogram-js';
import { decodeHistogram, newLatencyHistogram } from './histogram';
import { sampleMessageSchema } from './schema';
import { MAX_MESSAGE_BYTES, MAX_WINDOW_MS, SampleRejected, type LatencyWindow } from './types';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Decodes one protocol-v1 sample message (bytes or text) into a LatencyWindow.
 * Throws SampleRejected with a fixed reason for anything it will not draw.
 */
export function decodeSample(input: Uint8Array | string): LatencyWindow {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_MESSAGE_BYTES) {
    throw new SampleRejected('oversize', `${size} bytes > ${MAX_MESSAGE_BYTES}`);
  }
  const text = typeof input === 'string' ? input : utf8.decode(input);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SampleRejected('not_json', 'body is not JSON');
  }
  if (typeof json === 'object' && json !== null && 'v' in json && json.v !== 1) {
    throw new SampleRejected(
      'bad_version',
      `protocol version ${JSON.stringify(json.v).slice(0, 20)} is not 1`,
    );
  }

  const parsed = sampleMessageSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new SampleRejected(
      'bad_schema',
      first ? `${first.path.join('.')}: ${first.message}` : 'invalid',
    );
  }
  const msg = parsed.data;

  const durationMs = msg.windowEndMs - msg.windowStartMs;
  if (durationMs <= 0 || durationMs > MAX_WINDOW_MS) {
    throw new SampleRejected(
      'out_of_range',
      `window length ${durationMs} ms not in (0, ${MAX_WINDOW_MS}]`,
    );
  }

  const histogram =
    msg.type === 'latency-raw' ? histogramOf(msg.latenciesUs) : decodeChecked(msg.hdr, msg.count);
  return {
    backend: msg.backend,
    metric: msg.metric ?? 'e2e',
    probeId: msg.probe,
    windowStartMs: msg.windowStartMs,
    windowEndMs: msg.windowEndMs,
    count: histogram.totalCount,
    errors: msg.errors,
    bytes: msg.bytes,
    histogram,
  };
}

function histogramOf(latenciesUs: number[]): Histogram {
  const histogram = newLatencyHistogram();
  for (const us of latenciesUs) histogram.recordValue(us);
  return histogram;
}

/** Decodes `hdr` (bounded: see hdr-decode.ts) and checks it against the message's count. */
function decodeChecked(hdr: string, count: number): Histogram {
  let histogram: Histogram;
  try {
    histogram = decodeHistogram(hdr);
  } catch (e) {
    if (e instanceof SampleRejected) throw e;
    throw new SampleRejected('bad_histogram', 'hdr could not be decoded');
  }
  if (histogram.totalCount !== count) {
    throw new SampleRejected(
      'inconsistent',
      `count ${count} but histogram holds ${histogram.totalCount}`,
    );
  }
  return histogram;
}
