/**
 * Bare nats.js clients on the probe's open-loop schedule and payload size, latency from
 * each message's intended send time (carried in its first 8 bytes): what a client with
 * none of the probe's machinery measures on the same machine, for the ratios.
 */
import type { Histogram } from 'hdr-histogram-js';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { OpenLoopSchedule } from '@/lib/probe';
import { newLatencyHistogram } from '@/lib/samples';
import { uniqueId } from '@/lib/testing/stack';
import { config, nowUs, PAYLOAD_BYTES, sleep, usToMs, type Percentiles } from './common';

export interface BareResult extends Percentiles {
  sent: number;
  consumed: number;
  errors: number;
}

/** Publishes never wait on each other; beyond this many unacknowledged, due messages wait. */
const MAX_IN_FLIGHT = 5000;

const connectNats = () =>
  connect({ servers: config.natsServers, user: config.natsUser, pass: config.natsPass });

function stamped(intendedUs: number): Uint8Array {
  const buf = new Uint8Array(PAYLOAD_BYTES);
  new DataView(buf.buffer).setFloat64(0, intendedUs);
  return buf;
}

const intendedOf = (data: Uint8Array) =>
  new DataView(data.buffer, data.byteOffset, 8).getFloat64(0);

/**
 * Runs the open-loop schedule: a 1 ms tick sends what has come due (the probe's timer
 * logic), `send` returns the publish's completion. Resolves once every due message has
 * been sent and `received()` has reached the total, or 10 s after the schedule ends.
 */
async function openLoop(
  rate: number,
  seconds: number,
  send: (payload: Uint8Array) => Promise<unknown> | void,
  received: () => number,
): Promise<{ sent: number; errors: number }> {
  const schedule = new OpenLoopSchedule(nowUs(), rate);
  const total = Math.floor(rate * seconds);
  let next = 0;
  let inFlight = 0;
  let errors = 0;
  const timer = setInterval(() => {
    const due = Math.min(schedule.dueBy(nowUs()), total);
    for (; next < due && inFlight < MAX_IN_FLIGHT; next += 1) {
      const done = send(stamped(schedule.intendedUs(next)));
      if (!done) continue;
      inFlight += 1;
      done.then(
        () => (inFlight -= 1),
        () => {
          inFlight -= 1;
          errors += 1;
        },
      );
    }
  }, 1);
  await sleep(seconds * 1000 + 100);
  const deadline = Date.now() + 10_000;
  while ((next < total || received() + errors < total) && Date.now() < deadline) await sleep(50);
  clearInterval(timer);
  return { sent: next, errors };
}

/** Core NATS publish → subscribe. */
/** What a bare client measured: e2e p50/p99 from intended send time, sent and consumed. */
function resultOf(h: Histogram, sent: number, errors: number): BareResult {
  return {
    p50Ms: usToMs(h.getValueAtPercentile(50)),
    p99Ms: usToMs(h.getValueAtPercentile(99)),
    sent,
    consumed: h.totalCount,
    errors,
  };
}

export async function bareCore(rate: number, seconds: number): Promise<BareResult> {
  const nc = await connectNats();
  const subject = `bench.bare.${uniqueId('b')}`;
  const h = newLatencyHistogram();
  nc.subscribe(subject, {
    callback: (_e, m) => h.recordValue(Math.max(0, Math.round(nowUs() - intendedOf(m.data)))),
  });
  await nc.flush();
  const { sent, errors } = await openLoop(
    rate,
    seconds,
    (p) => nc.publish(subject, p),
    () => h.totalCount,
  );
  await nc.drain();
  return resultOf(h, sent, errors);
}

/**
 * JetStream publish (awaiting each ack, many in flight) → one durable pull consumer with
 * explicit acks, on a stream configured as the probe's (work queue, file storage, R1).
 */
export async function bareJetStream(rate: number, seconds: number): Promise<BareResult> {
  const nc: NatsConnection = await connectNats();
  const jsm = await jetstreamManager(nc);
  const id = uniqueId('bjs').replace('-', '');
  const stream = `BENCH_${id.toUpperCase()}`;
  const subject = `bench.${id}`;
  await jsm.streams.add({
    name: stream,
    subjects: [subject],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: 1,
  });
  await jsm.consumers.add(stream, { durable_name: 'bare', ack_policy: AckPolicy.Explicit });
  const js = jetstream(nc);
  const messages = await (await js.consumers.get(stream, 'bare')).consume({ max_messages: 1000 });
  const h = newLatencyHistogram();
  void (async () => {
    for await (const m of messages) {
      h.recordValue(Math.max(0, Math.round(nowUs() - intendedOf(m.data))));
      m.ack();
    }
  })();
  const { sent, errors } = await openLoop(
    rate,
    seconds,
    (p) => js.publish(subject, p),
    () => h.totalCount,
  );
  await messages.close();
  await jsm.streams.delete(stream).catch(() => undefined);
  await nc.drain();
  return resultOf(h, sent, errors);
}
