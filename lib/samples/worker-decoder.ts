import { decodeSample } from './decode';
import { histogramOfPairs } from './histogram';
import { SampleRejected, type LatencyWindow, type RejectReason, type Transport } from './types';
import type { DecodeReply, DecodeRequest } from './worker-protocol';

/** One message's outcome, reported in arrival order. */
export type DecodedSample =
  | { type: 'window'; window: LatencyWindow; transport: Transport; receivedMs: number }
  | { type: 'rejected'; reason: RejectReason; transport: Transport; receivedMs: number };

export interface SampleDecoder {
  /** Queues one raw sample message that arrived on `transport` at wall-clock `receivedMs`. */
  decode(data: Uint8Array | string, transport: Transport, receivedMs: number): void;
  /** Stops the worker; messages still queued are dropped. */
  stop(): void;
}

function decodeHere(request: DecodeRequest): DecodedSample {
  const { data, transport, receivedMs } = request;
  try {
    return { type: 'window', window: decodeSample(data), transport, receivedMs };
  } catch (err) {
    const reason = err instanceof SampleRejected ? err.reason : 'bad_schema';
    return { type: 'rejected', reason, transport, receivedMs };
  }
}

/**
 * Decodes sample messages in a module Web Worker and reports each outcome (a window or
 * a rejection reason) to onDecoded, in arrival order. Until the worker has loaded, where
 * no worker can start (Node scripts, tests) or if it fails, decodes on the calling thread
 * instead, re-decoding whatever was in flight so no message goes uncounted.
 */
export function startSampleDecoder(onDecoded: (decoded: DecodedSample) => void): SampleDecoder {
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('./decode.worker.ts', import.meta.url), {
      type: 'module',
      name: 'sample-decoder',
    });
  } catch {
    worker = null;
  }
  // Set when the worker has loaded; messages before that are decoded here.
  let ready = false;
  // Requests the worker has not answered yet, oldest first: replies come back in order.
  const inFlight: DecodeRequest[] = [];
  const fallBack = () => {
    worker?.terminate();
    worker = null;
    for (const request of inFlight.splice(0)) onDecoded(decodeHere(request));
  };
  if (worker) {
    worker.onmessage = (e: MessageEvent<DecodeReply>) => {
      const reply = e.data;
      if (reply.type === 'ready') return void (ready = true);
      inFlight.shift();
      if (reply.type === 'rejected') return onDecoded(reply);
      const { pairs, ...meta } = reply.window;
      onDecoded({ ...reply, window: { ...meta, histogram: histogramOfPairs(pairs) } });
    };
    worker.onerror = fallBack;
  }
  return {
    decode(data, transport, receivedMs) {
      // Nothing is queued behind a worker still loading, so order is kept.
      if (!worker || !ready) return onDecoded(decodeHere({ data, transport, receivedMs }));
      // Kept untransferred, to decode here should the worker fail.
      inFlight.push({ data, transport, receivedMs });
      if (typeof data === 'string') return worker.postMessage({ data, transport, receivedMs });
      // A NATS payload can be a view into a larger socket buffer: copy out this message's
      // bytes so only they are transferred, not the whole buffer cloned.
      const bytes = data.slice();
      worker.postMessage({ data: bytes, transport, receivedMs } satisfies DecodeRequest, [
        bytes.buffer,
      ]);
    },
    stop() {
      worker?.terminate();
      worker = null;
      inFlight.length = 0;
    },
  };
}
