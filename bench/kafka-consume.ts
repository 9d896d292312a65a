/**
 * npm run bench:kafka-consume — what one of the probe's Kafka consumer groups costs per
 * message, reading a backlog as it does after a stall, with Kafka's own Java consumer
 * (kafka-tools 3.7 ConsumerPerformance) on the same records as the anchor.
 *
 * A topic like the probe's (1 partition) is filled once with KAFKA_CONSUME_MESSAGES of the
 * probe's own records: the case study's 1.39 KB sensor JSON, its key and the six headers of
 * docs/protocol.md. Then, KAFKA_CONSUME_RUNS times each, a fresh group reads them all from
 * the earliest offset:
 * - ours: @platformatic/kafka with the probe's fetch settings and deserializers, doing per
 *   message what the probe's consumer thread does (parse the headers, CRC32 the payload);
 *   CPU time and wall time from its first message to its last;
 * - Java: ConsumerPerformance, its own fetch-time throughput (JVM start and group join
 *   excluded), and its process CPU time (JVM start included: an upper bound).
 * Figures → docs/benchmarks.md and bench/results/kafka-consume.json.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { Consumer, Producer, stringDeserializer, stringSerializer } from '@platformatic/kafka';
import { ensureTopics } from '@/lib/kafka';
import {
  arrivalOf,
  FETCH_MAX_WAIT_MS,
  FETCH_MIN_BYTES,
  MessagePlan,
  parseHeaders,
  probeHeaders,
  WHOLE_FLEET,
} from '@/lib/probe';
import { uniqueId } from '@/lib/testing/stack';
import { config } from './probe/common';
import { deleteKafkaTopics } from './probe/dual-write';
import { kafkaLibs } from './probe/kafka-tools';
import { machine, row, writeResults, writeSection, type Figure } from './report';

const MESSAGES = Number(process.env.KAFKA_CONSUME_MESSAGES ?? 200_000);
const RUNS = Number(process.env.KAFKA_CONSUME_RUNS ?? 3);

interface Run {
  messages: number;
  wallMs: number;
  cpuMs: number;
}

const startedMs = Date.now();
const log = (message: string) =>
  console.error(
    `[bench:kafka-consume +${Math.round((Date.now() - startedMs) / 1000)}s] ${message}`,
  );

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

async function fill(topic: string): Promise<void> {
  await ensureTopics(config.kafkaBrokers, [topic], 1);
  const plan = new MessagePlan({
    probeId: 'bench-consume',
    runId: '0123456789abcdef',
    startUs: Date.now() * 1000,
    ratePerSecond: 10_000,
    devices: 1000,
    shard: WHOLE_FLEET,
    groups: 2,
    sensorValues: 128,
    faults: [],
  });
  const producer = new Producer({
    clientId: 'bench-consume',
    bootstrapBrokers: config.kafkaBrokers,
    serializers: { headerKey: stringSerializer, headerValue: stringSerializer },
  });
  try {
    for (let from = 0; from < MESSAGES; from += 500) {
      const messages = [];
      for (let i = from; i < Math.min(MESSAGES, from + 500); i++) {
        const m = plan.message(i);
        messages.push({
          topic,
          key: Buffer.from(m.key),
          value: Buffer.from(m.payload),
          headers: new Map(probeHeaders(m)),
        });
      }
      await producer.send({ messages });
      if ((from + 500) % 50_000 === 0)
        log(
          `filled ${(from + 500).toLocaleString('en-US')} of ${MESSAGES.toLocaleString('en-US')}`,
        );
    }
  } finally {
    await producer.close();
  }
}

/** One fresh group of ours reads the whole backlog, doing the probe's work per message. */
async function ours(topic: string): Promise<Run> {
  const consumer = new Consumer<Buffer, Buffer, string, string>({
    groupId: uniqueId('bench-consume'),
    clientId: 'bench-consume',
    bootstrapBrokers: config.kafkaBrokers,
    maxWaitTime: FETCH_MAX_WAIT_MS,
    minBytes: FETCH_MIN_BYTES,
    deserializers: { headerKey: stringDeserializer, headerValue: stringDeserializer },
  });
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: 1000 });
    let n = 0;
    let crcs = 0;
    let startedMs = 0;
    let cpu0 = process.cpuUsage();
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('data', (m) => {
        if (n === 0) {
          startedMs = performance.now();
          cpu0 = process.cpuUsage();
        }
        const d = parseHeaders((name) => m.headers.get(name), m.value ?? new Uint8Array());
        if (d) crcs ^= arrivalOf(d, 0).crc;
        if (++n === MESSAGES) resolve();
      });
    });
    const cpu = process.cpuUsage(cpu0);
    if (crcs === 0.5) log('unreachable'); // keeps the CRC32s from being optimised away
    return {
      messages: n,
      wallMs: performance.now() - startedMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  } finally {
    await consumer.close(true);
  }
}

/** Kafka's ConsumerPerformance on the same backlog; CPU from bash's `times` for its child. */
function java(topic: string): Promise<Run & { fetchMsgPerSec: number }> {
  const cmd = [
    `java -cp '${kafkaLibs()}/*' org.apache.kafka.tools.ConsumerPerformance`,
    `--bootstrap-server ${config.kafkaBrokers.join(',')} --topic ${topic}`,
    `--messages ${MESSAGES} --group ${uniqueId('bench-consume-java')} --timeout 60000`,
    '; times',
  ].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', () => undefined);
    child.once('close', () => {
      // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
      // rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
      const line = out.split('\n').find((l) => /^\d{4}-\d\d-\d\d .*, *\d+/.test(l));
      const times = out
        .trim()
        .split('\n')
        .at(-1)
        ?.match(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/);
      if (!line || !times) return reject(new Error(`ConsumerPerformance said:\n${out}`));
      const f = line.split(',').map((s) => s.trim());
      const cpuS =
        Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4]);
      resolve({
        messages: Number(f[4]),
        wallMs: Number(f[7]),
        cpuMs: cpuS * 1000,
        fetchMsgPerSec: Number(f[9]),
      });
    });
  });
}

async function main(): Promise<void> {
  const topic = uniqueId('bench-consume');
  const load = loadavg()[0]!.toFixed(2);
  log(
    `filling ${topic} with ${MESSAGES.toLocaleString('en-US')} of the probe's records (load ${load})`,
  );
  await fill(topic);
  const mine: Run[] = [];
  const theirs: (Run & { fetchMsgPerSec: number })[] = [];
  try {
    for (let r = 1; r <= RUNS; r++) {
      const a = await ours(topic);
      log(
        `run ${r}: ours ${round((a.cpuMs * 1000) / a.messages)} µs CPU/message, ${Math.round(a.messages / (a.wallMs / 1000)).toLocaleString('en-US')} msg/s`,
      );
      mine.push(a);
      const b = await java(topic);
      log(
        `run ${r}: Java ${Math.round(b.fetchMsgPerSec).toLocaleString('en-US')} msg/s fetching, ${round(b.cpuMs / 1000)} s CPU with its start`,
      );
      theirs.push(b);
    }
  } finally {
    await deleteKafkaTopics([topic]).catch(() => undefined);
  }
  const oursUs = median(mine.map((r) => (r.cpuMs * 1000) / r.messages));
  const oursRate = median(mine.map((r) => r.messages / (r.wallMs / 1000)));
  const javaRate = median(theirs.map((r) => r.fetchMsgPerSec));
  const javaCpuUs = median(theirs.map((r) => (r.cpuMs * 1000) / r.messages));
  const figures: Record<string, Figure> = {
    oursCpuPerMessage: { value: round(oursUs), unit: 'µs', better: 'lower' },
    oursRate: { value: Math.round(oursRate), unit: 'msg/s', better: 'higher' },
    javaRate: { value: Math.round(javaRate), unit: 'msg/s', better: 'higher' },
    javaCpuPerMessageUpperBound: { value: round(javaCpuUs), unit: 'µs', better: 'lower' },
    rateRatio: { value: round(oursRate / javaRate, 2), unit: '× Java', better: 'higher' },
  };
  writeResults('kafka-consume', figures, {
    messages: MESSAGES,
    runs: { ours: mine, java: theirs },
  });
  const groupsAt = (rate: number) => round((2 * rate * oursUs) / 1e6, 2);
  writeSection(
    'kafka-consume',
    `## Kafka consumer cost per message (\`npm run bench:kafka-consume\`)

${new Date().toISOString().slice(0, 16)} UTC, ${machine()}, load ${load} at the start, ${cpus().length} cores shared with the single-node Kafka. One group reads a backlog of ${MESSAGES.toLocaleString('en-US')} of the probe's records (1.39 KB sensor JSON, key, six headers; 1 partition) from the earliest offset; median of ${RUNS} runs, each with a fresh group.

| figure | value | target | |
|---|---|---|---|
${row('ours: CPU per message (fetch, decode, headers, CRC32)', figures.oursCpuPerMessage!)}
${row('ours: messages per second, one consumer', figures.oursRate!)}
${row('Java ConsumerPerformance: messages per second fetching', figures.javaRate!)}
${row('Java: CPU per message, JVM start included (upper bound)', figures.javaCpuPerMessageUpperBound!)}
${row('ours ÷ Java, messages per second', figures.rateRatio!)}

What it means for the probe: each of its Kafka consumer groups reads the whole topic, as Kafka groups do, so with the case study's two groups its Kafka consumer thread decodes every message twice: ${groupsAt(10_000)} of a core at 10,000 msg/s at this cost, before the senders, the NATS lane and the brokers. Before the client patch that parses a response of several socket chunks from one contiguous copy (patches/@platformatic+kafka+1.35.0.patch), reading this backlog cost 38 µs per message (one run of a scratch script, 2026-12-02).`,
  );
  log('done: docs/benchmarks.md, bench/results/kafka-consume.json');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
