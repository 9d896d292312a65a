import type { Side } from '@/lib/parity';

/** A message as the probe dual-writes it: same id, bytes, checksum and intended time on both brokers. */
export interface ProbeMessage {
  id: string;
  /** Device id: the Kafka key and the last NATS subject token. */
  key: string;
  /** Which consumer group owns this message (device index mod group count). */
  shard: number;
  payload: Uint8Array;
  /** CRC32 (IEEE) of payload, as sent. */
  crc: number;
  intendedUs: number;
  /** The writing probe's id. */
  probe: string;
  /** The writing probe's run: a fresh random id each time a probe starts. */
  run: string;
}

/** A message as a consumer received it. */
export interface Delivery {
  id: string;
  shard: number;
  intendedUs: number;
  payload: Uint8Array;
  /** The CRC32 the writer put in the header. */
  headerCrc: number;
  /** Who wrote it; null for a writer that does not say (older probes, other tools). */
  probe: string | null;
  run: string | null;
}

/** Header names shared by both brokers, so any consumer can measure, verify and match. */
export const HEADER_ID = 'cutover-msg-id';
export const HEADER_INTENDED_US = 'cutover-intended-us';
export const HEADER_CRC32 = 'cutover-crc32';
export const HEADER_SHARD = 'cutover-shard';
export const HEADER_PROBE = 'cutover-probe';
export const HEADER_RUN = 'cutover-run';

/** The probe headers of a message, as written on every broker (parseHeaders reads them back). */
export function probeHeaders(m: ProbeMessage): [string, string][] {
  return [
    [HEADER_ID, m.id],
    [HEADER_INTENDED_US, String(m.intendedUs)],
    [HEADER_CRC32, String(m.crc)],
    [HEADER_SHARD, String(m.shard)],
    [HEADER_PROBE, m.probe],
    [HEADER_RUN, m.run],
  ];
}

/**
 * Reads the probe headers from a header lookup; null when any of id, intended time, CRC32
 * and shard is missing or malformed. Probe and run are optional: older writers lack them.
 */
export function parseHeaders(
  get: (name: string) => string | undefined,
  payload: Uint8Array,
): Delivery | null {
  const id = get(HEADER_ID);
  const intendedUs = Number(get(HEADER_INTENDED_US));
  const headerCrc = Number(get(HEADER_CRC32));
  const shard = Number(get(HEADER_SHARD));
  if (
    !id ||
    !Number.isFinite(intendedUs) ||
    !Number.isInteger(headerCrc) ||
    !Number.isInteger(shard)
  )
    return null;
  return {
    id,
    intendedUs,
    headerCrc,
    shard,
    payload,
    probe: get(HEADER_PROBE) || null,
    run: get(HEADER_RUN) || null,
  };
}

/** A deliberate fault, for tests and demos: damage or withhold one side's copy. */
export interface Fault {
  kind: 'corrupt' | 'drop';
  side: Side;
}

/**
 * Which Kafka acknowledgement counts as sent: `all` waits for every in-sync replica (at
 * least min.insync.replicas of them), `leader` for the partition leader alone (sarama's
 * WaitForLocal), which a leader that dies before its followers fetch can still lose.
 */
export type KafkaAcks = 'all' | 'leader';

/**
 * How a sender thread of its own reaches a broker: plain data, since it crosses into a
 * worker thread, which opens its own producer or connection from it.
 */
export type SenderSpec =
  | { type: 'kafka'; brokers: string[]; topic: string; acks: KafkaAcks }
  | {
      type: 'nats';
      /** The seed list: the sender reconnects to whichever node is up. */
      servers: string[];
      user: string;
      pass: string;
      subjectPrefix: string;
      probeId: string;
    };

/**
 * How a consumer thread of its own reaches a broker's consumers: plain data, since it
 * crosses into a worker thread (lane-consumer.ts). The durables, groups and topics exist
 * by then: the backend's connect made them.
 */
export type ConsumerSpec =
  | {
      type: 'kafka';
      brokers: string[];
      topic: string;
      groups: string[];
      groupPrefix: string;
      probeId: string;
    }
  | {
      type: 'nats';
      servers: string[];
      user: string;
      pass: string;
      stream: string;
      groups: string[];
      probeId: string;
    };

/** A report (latency window or parity progress) and where it goes on each transport. */
export interface Report {
  subject: string;
  topic: string;
  key: string;
  text: string;
}

/** A broker under test as the probe drives it. */
export interface ProbeBackend {
  readonly name: Side;
  /**
   * Set when this broker can be written from a sender thread of its own (see
   * lane-sender.ts); a backend without it is sent to from the main thread, by publish.
   */
  readonly senderSpec?: SenderSpec;
  /**
   * Set when this broker's consumers can run in a thread of their own (lane-consumer.ts);
   * a backend without it is consumed on the main thread, by startConsumers.
   */
  readonly consumerSpec?: ConsumerSpec;
  /** Publishes one message; resolves on broker ack, rejects on failure. */
  publish(message: ProbeMessage): Promise<void>;
  /** Starts one consumer per group; each calls onDelivery for the messages of its shard. */
  startConsumers(onDelivery: (delivery: Delivery) => void): Promise<void>;
  /** Stops the consumers without acknowledging what they have not processed. */
  stopConsumers(): Promise<void>;
  /** Publishes a report on this backend's transport. */
  publishReport(report: Report): Promise<void>;
  close(): Promise<void>;
}
