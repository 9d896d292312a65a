/**
 * The probe: drives the case study's workload through Kafka and NATS JetStream,
 * measures end-to-end latency from intended send times and publishes protocol-v1
 * windows on both transports. `npm run probe -- --help` lists the flags.
 */
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, serverConfig } from '@/lib/config';
import { formatLatencyUs } from '@/lib/latency';
import { KafkaBackend, NatsBackend, Probe, type ProbeBackend } from '@/lib/probe';

const HELP = `Usage: npm run probe -- [flags]

  --rate N          messages per second per backend, open loop (default 2000)
  --duration S      seconds to run; omit to run until Ctrl-C
  --devices N       simulated device population, Kafka key / NATS subject token (default 1000)
  --backends LIST   comma list of kafka,nats (default kafka,nats)
  --probe-id ID     id in every published window (default probe-<host>)
  --max-in-flight N publishes awaiting ack per backend before new ones wait (default 1000)
  --help            this text

Brokers come from the same environment as the dashboard (CUTOVER_NATS_URL, CUTOVER_KAFKA_BROKERS, …).`;

function fail(message: string): never {
  console.error(`probe: ${message}\n\n${HELP}`);
  process.exit(2);
}

function positiveInt(
  name: string,
  value: string | undefined,
  fallback: number | null,
): number | null {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        rate: { type: 'string' },
        duration: { type: 'string' },
        devices: { type: 'string' },
        backends: { type: 'string' },
        'probe-id': { type: 'string' },
        'max-in-flight': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  const names = (values.backends ?? 'kafka,nats').split(',').map((b) => b.trim());
  const unknown = names.filter((n) => n !== 'kafka' && n !== 'nats');
  if (unknown.length > 0 || names.length === 0)
    fail(`--backends takes kafka and/or nats, got "${values.backends}"`);
  const probeId =
    values['probe-id'] ?? `probe-${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 64);
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(probeId))
    fail(`--probe-id must match [A-Za-z0-9][A-Za-z0-9_-]{0,63}`);

  let config;
  try {
    config = serverConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }

  const backends: ProbeBackend[] = [];
  if (names.includes('kafka')) {
    backends.push(
      await KafkaBackend.connect({
        brokers: config.kafkaBrokers,
        topic: 'iot-sensor-v1',
        groupId: 'cutover-probe',
        samplesTopic: config.samplesTopic,
      }),
    );
  }
  if (names.includes('nats')) {
    backends.push(
      await NatsBackend.connect({
        url: config.natsUrl,
        user: config.natsUser,
        pass: config.natsPass,
        stream: 'IOT_SENSORS',
        subjectPrefix: 'iot.sensor',
        durable: 'cutover-probe',
        replicas: 1,
      }),
    );
  }

  const probe = new Probe(backends, {
    probeId,
    ratePerSecond: positiveInt('rate', values.rate, 2000) as number,
    durationSeconds: positiveInt('duration', values.duration, null),
    devices: positiveInt('devices', values.devices, 1000) as number,
    maxInFlight: positiveInt('max-in-flight', values['max-in-flight'], 1000) as number,
    windowMs: 1000,
  });
  const tty = process.stdout.isTTY;
  probe.onWindow = (windows) => {
    const parts = windows.map((w) => {
      const n = w.histogram.totalCount;
      const p99 = n === 0 ? '—' : formatLatencyUs(w.histogram.getValueAtPercentile(99));
      return `${w.backend} ${n} msg/s p99 ${p99}${w.errors ? ` errors ${w.errors}` : ''}`;
    });
    const line = `[${new Date().toISOString().slice(11, 19)}] ${parts.join(' | ')}`;
    if (tty) process.stdout.write(`\r${line.padEnd(100)}`);
    else console.log(line);
  };

  console.error(
    `probe ${probeId}: ${names.join('+')} at ${values.rate ?? 2000} msg/s${values.duration ? ` for ${values.duration} s` : ' until Ctrl-C'}`,
  );
  await probe.start();

  const finish = async () => {
    const summary = await probe.stop();
    if (tty) process.stdout.write('\n');
    console.log(JSON.stringify(summary, null, 2));
    await Promise.allSettled(backends.map((b) => b.close()));
    process.exit(0);
  };
  process.once('SIGINT', () => void finish());
  process.once('SIGTERM', () => void finish());
  if (values.duration) setTimeout(() => void finish(), Number(values.duration) * 1000 + 50);
}

main().catch((err: unknown) => {
  console.error(`probe: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
