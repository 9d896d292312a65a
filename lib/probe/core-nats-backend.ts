import { connect } from '@nats-io/transport-node';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { natsHeaders } from './nats-sender';
import { parseHeaders, type Delivery, type ProbeBackend, type ProbeMessage } from './types';

/**
 * Core NATS (no JetStream, no acks) driven by the probe. Used by the benchmark to
 * measure what the probe's own machinery adds on top of a bare client: same
 * transport, same payload, same schedule.
 */
export class CoreNatsBackend implements ProbeBackend {
  readonly name = 'nats' as const;
  private sub: Subscription | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly subject: string,
  ) {}

  /** Connects to any node of `servers` (a seed list). */
  static async connect(
    servers: string[],
    user: string,
    pass: string,
    subject: string,
  ): Promise<CoreNatsBackend> {
    return new CoreNatsBackend(
      await connect({ servers, user, pass, name: 'cutover-probe-core' }),
      subject,
    );
  }

  async publish(message: ProbeMessage): Promise<void> {
    this.nc.publish(this.subject, message.payload, { headers: natsHeaders(message) });
  }

  async startConsumers(onDelivery: (delivery: Delivery) => void): Promise<void> {
    this.sub = this.nc.subscribe(this.subject, {
      callback: (_err, m) => {
        const d = parseHeaders((name) => m.headers?.get(name) || undefined, m.data);
        if (d) onDelivery(d);
      },
    });
    await this.nc.flush();
  }

  async stopConsumers(): Promise<void> {
    this.sub?.unsubscribe();
  }

  // Reports go over the JetStream-backed probe; this backend only measures the transport.
  async publishReport(): Promise<void> {}

  async close(): Promise<void> {
    await this.nc.drain();
  }
}
