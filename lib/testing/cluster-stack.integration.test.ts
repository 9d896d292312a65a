import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager, type StreamInfo } from '@nats-io/jetstream';
import { Admin, ConfigResourceTypes } from '@platformatic/kafka';
import { loadMigrationConfig, parseMigrationConfig } from '@/lib/config';
import { CASE_STUDY_NAMES, createProbe, NATS_ACK_WAIT_MS, type ProbeSettings } from '@/lib/probe';
import { decodeSample, type LatencyWindow } from '@/lib/samples';
import { clusterConfig, clusterNode, clusterStatus, nodeNumber } from './cluster';
import { isolatedProbeSettings } from './stack';

// Against the cluster that `bash scripts/stack-up.sh --cluster` started (cluster.env).
const config = clusterConfig();
const migration = parseMigrationConfig({
  parity: { target: 100_000, graceMs: NATS_ACK_WAIT_MS + 3000 },
  consumerGroups: [{ name: 'ingest', language: 'go' }],
});
// Through a failover a copy may take as long as Kafka takes to fence a dead broker (9 s
// session timeout), elect a leader and rejoin the group: longer than that, or it counts missing.
const failoverMigration = parseMigrationConfig({
  parity: { target: 100_000, graceMs: 30_000 },
  consumerGroups: [{ name: 'ingest', language: 'go' }],
});
const SEVEN_DAYS_NS = 7 * 24 * 3600 * 1e9;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let nc: NatsConnection;
let jsm: JetStreamManager;
let admin: Admin;
const streams: string[] = [];
const topics: string[] = [];

beforeAll(async () => {
  nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
  jsm = await jetstreamManager(nc);
  admin = new Admin({ clientId: 'it-cluster', bootstrapBrokers: config.kafkaBrokers });
});

afterAll(async () => {
  // Whatever happened, leave every node up for the next test and the people sharing it.
  const status = await clusterStatus();
  for (const [name, state] of Object.entries(status)) {
    const [kind, n] = name.split('-n');
    if (state === 'down') await clusterNode('start', kind as 'nats' | 'kafka', Number(n));
  }
  for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
  if (topics.length) await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.close();
  await nc.close();
}, 240_000);

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
async function eventually(what: string, timeoutMs: number, check: () => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(500);
  }
}

/** Every replica of the stream is current: a leader and all followers caught up. */
function allCurrent(si: StreamInfo): boolean {
  const followers = si.cluster?.replicas ?? [];
  return (
    Boolean(si.cluster?.leader) &&
    followers.length === si.config.num_replicas - 1 &&
    followers.every((r) => r.current && !r.offline)
  );
}

/** Every partition of the topic (leader, replicas, ISR) and how many brokers are registered. */
async function partitions(topic: string) {
  const m = await admin.metadata({ topics: [topic], forceUpdate: true });
  const ps = m.topics.get(topic)?.partitions ?? [];
  if (ps.length === 0) throw new Error(`no partitions of ${topic}`);
  return { partitions: ps, brokers: m.brokers.size };
}

/** Partition 0: a topic the probe creates has just that one. */
async function partition(topic: string) {
  return (await partitions(topic)).partitions[0]!;
}

const fullIsr = async (topic: string) =>
  (await partitions(topic)).partitions.every((p) => p.isr.length === 3);

/** Settings with a stream, topic, groups and ledger of the test's own, replicated 3 ways. */
function isolated(overrides: Partial<ProbeSettings> = {}): ProbeSettings {
  const {
    settings,
    stream,
    topics: own,
  } = isolatedProbeSettings('itc', {
    ratePerSecond: 100,
    durationSeconds: null,
    maxInFlight: 500,
    replicas: config.replicas,
    ...overrides,
  });
  streams.push(stream);
  topics.push(...own);
  return settings;
}

describe('cluster - the 3-node NATS and Kafka clusters the stack scripts start', () => {
  it('IOT_SENSORS is the case study stream with 3 replicas, all current', async () => {
    expect(config.natsServers).toHaveLength(3);
    expect(config.replicas).toBe(3);
    await eventually('IOT_SENSORS replicas current', 30_000, async () =>
      allCurrent(await jsm.streams.info(CASE_STUDY_NAMES.stream)),
    );
    const si = await jsm.streams.info(CASE_STUDY_NAMES.stream);
    expect(si.config).toMatchObject({
      num_replicas: 3,
      retention: 'workqueue',
      storage: 'file',
      max_age: SEVEN_DAYS_NS,
    });
    for (const bucket of ['KV_cutover_parity', `KV_${loadMigrationConfig().migration.bucket}`])
      expect((await jsm.streams.info(bucket)).config.num_replicas, bucket).toBe(3);
  });

  it('iot-sensor-v1 and the sample topics have 3 replicas, 3 in sync, min.insync.replicas 2', async () => {
    const names = [CASE_STUDY_NAMES.kafkaTopic, config.samplesTopic, config.parityTopic];
    for (const topic of names) {
      await eventually(`${topic} ISR 3`, 30_000, () => fullIsr(topic));
      const { partitions: ps, brokers } = await partitions(topic);
      expect(brokers, 'brokers').toBe(3);
      for (const p of ps) expect(p.replicas, topic).toHaveLength(3);
    }
    const described = await admin.describeConfigs({
      resources: names.map((resourceName) => ({
        resourceType: ConfigResourceTypes.TOPIC,
        resourceName,
        configurationKeys: ['min.insync.replicas'],
      })),
    });
    for (const d of described)
      expect(d.configs.find((c) => c.name === 'min.insync.replicas')?.value, d.resourceName).toBe(
        '2',
      );
  });

  it('a short probe run over the seed lists matches every message on both sides', async () => {
    const settings = isolated({ durationSeconds: 3, ratePerSecond: 100 });
    const created = await createProbe(config, migration, settings);
    await created.probe.start();
    await sleep(3200);
    const summary = await created.probe.stop(migration.parity.graceMs + 2000);
    await created.close();
    for (const b of summary.backends)
      expect(b, b.backend).toMatchObject({ sent: 300, consumed: 300, errors: 0 });
    expect(summary.parity).toMatchObject({
      shadowed: 300,
      matched: 300,
      missing: { kafka: 0, nats: 0 },
      mismatches: { kafka: 0, nats: 0 },
    });
    // Created by the probe with the cluster's replication.
    const si = await jsm.streams.info(settings.names!.stream!);
    expect(si.config.num_replicas).toBe(3);
    const p = await partition(settings.names!.kafkaTopic!);
    expect(p.replicas).toHaveLength(3);
  }, 60_000);

  it('the probe keeps going while the stream leader and the partition leader are killed, and both rejoin', async () => {
    const settings = isolated({ ratePerSecond: 100 });
    const windows: LatencyWindow[] = [];
    const sub = nc.subscribe(`cutover.v1.samples.*.${settings.probeId}`, {
      callback: (_e, m) => void windows.push(decodeSample(m.data)),
    });
    const created = await createProbe(config, failoverMigration, settings);
    await created.probe.start();
    await sleep(3000);

    const stream = settings.names!.stream!;
    const topic = settings.names!.kafkaTopic!;
    const natsNode = nodeNumber((await jsm.streams.info(stream)).cluster!.leader!);
    const kafkaNode = nodeNumber((await partition(topic)).leader);
    await Promise.all([
      clusterNode('kill', 'nats', natsNode),
      clusterNode('kill', 'kafka', kafkaNode),
    ]);
    const killedAtMs = Date.now();

    // New leaders among the two nodes left, while the probe keeps writing.
    await eventually('a new stream leader', 30_000, async () => {
      const leader = (await jsm.streams.info(stream)).cluster?.leader;
      return Boolean(leader) && nodeNumber(leader!) !== natsNode;
    });
    await eventually('a new partition leader', 60_000, async () => {
      const p = await partition(topic);
      return p.leader >= 0 && p.leader !== kafkaNode;
    });

    // Back on the same data: each rejoins and catches up.
    await Promise.all([
      clusterNode('start', 'nats', natsNode),
      clusterNode('start', 'kafka', kafkaNode),
    ]);
    await eventually('stream replicas all current again', 60_000, async () =>
      allCurrent(await jsm.streams.info(stream)),
    );
    await eventually('ISR of 3 again', 90_000, () => fullIsr(topic));
    const rejoinedAtMs = Date.now();
    await sleep(3000);

    const summary = await created.probe.stop(failoverMigration.parity.graceMs + 5000);
    await created.close();
    sub.unsubscribe();

    // Nothing a broker acknowledged is lost; a failed publish is unsent, not missing.
    expect(summary.parity?.missing, JSON.stringify(summary.parity)).toEqual({ kafka: 0, nats: 0 });
    expect(summary.parity?.mismatches).toEqual({ kafka: 0, nats: 0 });
    expect(summary.parity!.matched).toBeGreaterThan(0);
    // Both sides delivered after the faults, with the seed lists only.
    for (const backend of ['kafka', 'nats']) {
      const after = windows
        .filter((w) => w.backend === backend && w.metric === 'e2e')
        .filter((w) => w.windowStartMs >= rejoinedAtMs)
        .reduce((n, w) => n + w.count, 0);
      expect(after, `${backend} deliveries after the nodes rejoined`).toBeGreaterThan(0);
    }
    expect(rejoinedAtMs).toBeGreaterThan(killedAtMs);
  }, 300_000);
});
