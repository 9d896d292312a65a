/**
 * The sample decoder off the page's main thread: JSON parsing, zod validation of
 * 2,500-value raw windows and HdrHistogram inflation took most of a second per second
 * under load. Each request is answered in order with a compact window or a rejection
 * reason, so the page counts exactly what an in-thread decodeSample() would.
 */
import { decodeSample } from './decode';
import { histogramPairs } from './histogram';
import { SampleRejected } from './types';
import type { DecodeReply, DecodeRequest } from './worker-protocol';

self.onmessage = (e: MessageEvent<DecodeRequest>) => {
  const { data, transport, receivedMs } = e.data;
  let reply: DecodeReply;
  try {
    const { histogram, ...meta } = decodeSample(data);
    reply = {
      type: 'window',
      transport,
      receivedMs,
      window: { ...meta, pairs: histogramPairs(histogram) },
    };
  } catch (err) {
    const reason = err instanceof SampleRejected ? err.reason : 'bad_schema';
    reply = { type: 'rejected', transport, receivedMs, reason };
  }
  self.postMessage(reply, { transfer: reply.type === 'window' ? [reply.window.pairs.buffer] : [] });
};

// Until this arrives the page decodes on its own thread: loading this worker's chunk on a
// busy machine took long enough to show as the first windows' glass-to-glass latency.
self.postMessage({ type: 'ready' } satisfies DecodeReply);
