import type { LatencyWindow, RejectReason, Transport } from './types';

/** A raw sample message handed to the decoding worker, with where and when it arrived. */
export interface DecodeRequest {
  data: Uint8Array | string;
  transport: Transport;
  receivedMs: number;
}

/** A decoded window with its histogram as (valueUs, count) pairs (see histogramPairs). */
export type CompactWindow = Omit<LatencyWindow, 'histogram'> & { pairs: Float64Array };

/** The worker's answer to one DecodeRequest, in request order; 'ready' once, when it has loaded. */
export type DecodeReply =
  | { type: 'ready' }
  | { type: 'window'; transport: Transport; receivedMs: number; window: CompactWindow }
  | { type: 'rejected'; transport: Transport; receivedMs: number; reason: RejectReason };
