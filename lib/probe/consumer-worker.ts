/**
 * A lane's consumer thread (see ConsumerMode in lane-consumer.ts): its own Kafka
 * consumers or NATS connection; each delivery is measured as it arrives (e2e on the
 * probe's clock, CRC32 of the payload) and the arrivals go to the main thread in batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { anchoredClock } from './clock';
import {
  arrivalOf,
  type Arrival,
  type ConsumerWorkerData,
  type FromConsumer,
  type ToConsumer,
} from './lane-consumer';
import { setThreadNice } from './priority';
import type { ConsumerSpec, Delivery } from './types';

/** How long arrivals wait to be sent on together, ms: a few messages per post, not one. */
const BATCH_MS = 5;
/** Arrivals sent on at once at most: a burst is passed on while it is still arriving. */
const BATCH_MAX = 1000;

interface Consumers {
  start(onDelivery: (d: Delivery) => void): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

// Each thread loads only its own backend's client, with require (see sender-worker.ts).
/* eslint-disable @typescript-eslint/no-require-imports */
async function open(spec: ConsumerSpec): Promise<Consumers> {
  if (spec.type === 'kafka') {
    const { KafkaConsumers } = require('./kafka-consumers') as typeof import('./kafka-consumers');
    const consumers = new KafkaConsumers(spec);
    return {
      start: (onDelivery) => consumers.start(onDelivery),
      stop: () => consumers.stop(),
      close: () => consumers.stop(),
    };
  }
  const { jetstream } = require('@nats-io/jetstream') as typeof import('@nats-io/jetstream');
  const { NatsConsumers } = require('./nats-consumers') as typeof import('./nats-consumers');
  const { connectNats } = require('./nats-sender') as typeof import('./nats-sender');
  const nc = await connectNats(spec, 'cutover-probe-consumer');
  const consumers = new NatsConsumers(jetstream(nc), spec);
  return {
    start: (onDelivery) => consumers.start(onDelivery),
    stop: async () => {
      await consumers.stop();
      // The acks of what was delivered reach the server before a restart pulls again.
      await nc.flush();
    },
    close: async () => {
      await consumers.stop();
      await nc.drain();
    },
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function main(port: NonNullable<typeof parentPort>, data: ConsumerWorkerData): void {
  const post = (m: FromConsumer) => port.postMessage(m);
  setThreadNice(data.nice, `${data.spec.type} consumer thread`);
  const now = anchoredClock(data.anchor);
  let batch: Arrival[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (batch.length === 0) return;
    post({ type: 'arrivals', arrivals: batch });
    batch = [];
  };
  const arrived = (d: Delivery) => {
    batch.push(arrivalOf(d, now()));
    if (batch.length >= BATCH_MAX) flush();
    else timer ??= setTimeout(flush, BATCH_MS);
  };
  open(data.spec).then(
    (consumers) => {
      port.on('message', (m: ToConsumer) => {
        const step = m.type;
        const work = step === 'start' ? consumers.start(arrived) : consumers[step]();
        work.then(
          () => {
            // What arrived before the consumers stopped goes first.
            if (step !== 'start') flush();
            post({ type: 'done', step });
          },
          (err: unknown) => {
            flush();
            post({ type: 'done', step, error: messageOf(err) });
          },
        );
      });
      post({ type: 'ready' });
    },
    (err: unknown) => post({ type: 'failed', message: messageOf(err) }),
  );
}

if (parentPort) main(parentPort, workerData as ConsumerWorkerData);
