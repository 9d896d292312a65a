import { connect } from '@nats-io/transport-node';
import { headers, type NatsConnection } from '@nats-io/nats-core';
import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
} from '@nats-io/jetstream';
import { samplesSubject } from '@/lib/samples';
import { HEADER_ID, HEADER_INTENDED_US, type ProbeBackend, type ProbeMessage } from './types';

export interface NatsBackendOptions {
  url: string;
  user: string;
  pass: string;
  stream: string;
  subjectPrefix: string;
  durable: string;
  replicas: number;
}

const NANOS_PER_DAY = 24 * 3600 * 1e9;

/** NATS JetStream as the probe drives it: the case study's WorkQueue stream, one durable pull consumer. */
export class NatsBackend implements ProbeBackend {
  readonly name = 'nats';
  private messages: ConsumerMessages | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly options: NatsBackendOptions,
  ) {}

  static async connect(options: NatsBackendOptions): Promise<NatsBackend> {
    const nc = await connect({
      servers: options.url,
      user: options.user,
      pass: options.pass,
      name: 'cutover-probe',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    const jsm = await jetstreamManager(nc);
    const streamConfig = {
      name: options.stream,
      subjects: [`${options.subjectPrefix}.>`],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      max_age: 7 * NANOS_PER_DAY,
      num_replicas: options.replicas,
    };
    try {
      await jsm.streams.info(options.stream);
    } catch {
      await jsm.streams.add(streamConfig);
    }
    try {
      await jsm.consumers.info(options.stream, options.durable);
    } catch {
      await jsm.consumers.add(options.stream, {
        durable_name: options.durable,
        ack_policy: AckPolicy.Explicit,
        filter_subject: `${options.subjectPrefix}.>`,
      });
    }
    return new NatsBackend(nc, jetstream(nc), options);
  }

  async publish(message: ProbeMessage): Promise<void> {
    const h = headers();
    h.set(HEADER_ID, message.id);
    h.set(HEADER_INTENDED_US, String(message.intendedUs));
    await this.js.publish(`${this.options.subjectPrefix}.${message.key}`, message.payload, {
      headers: h,
      msgID: message.id,
    });
  }

  async consume(onMessage: (intendedUs: number, bytes: number) => void): Promise<void> {
    const consumer = await this.js.consumers.get(this.options.stream, this.options.durable);
    this.messages = await consumer.consume({ max_messages: 1000 });
    void (async () => {
      for await (const m of this.messages!) {
        const intended = Number(m.headers?.get(HEADER_INTENDED_US));
        m.ack();
        if (Number.isFinite(intended)) onMessage(intended, m.data.byteLength);
      }
    })();
  }

  async publishSample(backend: string, probeId: string, text: string): Promise<void> {
    this.nc.publish(samplesSubject(backend, probeId), text);
  }

  async close(): Promise<void> {
    await this.messages?.close();
    await this.nc.drain();
  }
}
