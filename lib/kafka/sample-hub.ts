import { randomUUID } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { Consumer, type MessagesStream } from '@platformatic/kafka';
import {
  MAX_MESSAGE_BYTES,
  type FeedStatus,
  type RejectReason,
  type SampleOrigin,
} from '@/lib/samples';
import { CONSUMER_REQUEST_TIMEOUT_MS } from './client-timeouts';
import { describeError } from './errors';
import { ensureTopics } from './topics';

/** What the hub fans out to every connected browser. */
export type HubEvent =
  | { type: 'sample'; text: string }
  /** The server's merged history (lib/latency/history.ts), first thing on a new stream. */
  | { type: 'history'; text: string }
  | { type: 'parity'; text: string }
  | { type: 'rejected'; reason: RejectReason }
  | { type: 'status'; status: FeedStatus };

type Listener = (event: HubEvent) => void;

/**
 * Decides, once per sample for the whole server, whether it goes out to the streams:
 * null to pass it on, or the reason it was refused (then only the reason goes out).
 */
export type SampleScreen = (data: Uint8Array | string, origin: SampleOrigin) => RejectReason | null;

export interface HubOptions {
  /** Where samples come from: the Kafka topic, or whoever calls inject() (a replay). */
  source: 'kafka' | 'external';
  brokers: string[];
  topic: string;
  /** Parity progress topic, read beside the samples topic. */
  parityTopic?: string;
  /** Wait before retrying after Kafka went away, in ms. */
  retryMs?: number;
  /**
   * Replication of the topics the hub creates when they are missing (default 1), and their
   * min.insync.replicas: on a cluster, the probe writes them with acks=all, which a topic
   * with fewer replicas than min.insync.replicas refuses.
   */
  replicas?: number;
  minInsyncReplicas?: number;
}

/**
 * One Kafka consumer per server process, fanned out to every SSE client, so a hundred
 * open dashboards cost one consumer, not a hundred. It joins a group of its own that
 * starts at the log end: a dashboard shows the live tail (and the last minute of it to a
 * tab that joins late), never a replay of older history.
 */
export class SampleHub {
  private readonly listeners = new Set<Listener>();
  private status: FeedStatus = { type: 'connecting' };
  private consumer: Consumer<Buffer, Buffer, Buffer, Buffer> | undefined;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  private started = false;
  private closed = false;
  private screen: SampleScreen | null = null;
  private welcome: (() => HubEvent[]) | null = null;

  constructor(private readonly options: HubOptions) {}

  /**
   * Adds a listener; it first receives the current status, then the welcome events (the
   * server's merged history: setWelcome), then live events. Returns the unsubscribe function.
   */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener({ type: 'status', status: this.status });
    for (const event of this.welcome?.() ?? []) listener(event);
    if (!this.started && this.options.source === 'kafka') {
      this.started = true;
      void this.run();
    }
    return () => this.listeners.delete(listener);
  }

  /**
   * What a new subscriber gets before live events, so a tab opened mid-run starts from
   * the server's past (its merged history) rather than from an empty chart.
   */
  setWelcome(welcome: () => HubEvent[]): void {
    this.welcome = welcome;
  }

  /**
   * Checks every sample before it is fanned out (the server's ingest: decode, key check,
   * de-duplication), so each is decoded once per server and a refused one reaches the tabs
   * as its reason only.
   */
  setScreen(screen: SampleScreen): void {
    this.screen = screen;
  }

  /** Emits an event from an external source (a replay) as if it came from the topic. */
  inject(event: HubEvent): void {
    if (event.type === 'status') this.status = event.status;
    if (event.type === 'sample') return this.offerSample(event.text, { type: 'checked' });
    this.emit(event);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  private emit(event: HubEvent): void {
    for (const l of this.listeners) l(event);
  }

  private setStatus(status: FeedStatus): void {
    this.status = status;
    this.emit({ type: 'status', status });
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      try {
        await this.consumeUntilError();
      } catch (err) {
        this.setStatus({ type: 'unavailable', reason: `Kafka unavailable: ${rootCause(err)}` });
      }
      await this.stop();
      if (!this.closed) await new Promise((r) => setTimeout(r, this.options.retryMs ?? 2000));
    }
  }

  private async consumeUntilError(): Promise<void> {
    const { brokers, topic, parityTopic } = this.options;
    const topics = parityTopic ? [topic, parityTopic] : [topic];
    const { replicas = 1, minInsyncReplicas = 1 } = this.options;
    await ensureTopics(brokers, topics, 1, replicas, 0, {
      'min.insync.replicas': String(Math.min(minInsyncReplicas, replicas)),
    });
    this.consumer = new Consumer({
      groupId: `cutover-dashboard-${randomUUID()}`,
      clientId: 'cutover-dashboard',
      bootstrapBrokers: brokers,
      // Short fetch waits keep glass-to-glass latency low; the topic carries a few windows a second.
      maxWaitTime: 100,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      // Fail fast and let run() retry: the client's own retries (3 × 1 s by default, per
      // operation) kept a dead broker looking alive for seconds and a restarted one unread.
      retries: 1,
      retryDelay: 250,
      requestTimeout: CONSUMER_REQUEST_TIMEOUT_MS,
    });
    this.stream = await this.consumer.consume({
      topics,
      mode: 'latest',
      autocommit: false,
    });
    this.setStatus({ type: 'connected' });
    await new Promise<void>((resolve, reject) => {
      const s = this.stream!;
      s.on('data', (message) =>
        this.onMessage(message.value, message.key, message.topic === parityTopic),
      );
      s.on('error', reject);
      s.on('close', resolve);
      // A closed connection is an outage only if the broker refuses new ones too (brokers
      // also close idle connections); then say so now rather than after the client's retries.
      this.consumer!.on('client:broker:disconnect', ({ broker }) => {
        void brokerReachable(broker.host, broker.port).then(
          (up) => up || reject(new Error(`lost the connection to ${broker.host}:${broker.port}`)),
        );
      });
    });
  }

  private onMessage(
    value: Buffer | null | undefined,
    key: Buffer | null | undefined,
    parity: boolean,
  ): void {
    if (parity) {
      if (value && value.byteLength <= MAX_MESSAGE_BYTES)
        this.emit({ type: 'parity', text: value.toString('utf8') });
      return;
    }
    if (!value) return this.emit({ type: 'rejected', reason: 'not_json' });
    this.offerSample(value, { type: 'kafka', key: key ? key.toString('utf8') : null });
  }

  private offerSample(data: Buffer | string, origin: SampleOrigin): void {
    // Refuse huge messages here, before they are copied into every client's stream.
    const refused =
      this.screen?.(data, origin) ??
      (data.length > MAX_MESSAGE_BYTES ? ('oversize' as const) : null);
    if (refused) return this.emit({ type: 'rejected', reason: refused });
    this.emit({ type: 'sample', text: typeof data === 'string' ? data : data.toString('utf8') });
  }

  private async stop(): Promise<void> {
    const { stream, consumer } = this;
    this.stream = undefined;
    this.consumer = undefined;
    // Leaving the group needs the broker; when it is gone, don't let that hold up the retry.
    const closing = (async () => {
      await stream?.close().catch(() => undefined);
      if (consumer) await new Promise<void>((resolve) => consumer.close(true, () => resolve()));
    })();
    await Promise.race([closing, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS))]);
  }
}

/** Longest wait (ms) for a consumer to close before retrying with a new one. */
const STOP_TIMEOUT_MS = 2_000;

/**
 * True if host:port accepts a TCP connection now and again 300 ms later: a broker in
 * controlled shutdown may still accept for a moment after dropping its clients.
 */
async function brokerReachable(host: string, port: number): Promise<boolean> {
  const once = () =>
    new Promise<boolean>((resolve) => {
      const socket = tcpConnect({ host, port, timeout: 1_000 });
      const done = (up: boolean) => (socket.destroy(), resolve(up));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
      socket.once('timeout', () => done(false));
    });
  if (!(await once())) return false;
  await new Promise((r) => setTimeout(r, 300));
  return once();
}

/** The innermost message of the client's nested errors, short enough for a status line. */
function rootCause(err: unknown): string {
  const parts = describeError(err).split('; ');
  return (parts.at(-1) ?? '').slice(0, 160);
}
