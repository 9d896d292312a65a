/**
 * The probe: the case study's workload dual-written to Kafka and NATS JetStream,
 * end-to-end latency from intended send times, a CRC32 parity ledger, and protocol-v1
 * reports on both transports every second. `npm run probe -- --help` lists the flags.
 */
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, loadMigrationConfig, probeGroups, serverConfig } from '@/lib/config';
import { formatLatencyUs } from '@/lib/latency';
import type { Side } from '@/lib/parity';
import {
  createProbe,
  formatShard,
  NATS_ACK_WAIT_MS,
  parseShard,
  shareOf,
  ShardRejected,
  WHOLE_FLEET,
  type Fault,
  type FleetShard,
  type ProbeSummary,
  type SenderMode,
  type ConsumerMode,
  PRIORITY_MODES,
  type PriorityMode,
} from '@/lib/probe';
import { ID_PATTERN } from '@/lib/samples';

const HELP = `Usage: npm run probe -- [flags]

Workload (the case study's: 1 KB-class JSON sensor payloads, keyed by device id)
  --rate N            messages per second, open loop, to every backend (default 2000;
                      the case study ran 10000: see docs/benchmarks.md for what fits here);
                      with --shard, the whole fleet's rate
  --duration S        seconds to send; omit to run until Ctrl-C (a clean drain either way)
  --devices N         simulated device population (default 1000); with --shard, the fleet's
  --metrics N         float metrics per payload (default 128 = the case study's schema, 1.39 KB)
  --backends LIST     kafka,nats (default) or just one; parity needs both
  --replicas N        replicas of the stream, KV bucket and topics the probe creates
                      (default CUTOVER_REPLICAS: 1 on the single node, 3 on the cluster,
                      as in the case study)
  --acks MODE         which Kafka acknowledgement counts as sent:
                        all     (default) every in-sync replica has it, at least
                                min.insync.replicas (CUTOVER_KAFKA_MIN_ISR) of them: an
                                acknowledged message survives its leader's death
                        leader  the partition leader alone (sarama's WaitForLocal): faster
                                on a cluster, and a leader killed before its followers
                                fetched loses what it acknowledged
  --max-in-flight N   publishes awaiting an ack per backend before new ones wait (default 1000)
  --max-backlog N     messages a backend may fall behind the other before its oldest due
                      ones are skipped: counted as errors in its windows and as missing on
                      its side by the ledger (default: rate × grace period)
  --sender MODE       where each backend's open-loop sender runs:
                        worker  (default) a thread per backend with its own Kafka producer
                                or NATS connection: consuming, the parity ledger and
                                reporting on the main thread cannot make a message late
                                (there, they made the send delay p99 46-54 ms at 10,000
                                msg/s; at 5,000 msg/s here p50 97-273 ms on the main thread
                                against 1.4-2.3 ms in threads). Threads, not a process per
                                backend: the backends' senders and the parity ledger share
                                their progress in memory. lib/probe/lane-sender.ts has the
                                figures, and why not the alternatives
                        inline  on the main thread, as before: for comparison
  --consumer MODE     where each backend's consumers run:
                        worker  (default) a thread per backend with its own Kafka
                                consumers or NATS connection: fetching, decoding and the
                                CRC32 of each payload happen there, and each message's
                                arrival is timed there, so a busy main thread (ledger,
                                windows, reports) neither delays consumption nor adds to
                                the measured latency (lib/probe/lane-consumer.ts)
                        inline  on the main thread: for comparison
  --priority MODE     the sender and consumer threads' scheduling priority:
                        raised  (default) senders at nice -10, consumers at nice -5, so
                                that on a busy machine a sender's 1 ms tick does not wait
                                for a core (measured at 5,000 msg/s beside both brokers on 2
                                cores: send delay p99 76 / 28 ms at normal priority, 6.7 /
                                6.2 ms raised). Needs root or CAP_SYS_NICE; without, the
                                threads say so and run at normal priority
                        normal  as the process: for comparison

Fleet (several probes, on one host or many, splitting one rate: docs/fleet.md)
  --shard i/n         this probe is shard i of n (1-based): it sends its share of --rate
                      (shares differ by at most 1 msg/s and sum to --rate exactly), writes
                      only its range of the --devices population and message ids that no
                      other shard writes. Each probe needs its own --probe-id; give them
                      one --ledger to keep one parity ledger. npm run fleet starts n of them

Parity ledger (persisted in the JetStream KV bucket cutover_parity)
  --ledger NAME       which ledger to continue (default "default")
  --reset-ledger      start the ledger from zero
  --grace-ms N        how long a copy may take before it counts as missing
                      (default: parity.graceMs in config/cutover.json)
  --drain-ms N        on stop, how long to wait for acks and for every message to reach
                      both sides before what has not arrived counts as missing (default:
                      the grace period, at most 30 s); a drill whose consumers may be
                      behind gives them longer
  --inject F          fault every N messages, F = corrupt:<side>:N or drop:<side>:N
                      (side kafka or nats); repeatable; for demos and drills

  --probe-id ID       id in every report and message (default probe-<host>, with --shard
                      probe-<host>-<i>); also in its
                      Kafka group ids and JetStream durables, so probes with different ids
                      each consume all of their own messages. What a run consumes but did
                      not write is counted apart, never as latency: "foreign" (another
                      probe's) and "stale" (an earlier run's of this id)
  --help              this text

Brokers come from the same environment as the dashboard (CUTOVER_NATS_URL and
CUTOVER_KAFKA_BROKERS, comma lists of every node: source .cutover/run/cluster.env for the
cluster); groups, parity target and grace period from
config/cutover.json (CUTOVER_CONFIG).`;

function fail(message: string): never {
  console.error(`probe: ${message}\n\nRun "npm run probe -- --help" for the flags.`);
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function parseFault(spec: string): Fault & { every: number } {
  const [kind, side, every] = spec.split(':');
  if ((kind !== 'corrupt' && kind !== 'drop') || (side !== 'kafka' && side !== 'nats') || !every) {
    fail(`--inject takes corrupt:<kafka|nats>:N or drop:<kafka|nats>:N, got "${spec}"`);
  }
  return { kind, side, every: positiveInt('inject', every, 1) };
}

function parse() {
  try {
    return parseArgs({
      options: {
        rate: { type: 'string' },
        duration: { type: 'string' },
        devices: { type: 'string' },
        metrics: { type: 'string' },
        backends: { type: 'string' },
        replicas: { type: 'string' },
        acks: { type: 'string' },
        'max-in-flight': { type: 'string' },
        'max-backlog': { type: 'string' },
        sender: { type: 'string' },
        consumer: { type: 'string' },
        priority: { type: 'string' },
        shard: { type: 'string' },
        ledger: { type: 'string' },
        'reset-ledger': { type: 'boolean' },
        'grace-ms': { type: 'string' },
        'drain-ms': { type: 'string' },
        inject: { type: 'string', multiple: true },
        'probe-id': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
}

function progressLine(summaryParts: string[]): void {
  const line = `[${new Date().toISOString().slice(11, 19)}] ${summaryParts.join(' | ')}`;
  if (process.stdout.isTTY)
    process.stdout.write(
      `\r${line.slice(0, (process.stdout.columns || 160) - 1).padEnd((process.stdout.columns || 160) - 1)}`,
    );
  else console.log(line);
}

async function main(): Promise<void> {
  const values = parse();
  if (values.help) return void console.log(HELP);

  const backends = (values.backends ?? 'kafka,nats').split(',').map((b) => b.trim());
  if (backends.length === 0 || backends.some((b) => b !== 'kafka' && b !== 'nats')) {
    fail(`--backends takes kafka and/or nats, got "${values.backends}"`);
  }
  let shard: FleetShard = WHOLE_FLEET;
  try {
    if (values.shard !== undefined) shard = parseShard(values.shard);
  } catch (err) {
    if (err instanceof ShardRejected) fail(err.message);
    throw err;
  }
  // Shards on one host without ids of their own must not share the host's.
  const host = `probe-${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 58);
  const probeId =
    values['probe-id'] ?? (shard.count > 1 ? `${host}-${shard.index + 1}` : host.slice(0, 64));
  if (!ID_PATTERN.test(probeId)) fail(`--probe-id must match ${ID_PATTERN.source}`);
  const ledger = values.ledger ?? 'default';
  if (!ID_PATTERN.test(ledger)) fail(`--ledger must match ${ID_PATTERN.source}`);

  let config, migration;
  try {
    config = serverConfig();
    migration = loadMigrationConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }

  migration = {
    ...migration,
    parity: {
      ...migration.parity,
      graceMs: positiveInt('grace-ms', values['grace-ms'], migration.parity.graceMs),
    },
  };
  if (migration.parity.graceMs <= NATS_ACK_WAIT_MS)
    console.error(
      `warning: a grace period of ${migration.parity.graceMs} ms is not longer than JetStream's ` +
        `${NATS_ACK_WAIT_MS} ms ack wait: a message redelivered after a consumer restart will count missing`,
    );
  const drainMs = positiveInt(
    'drain-ms',
    values['drain-ms'],
    Math.min(migration.parity.graceMs, 30_000),
  );
  const rate = positiveInt('rate', values.rate, 2000);
  const duration =
    values.duration === undefined ? null : positiveInt('duration', values.duration, 1);
  const devices = positiveInt('devices', values.devices, 1000);
  const sender = values.sender ?? 'worker';
  if (sender !== 'worker' && sender !== 'inline')
    fail(`--sender takes worker or inline, got "${values.sender}"`);
  const consumer = values.consumer ?? 'worker';
  if (consumer !== 'worker' && consumer !== 'inline')
    fail(`--consumer takes worker or inline, got "${values.consumer}"`);
  const priority = values.priority ?? 'raised';
  if (!(PRIORITY_MODES as readonly string[]).includes(priority))
    fail(`--priority takes raised or normal, got "${values.priority}"`);
  const acks = values.acks ?? 'all';
  if (acks !== 'all' && acks !== 'leader') fail(`--acks takes all or leader, got "${acks}"`);
  if (rate < shard.count) fail(`--rate ${rate} cannot be split over ${shard.count} shards`);
  if (devices < shard.count)
    fail(`--devices ${devices} cannot be split over ${shard.count} shards`);
  const replicas = positiveInt('replicas', values.replicas, config.replicas);
  const created = await createProbe(config, migration, {
    probeId,
    backends: backends as Side[],
    ratePerSecond: rate,
    durationSeconds: duration,
    devices,
    shard,
    sender: sender as SenderMode,
    consumer: consumer as ConsumerMode,
    priority: priority as PriorityMode,
    sensorValues: positiveInt('metrics', values.metrics, 128),
    maxInFlight: positiveInt('max-in-flight', values['max-in-flight'], 1000),
    maxBacklog:
      values['max-backlog'] === undefined
        ? undefined
        : positiveInt('max-backlog', values['max-backlog'], 1),
    replicas,
    kafkaAcks: acks,
    ledger,
    resetLedger: values['reset-ledger'] ?? false,
    faults: (values.inject ?? []).map(parseFault),
  });
  const { probe, restored } = created;

  const target = migration.parity.target;
  probe.onWindow = (windows, parity) => {
    const parts = windows.map((w) => {
      const h = w.histograms.e2e;
      const p99 = h.totalCount === 0 ? '—' : formatLatencyUs(h.getValueAtPercentile(99));
      // Deliveries this run did not write are shown, never measured.
      const others = `${w.foreign ? ` foreign ${w.foreign}` : ''}${w.stale ? ` stale ${w.stale}` : ''}`;
      return `${w.backend} ${h.totalCount} msg/s p99 ${p99}${w.errors ? ` err ${w.errors}` : ''}${others}`;
    });
    if (parity) {
      const bad =
        parity.mismatches.kafka +
        parity.mismatches.nats +
        parity.missing.kafka +
        parity.missing.nats;
      parts.push(
        `parity ${parity.matched.toLocaleString('en-US')}/${target.toLocaleString('en-US')} (${((100 * parity.matched) / target).toFixed(2)}%)${bad ? ` ⚠ ${bad} bad` : ''}`,
      );
    }
    progressLine(parts);
  };

  const fleet = shard.count > 1 ? ` (shard ${formatShard(shard)} of a ${rate} msg/s fleet)` : '';
  console.error(
    `probe ${probeId}: ${backends.join('+')} at ${shareOf(rate, shard)} msg/s${fleet}${duration ? ` for ${duration} s` : ' until Ctrl-C'}, ${probeGroups(migration).length} consumer group(s), senders ${sender === 'worker' ? 'in threads' : 'on the main thread'}, consumers ${consumer === 'worker' ? 'in threads' : 'on the main thread'}${priority === 'raised' ? ' (raised priority)' : ''}, Kafka acks=${acks}, ${replicas} replica(s)` +
      (restored
        ? `, ledger "${ledger}" at ${restored.matched.toLocaleString('en-US')} matched`
        : ''),
  );
  await probe.start();

  let finishing = false;
  const finish = async () => {
    if (finishing) return;
    finishing = true;
    if (process.stdout.isTTY) process.stdout.write('\n');
    console.error('probe: draining…');
    const summary: ProbeSummary = await probe.stop(drainMs);
    console.log(JSON.stringify(summary, null, 2));
    await created.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void finish());
  process.once('SIGTERM', () => void finish());
  if (duration !== null) setTimeout(() => void finish(), duration * 1000 + 50);
}

main().catch((err: unknown) => {
  console.error(`probe: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
