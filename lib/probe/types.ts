/** A message as the probe dual-writes it: same id, bytes and intended time on every backend. */
export interface ProbeMessage {
  id: string;
  key: string;
  payload: Uint8Array;
  intendedUs: number;
}

/** Header names shared by both brokers, so any consumer can measure and match. */
export const HEADER_ID = 'cutover-msg-id';
export const HEADER_INTENDED_US = 'cutover-intended-us';

/** A broker under test as the probe drives it. */
export interface ProbeBackend {
  readonly name: string;
  /** Publishes one message; resolves on broker ack, rejects on failure. */
  publish(message: ProbeMessage): Promise<void>;
  /** Starts consuming; onMessage gets the intended send time (µs) and payload size of each message. */
  consume(onMessage: (intendedUs: number, bytes: number) => void): Promise<void>;
  /** Publishes a protocol-v1 sample message on this backend's sample transport. */
  publishSample(backend: string, probeId: string, text: string): Promise<void>;
  close(): Promise<void>;
}
