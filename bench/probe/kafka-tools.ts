/**
 * The tools Kafka ships (kafka-tools 3.7.2, run with java -cp from the stack's Kafka libs):
 * EndToEndLatency, producer → broker → consumer one message at a time, and
 * ProducerPerformance, send → ack at a set throughput. Both with acks=1, as the probe's
 * producer (ProduceAcks.LEADER).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { uniqueId } from '@/lib/testing/stack';
import { config, log, PAYLOAD_BYTES, track, type Percentiles } from './common';
import { deleteKafkaTopics } from './dual-write';

let libs: string | undefined;
/** $KAFKA_LIBS from scripts/lib.sh (honours CUTOVER_TOOLS_DIR). */
export function kafkaLibs(): string {
  libs ??= execFileSync('bash', ['-c', 'source scripts/lib.sh && echo "$KAFKA_LIBS"'], {
    encoding: 'utf8',
  }).trim();
  return libs;
}

function java(tool: string, args: string[]) {
  return track(
    spawn('java', ['-cp', `${kafkaLibs()}/*`, `org.apache.kafka.tools.${tool}`, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

export interface EndToEndResult extends Percentiles {
  messages: number;
  avgMs: number;
  p999Ms: number;
  /** When the tool finished (ms epoch), to tell whether it ran beside the load throughout. */
  finishedMs: number;
  line: string;
}

export interface EndToEnd {
  /** Lets a paused tool go on with its remaining messages. */
  resume(): void;
  /** The tool's figures once it has finished; null if it failed or was not understood. */
  result: Promise<EndToEndResult | null>;
  kill(): void;
}

/**
 * Starts EndToEndLatency for `messages` messages of the probe's size on a fresh topic.
 * With pause, the tool is stopped (SIGSTOP) as soon as its first message is through:
 * the JVM's start-up, the topic's creation and that first message (~100 ms: metadata
 * and connections) happen before the load, and resume() releases the rest beside it.
 * The few messages it sends between printing that line and the signal run unloaded.
 * Killed after timeoutMs (a stopped tool too), which leaves no figures.
 *
 * Its percentiles are whole milliseconds rounded down (it stores elapsed ns / 10^6 in a
 * long); its average is exact.
 */
export async function startEndToEnd(
  messages: number,
  pause: boolean,
  timeoutMs = 180_000,
): Promise<EndToEnd> {
  const topic = `bench-e2e-${uniqueId('k')}`;
  const child = java('EndToEndLatency', [
    config.kafkaBrokers.join(','),
    topic,
    String(messages),
    '1',
    String(PAYLOAD_BYTES),
  ]);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const first = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (l) => {
      stdout += `${l}\n`;
      if (/^0\t/.test(l)) resolve();
    });
    child.once('close', () => resolve());
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timeout);
      resolve(code);
    }),
  );
  await first;
  if (pause && child.exitCode === null) child.kill('SIGSTOP');
  const result = exited.then(async (code) => {
    const finishedMs = Date.now();
    await deleteKafkaTopics([topic]);
    const avg = /Avg latency: ([\d.]+) ms/.exec(stdout);
    const pct = /Percentiles: 50th = (\d+), 99th = (\d+), 99\.9th = (\d+)/.exec(stdout);
    if (!avg || !pct) {
      log(`EndToEndLatency (exit ${code}) not understood:\n${stdout.slice(-1500)}\n${stderr}`);
      return null;
    }
    return {
      messages,
      avgMs: Number(avg[1]),
      p50Ms: Number(pct[1]),
      p99Ms: Number(pct[2]),
      p999Ms: Number(pct[3]),
      finishedMs,
      line: `${avg[0]}; ${pct[0]}`,
    };
  });
  return {
    resume: () => {
      if (child.exitCode === null) child.kill('SIGCONT');
    },
    result,
    kill: () => void child.kill('SIGKILL'),
  };
}

export interface ProducerPerfResult extends Percentiles {
  recordsPerSec: number;
  line: string;
}

/**
 * ProducerPerformance at `rate` records/s for `seconds` on a fresh topic. Its JVM starts
 * at once: callers give it a moment before starting what it should run beside.
 */
export function producerPerformance(
  rate: number,
  seconds: number,
): Promise<ProducerPerfResult | null> {
  const topic = `bench-perf-${uniqueId('k')}`;
  const child = java('ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(Math.round(rate * seconds)),
    '--record-size',
    String(PAYLOAD_BYTES),
    '--throughput',
    String(rate),
    '--producer-props',
    `bootstrap.servers=${config.kafkaBrokers.join(',')}`,
    'acks=1',
  ]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const timeout = setTimeout(() => child.kill(), (seconds + 120) * 1000);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timeout);
      void deleteKafkaTopics([topic]).then(() => {
        const line = stdout
          .split('\n')
          .filter((l) => l.includes('records sent'))
          .pop();
        const m =
          line && /records sent, ([\d.]+) records\/sec.*?(\d+) ms 50th.*?(\d+) ms 99th/.exec(line);
        if (!m) {
          log(
            `ProducerPerformance (exit ${code}) not understood:\n${stdout.slice(-1500)}\n${stderr}`,
          );
          return resolve(null);
        }
        resolve({
          recordsPerSec: Number(m[1]),
          p50Ms: Number(m[2]),
          p99Ms: Number(m[3]),
          line: line.trim(),
        });
      });
    });
  });
}

/** How long a JVM tool is given to start before what it should run beside starts. */
export const JVM_START_MS = 2500;
