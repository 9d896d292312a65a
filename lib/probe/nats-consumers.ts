import type { ConsumerMessages, JetStreamClient } from '@nats-io/jetstream';
import { parseHeaders, type Delivery } from './types';

export interface NatsConsumersOptions {
  stream: string;
  /** One durable per group, `<group>-<probeId>`, each filtered on its shard (nats-backend.ts). */
  groups: string[];
  probeId: string;
}

/** The durable consumer of one group for this probe. */
export const natsDurableName = (group: string, probeId: string): string => `${group}-${probeId}`;

/**
 * The probe's JetStream consumers: a pull consumer on each group's durable (which
 * NatsBackend.connect creates), acknowledging each message as it arrives. Given a
 * JetStream client and plain data, so a consumer thread can run them (lane-consumer.ts) as
 * well as the main thread.
 */
export class NatsConsumers {
  private subscriptions: ConsumerMessages[] = [];

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: NatsConsumersOptions,
  ) {}

  async start(onDelivery: (delivery: Delivery) => void): Promise<void> {
    for (const group of this.options.groups) {
      const consumer = await this.js.consumers.get(
        this.options.stream,
        natsDurableName(group, this.options.probeId),
      );
      const messages = await consumer.consume({ max_messages: 1000 });
      this.subscriptions.push(messages);
      void (async () => {
        for await (const m of messages) {
          const d = parseHeaders((name) => m.headers?.get(name) || undefined, m.data);
          m.ack();
          if (d) onDelivery(d);
        }
      })();
    }
  }

  async stop(): Promise<void> {
    const subs = this.subscriptions;
    this.subscriptions = [];
    await Promise.all(subs.map((s) => s.close()));
  }
}
