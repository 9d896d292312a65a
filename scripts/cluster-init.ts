/**
 * Run by scripts/cluster-up.sh once every node serves, with .cutover/run/cluster.env in the
 * environment: waits until Kafka lists every broker and the JetStream meta group accepts
 * requests, then creates what the probe, the dashboard and the drills use, replicated on
 * every node (config.replicas, min.insync.replicas = config.kafkaMinIsr):
 * the case study's stream IOT_SENSORS, the parity and migration KV buckets, the topics
 * iot-sensor-v1, cutover.v1.samples and cutover.v1.parity, and __consumer_offsets (created
 * now, while all three brokers are up: its replication factor needs them all).
 * Exits non-zero, naming what is missing, if the cluster is not whole within 60 s.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Admin } from '@platformatic/kafka';
import { loadMigrationConfig, serverConfig } from '@/lib/config';
import { describeError, ensureTopics } from '@/lib/kafka';
import { MigrationStore } from '@/lib/migration/server';
import { CASE_STUDY_NAMES, NatsBackend, ParityStore } from '@/lib/probe';

const DEADLINE_MS = Date.now() + 60_000;
/**
 * Partitions of iot-sensor-v1 on the cluster: two led by each broker, so losing one moves
 * some leaderships and leaves the rest where they were, as on a production cluster. The
 * single node keeps one.
 */
const SOURCE_PARTITIONS = 6;

/** Retries `step` until it succeeds or the deadline passes; then throws its last error. */
async function untilDeadline<T>(what: string, step: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await step();
    } catch (err) {
      if (Date.now() > DEADLINE_MS) throw new Error(`${what}: ${describeError(err)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function initKafka(): Promise<string> {
  const config = serverConfig();
  const admin = new Admin({
    clientId: 'cutover-cluster-init',
    bootstrapBrokers: config.kafkaBrokers,
    retries: 0,
  });
  try {
    const brokers = await untilDeadline('kafka brokers', async () => {
      const m = await admin.metadata({ topics: [], forceUpdate: true });
      if (m.brokers.size < config.kafkaBrokers.length)
        throw new Error(`${m.brokers.size} of ${config.kafkaBrokers.length} brokers registered`);
      return m.brokers.size;
    });
    const topics = [CASE_STUDY_NAMES.kafkaTopic, config.samplesTopic, config.parityTopic];
    const settings = { 'min.insync.replicas': String(config.kafkaMinIsr) };
    await untilDeadline('kafka topics', async () => {
      await ensureTopics(
        config.kafkaBrokers,
        [CASE_STUDY_NAMES.kafkaTopic],
        SOURCE_PARTITIONS,
        config.replicas,
        0,
        settings,
      );
      await ensureTopics(config.kafkaBrokers, topics.slice(1), 1, config.replicas, 0, settings);
    });
    // A group lookup makes the brokers create __consumer_offsets; it succeeds once its
    // partition has a leader (the topic's replication factor comes from the broker config).
    await untilDeadline('__consumer_offsets', () =>
      admin.describeGroups({ groups: ['cutover-cluster-init'] }),
    );
    return `kafka: ${brokers} brokers; ${[...topics, '__consumer_offsets'].join(', ')} with ${config.replicas} replicas (${CASE_STUDY_NAMES.kafkaTopic}: ${SOURCE_PARTITIONS} partitions), min.insync.replicas ${config.kafkaMinIsr}`;
  } finally {
    await admin.close();
  }
}

async function initNats(): Promise<string> {
  const config = serverConfig();
  const migration = loadMigrationConfig();
  const nc: NatsConnection = await untilDeadline('nats connect', () =>
    connect({
      servers: config.natsServers,
      user: config.natsUser,
      pass: config.natsPass,
      name: 'cutover-cluster-init',
    }),
  );
  try {
    // The probe's own stream definition: what it would create, created now with R3.
    const backend = await untilDeadline('stream IOT_SENSORS', () =>
      NatsBackend.connect({
        servers: config.natsServers,
        user: config.natsUser,
        pass: config.natsPass,
        stream: CASE_STUDY_NAMES.stream,
        subjectPrefix: CASE_STUDY_NAMES.subjectPrefix,
        groups: [],
        probeId: 'cluster-init',
        replicas: config.replicas,
      }),
    );
    await backend.close();
    await untilDeadline('parity bucket', () => ParityStore.open(nc, 'default', config.replicas));
    await untilDeadline('migration bucket', () =>
      MigrationStore.open(nc, {
        bucket: migration.migration.bucket,
        groups: migration.consumerGroups.map((g) => g.name),
        standbyHours: migration.migration.standbyHours,
        replicas: config.replicas,
      }),
    );
    const jsm = await jetstreamManager(nc);
    const si = await jsm.streams.info(CASE_STUDY_NAMES.stream);
    return `nats: ${CASE_STUDY_NAMES.stream} R${si.config.num_replicas} (leader ${si.cluster?.leader ?? '?'}), KV cutover_parity and ${migration.migration.bucket} R${config.replicas}`;
  } finally {
    await nc.close();
  }
}

// Never fall back to the single node's defaults: R3 there would fail, or worse, half-work.
for (const name of ['CUTOVER_NATS_URL', 'CUTOVER_KAFKA_BROKERS', 'CUTOVER_REPLICAS']) {
  if (!process.env[name]) {
    console.error(`[cutover] ERROR: cluster init: ${name} is not set (source cluster.env)`);
    process.exit(2);
  }
}

Promise.all([initKafka(), initNats()]).then(
  (lines) => {
    for (const line of lines) console.error(`[cutover] cluster: ${line}`);
    process.exit(0);
  },
  (err: unknown) => {
    console.error(`[cutover] ERROR: cluster init: ${describeError(err)}`);
    process.exit(1);
  },
);
