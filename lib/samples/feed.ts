/** Connection state of one live sample feed (NATS WebSocket or Kafka SSE), as the page shows it. */
export type FeedStatus =
  | { type: 'connecting' }
  | { type: 'connected' }
  | { type: 'reconnecting' }
  | { type: 'unavailable'; reason: string }
  | { type: 'closed' }
  | { type: 'off'; reason: string };

/** What a feed hands to its consumer: raw sample messages (decoded by decodeSample) and status. */
export interface FeedHandlers {
  /** A sample message and where it came from (checked against its body: checkOrigin). */
  onMessage(data: Uint8Array | string, origin: import('./origin').SampleOrigin): void;
  /** A message the transport refused before it reached the decoder (e.g. oversize on the server). */
  onRejected?(reason: import('./types').RejectReason): void;
  onStatus(status: FeedStatus): void;
  /** The server's merged history (lib/latency/history.ts), undecoded: first on a new stream. */
  onHistory?(text: string): void;
  /** A parity progress message (docs/protocol.md), undecoded. */
  onParity?(data: Uint8Array | string): void;
}

/** Stops a feed and releases its connection. */
export type StopFeed = () => void;
