import { randomUUID } from 'node:crypto';
import { Consumer, type MessagesStream } from '@platformatic/kafka';
import { MAX_MESSAGE_BYTES, type FeedStatus, type RejectReason } from '@/lib/samples';
import { describeError, ensureTopics } from './topics';

/** What the hub fans out to every connected browser. */
export type HubEvent =
  | { type: 'sample'; text: string }
  | { type: 'parity'; text: string }
  | { type: 'rejected'; reason: RejectReason }
  | { type: 'status'; status: FeedStatus };

type Listener = (event: HubEvent) => void;

export interface HubOptions {
  /** Where samples come from: the Kafka topic, or whoever calls inject() (a replay). */
  source: 'kafka' | 'external';
  brokers: string[];
  topic: string;
  /** Parity progress topic, read beside the samples topic. */
  parityTopic?: string;
  /** Wait before retrying after Kafka went away, in ms. */
  retryMs?: number;
}

/**
 * One Kafka consumer per server process, fanned out to every SSE client, so a hundred
 * open dashboards cost one consumer, not a hundred. It joins a group of its own that
 * starts at the log end: a dashboard shows the live tail, never a replay of history.
 */
export class SampleHub {
  private readonly listeners = new Set<Listener>();
  private status: FeedStatus = { type: 'connecting' };
  private consumer: Consumer<Buffer, Buffer, Buffer, Buffer> | undefined;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  private started = false;
  private closed = false;

  constructor(private readonly options: HubOptions) {}

  /** Adds a listener; it first receives the current status. Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener({ type: 'status', status: this.status });
    if (!this.started && this.options.source === 'kafka') {
      this.started = true;
      void this.run();
    }
    return () => this.listeners.delete(listener);
  }

  /** Emits an event from an external source (a replay) as if it came from the topic. */
  inject(event: HubEvent): void {
    if (event.type === 'status') this.status = event.status;
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
        this.setStatus({ type: 'unavailable', reason: `Kafka unavailable: ${describeError(err)}` });
      }
      await this.stop();
      if (!this.closed) await new Promise((r) => setTimeout(r, this.options.retryMs ?? 2000));
    }
  }

  private async consumeUntilError(): Promise<void> {
    const { brokers, topic, parityTopic } = this.options;
    const topics = parityTopic ? [topic, parityTopic] : [topic];
    await ensureTopics(brokers, topics);
    this.consumer = new Consumer({
      groupId: `cutover-dashboard-${randomUUID()}`,
      clientId: 'cutover-dashboard',
      bootstrapBrokers: brokers,
      // Short fetch waits keep glass-to-glass latency low; the topic carries a few windows a second.
      maxWaitTime: 100,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    this.stream = await this.consumer.consume({
      topics,
      mode: 'latest',
      autocommit: false,
    });
    this.setStatus({ type: 'connected' });
    await new Promise<void>((resolve, reject) => {
      const s = this.stream!;
      s.on('data', (message) => this.onMessage(message.value, message.topic === parityTopic));
      s.on('error', reject);
      s.on('close', resolve);
    });
  }

  private onMessage(value: Buffer | null | undefined, parity: boolean): void {
    if (!value) return parity ? undefined : this.emit({ type: 'rejected', reason: 'not_json' });
    // Refuse huge messages here, before they are copied into every client's stream.
    if (value.byteLength > MAX_MESSAGE_BYTES) {
      return parity ? undefined : this.emit({ type: 'rejected', reason: 'oversize' });
    }
    this.emit({ type: parity ? 'parity' : 'sample', text: value.toString('utf8') });
  }

  private async stop(): Promise<void> {
    const { stream, consumer } = this;
    this.stream = undefined;
    this.consumer = undefined;
    await stream?.close().catch(() => undefined);
    if (consumer) await new Promise<void>((resolve) => consumer.close(true, () => resolve()));
  }
}
