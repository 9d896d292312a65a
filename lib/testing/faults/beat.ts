import type { NatsConnection } from '@nats-io/nats-core';
import type { Producer } from '@platformatic/kafka';
import { encodeRawWindow, samplesSubject } from '@/lib/samples';

export interface BeatOptions {
  nats: NatsConnection;
  producer: Producer<string, string, string, string>;
  topic: string;
  probeId: string;
  /** Backend names of the windows on each transport, so the page tells them apart. */
  backends: { nats: string; kafka: string };
}

/** How often the beat publishes, and the length of its windows (ms). */
const BEAT_MS = 250;

/**
 * A producer like the probe: one new window per transport every BEAT_MS, whatever the
 * brokers do. A Kafka send still pending is not queued behind (a stopped broker would
 * otherwise release a burst on recovery). Returns a function that stops it.
 */
export function startBeat(o: BeatOptions): () => void {
  let kafkaBusy = false;
  // Quarter-second windows stamped with the time they cover: four fresh windows a second,
  // none ahead of the receiver's clock (which would be refused as clock_skew).
  const text = (backend: string, startMs: number) =>
    encodeRawWindow(
      {
        backend,
        probeId: o.probeId,
        windowStartMs: startMs,
        windowEndMs: startMs + BEAT_MS,
        errors: 0,
        bytes: 0,
      },
      [1000 + (startMs % 1000)],
    );
  const timer = setInterval(() => {
    const startMs = Math.floor(Date.now() / BEAT_MS) * BEAT_MS - BEAT_MS;
    o.nats.publish(samplesSubject(o.backends.nats, o.probeId), text(o.backends.nats, startMs));
    if (kafkaBusy) return;
    kafkaBusy = true;
    o.producer
      .send({
        messages: [
          { topic: o.topic, key: o.backends.kafka, value: text(o.backends.kafka, startMs) },
        ],
      })
      .catch(() => undefined)
      .finally(() => (kafkaBusy = false));
  }, BEAT_MS);
  return () => clearInterval(timer);
}
