import { Producer, ProduceAcks } from '@platformatic/kafka';
// The module, not lib/kafka's index: this runs in the sender threads, which need no more.
import { PRODUCER_REQUEST_TIMEOUT_MS } from '@/lib/kafka/client-timeouts';
import { probeHeaders, type KafkaAcks, type ProbeMessage } from './types';

type Pending = { message: ProbeMessage; resolve: () => void; reject: (err: unknown) => void };

/**
 * Most bytes of payload in one produce request. The broker refuses a record batch above
 * message.max.bytes (1 MB by default) with MESSAGE_TOO_LARGE, and a late turn at 10,000
 * msg/s carries ~700 due 1.4 KB messages: unsplit, those all failed (measured: 66,609 of
 * 150,000 in a 15 s run). Half the broker's limit leaves room for keys, headers and framing;
 * the Java producer splits the same way (batch.size per partition, max.request.size 1 MB).
 */
export const MAX_REQUEST_BYTES = 512 * 1024;
/** Key, headers and record framing beside the payload, an upper estimate. */
const RECORD_OVERHEAD_BYTES = 256;

/** How many messages from the front of `queue` make one request of at most maxBytes (≥ 1). */
export function firstRequestLength(
  queue: readonly { message: ProbeMessage }[],
  maxBytes = MAX_REQUEST_BYTES,
): number {
  let bytes = 0;
  for (let n = 0; n < queue.length; n++) {
    bytes += queue[n]!.message.payload.byteLength + RECORD_OVERHEAD_BYTES;
    if (bytes > maxBytes) return Math.max(1, n);
  }
  return queue.length;
}

/**
 * Produce requests awaiting the broker's answer at once; further messages queue and go
 * in the next request when one returns. The Java producer's
 * max.in.flight.requests.per.connection default (5), and for the same reason: under load
 * the queue grows between answers, so requests grow and their count per second falls. A
 * request per event-loop turn regardless cost the sender thread ~100 µs of CPU per message
 * at 5,000 msg/s (profiled: the client's per-request work, not the bytes), which on 2
 * cores beside both brokers was CPU the sender did not have.
 */
export const MAX_IN_FLIGHT_REQUESTS = 5;

/**
 * How long the first message of a batch waits for others before the batch is sent, unless
 * MAX_REQUEST_BYTES fill first: the Java producer's linger.ms as Kafka 4.0 defaults it
 * (KIP-1030: 5 ms). The case study's sarama producer flushed every 500 ms. Measured at
 * 1,000 msg/s on 2 cores beside both brokers, 0 ms (a request per 1 ms tick) against 5 ms
 * with the consumers' fetch wait (kafka-consumers.ts): the broker 0.45 → 0.19 cores, the
 * probe's Kafka sender thread 0.27 → 0.20 and consumer thread 0.30 → 0.14, the whole machine
 * 1.79 → 1.30 of 2; Kafka e2e p50 2.8 → 7.0 ms and p99 54 → 31 ms. It is in every Kafka
 * figure the probe reports, as linger is in every Kafka producer's.
 */
export const LINGER_MS = 5;

/**
 * The probe's Kafka producer. Not idempotent: a retried send may land twice, and the probe
 * counts duplicates rather than hide them. Which acks a send waits for is KafkaSender's.
 */
export function createKafkaProducer(
  brokers: string[],
): Producer<string, Uint8Array, string, string> {
  return new Producer<string, Uint8Array, string, string>({
    clientId: 'cutover-probe',
    bootstrapBrokers: brokers,
    requestTimeout: PRODUCER_REQUEST_TIMEOUT_MS,
    serializers: {
      key: (k?: string) => (k === undefined ? undefined : Buffer.from(k)),
      value: (v?: Uint8Array) =>
        v === undefined ? undefined : Buffer.from(v.buffer, v.byteOffset, v.byteLength),
      headerKey: (k?: string) => (k === undefined ? undefined : Buffer.from(k)),
      headerValue: (v?: string) => (v === undefined ? undefined : Buffer.from(v)),
    },
  });
}

/**
 * Writes probe messages to one topic, keyed by device id. What is published queues for
 * LINGER_MS and goes out in produce requests of up to MAX_REQUEST_BYTES, at most
 * MAX_IN_FLIGHT_REQUESTS of them unanswered, as the Go and Java clients' async producers
 * do; one request per message measured ~1,500 msg/s at most here.
 */
export class KafkaSender {
  private queue: Pending[] = [];
  /** Payload and overhead bytes queued (see RECORD_OVERHEAD_BYTES). */
  private queuedBytes = 0;
  private lingering: NodeJS.Timeout | undefined;
  private inFlightRequests = 0;
  private readonly acks: number;

  /**
   * `all` (the default) resolves once every in-sync replica has the write, at least
   * min.insync.replicas of them, so an acknowledged message survives its leader's death; on
   * a single broker it costs the same as `leader`.
   */
  constructor(
    readonly producer: Producer<string, Uint8Array, string, string>,
    private readonly topic: string,
    acks: KafkaAcks = 'all',
    private readonly lingerMs = LINGER_MS,
  ) {
    this.acks = acks === 'all' ? ProduceAcks.ALL : ProduceAcks.LEADER;
  }

  /**
   * Queues the message; it goes once the batch has lingered LINGER_MS or fills a request.
   * Resolves on the producer's acks.
   */
  publish(message: ProbeMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const size = message.payload.byteLength + RECORD_OVERHEAD_BYTES;
      // A full request goes now, as the Java producer sends a batch the next record would
      // overflow; the new message starts the next one.
      if (this.queue.length > 0 && this.queuedBytes + size > MAX_REQUEST_BYTES) this.flush();
      this.queue.push({ message, resolve, reject });
      this.queuedBytes += size;
      this.lingering ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  /** Sends what is queued, in requests of at most MAX_REQUEST_BYTES, while there is room. */
  private flush(): void {
    clearTimeout(this.lingering);
    this.lingering = undefined;
    while (this.queue.length > 0 && this.inFlightRequests < MAX_IN_FLIGHT_REQUESTS) {
      const request = this.queue.splice(0, firstRequestLength(this.queue));
      for (const p of request)
        this.queuedBytes -= p.message.payload.byteLength + RECORD_OVERHEAD_BYTES;
      this.inFlightRequests += 1;
      void this.sendRequest(request).finally(() => {
        this.inFlightRequests -= 1;
        this.flush();
      });
    }
  }

  private async sendRequest(batch: Pending[]): Promise<void> {
    try {
      // Per send: @platformatic/kafka 1.35 applies no producer-level acks to send(), whose
      // own default is the leader's ack.
      await this.producer.send({
        acks: this.acks,
        messages: batch.map(({ message }) => ({
          topic: this.topic,
          key: message.key,
          value: message.payload,
          headers: new Map(probeHeaders(message)),
        })),
      });
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.lingering);
    await this.producer.close();
  }
}
