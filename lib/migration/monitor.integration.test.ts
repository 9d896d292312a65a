import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Admin, Consumer, Producer, stringSerializers } from '@platformatic/kafka';
import { parseMigrationConfig } from '@/lib/config';
import { stackConfig, uniqueId } from '@/lib/testing/stack';
import { ImpossibleTransition } from '.';
import { kafkaLag } from './lag';
import { MigrationMonitor, MigrationStore } from './server';

const config = stackConfig();

/** A producer whose retried send on a busy machine never writes its batch twice: lags are exact. */
const exactProducer = () =>
  new Producer({
    clientId: 'it',
    bootstrapBrokers: config.kafkaBrokers,
    serializers: stringSerializers,
    idempotent: true,
  });
const id = uniqueId('mig').replace('-', '');
const topic = `it-${id}`;
const stream = `IT_${id.toUpperCase()}`;
const bucket = `it_${id}`;
/** A topic of three partitions for the lag tests. */
const wide = `it-${id}-wide`;
/** Topic and stream of the probe-consumer test. */
const probed = `it-${id}-probed`;
const probedStream = `${stream}_PROBED`;
const migration = parseMigrationConfig({
  parity: {},
  consumerGroups: [
    {
      name: 'lagging',
      language: 'go',
      kafkaGroupId: `it-${id}-lagging`,
      stream,
      durable: 'lagging',
    },
    { name: 'absent', language: 'rust', stream, durable: 'absent' },
  ],
  migration: { bucket, standbyHours: 72 },
});
let nc: NatsConnection;
let admin: Admin;

beforeAll(async () => {
  nc = await connect({ servers: config.natsServers, user: config.natsUser, pass: config.natsPass });
  admin = new Admin({ clientId: 'it', bootstrapBrokers: config.kafkaBrokers });
});
afterAll(async () => {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(stream).catch(() => undefined);
  await jsm.streams.delete(probedStream).catch(() => undefined);
  await (await MigrationStore.open(nc, { bucket, groups: [], standbyHours: 72 })).destroy();
  await admin.deleteTopics({ topics: [topic, wide, probed] }).catch(() => undefined);
  await admin.close();
  await nc.close();
});

describe('migration - consumer-group board against the real brokers', () => {
  it('shows the lag a stopped consumer leaves on Kafka and JetStream', async () => {
    // Kafka: 50 messages produced, the group committed after 10 of them and stopped.
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    const producer = exactProducer();
    await producer.send({
      messages: Array.from({ length: 50 }, (_, i) => ({ topic, key: 'k', value: `m${i}` })),
    });
    await producer.close();
    await admin.alterConsumerGroupOffsets({
      groupId: `it-${id}-lagging`,
      topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 10n }] }],
    });

    // JetStream: 50 published, the durable took 15, acknowledged 10 and stalled.
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [`it.${id}.>`] });
    await jsm.consumers.add(stream, { durable_name: 'lagging', ack_policy: AckPolicy.Explicit });
    const js = jetstream(nc);
    for (let i = 0; i < 50; i++) await js.publish(`it.${id}.x`, `m${i}`);
    const consumer = await js.consumers.get(stream, 'lagging');
    const batch = await consumer.fetch({ max_messages: 15, expires: 2000 });
    let n = 0;
    for await (const m of batch) if (n++ < 10) m.ack();

    const monitor = new MigrationMonitor(config, migration);
    try {
      const snap = await monitor.poll();
      expect(snap.type).toBe('live');
      if (snap.type !== 'live') return;
      const lagging = snap.groups.find((g) => g.name === 'lagging')!;
      expect(lagging.kafka).toEqual({ type: 'ok', lag: 40, partitions: 1 });
      expect(lagging.jetstream).toMatchObject({ type: 'ok', pending: 35, ackPending: 5 });
      expect(lagging.lagTrend).toEqual([40]);
      const absent = snap.groups.find((g) => g.name === 'absent')!;
      expect(absent.kafka.type).toBe('no_group');
      expect(absent.jetstream).toMatchObject({ type: 'no_consumer' });
      expect(snap.phase).toBe('proof-of-concept');
    } finally {
      await monitor.stop();
    }
  });

  it('records phase changes with who and why, refuses impossible ones, and the board shows them', async () => {
    const store = await MigrationStore.open(nc, {
      bucket,
      groups: ['lagging', 'absent'],
      standbyHours: 72,
    });
    await store.change({ scope: 'migration', to: 'shadowing' }, 'alice', 'PoC signed off');
    await store.change({ scope: 'group', group: 'lagging', to: 'shadow' }, 'bob', 'dual-write on');
    await expect(
      store.change({ scope: 'group', group: 'lagging', to: 'cut-over' }, 'bob', 'too soon'),
    ).rejects.toThrow(ImpossibleTransition);
    const history = await store.history();
    expect(history.map((h) => [h.scope, h.phase, h.who, h.why])).toEqual([
      ['group', 'shadow', 'bob', 'dual-write on'],
      ['migration', 'shadowing', 'alice', 'PoC signed off'],
    ]);

    const monitor = new MigrationMonitor(config, migration);
    try {
      const snap = await monitor.poll();
      if (snap.type !== 'live') throw new Error('board not live');
      expect(snap.phase).toBe('shadowing');
      expect(snap.groups.find((g) => g.name === 'lagging')!.phase).toBe('shadow');
      expect(snap.history).toHaveLength(2);
    } finally {
      await monitor.stop();
    }
  });

  it('the CLI refuses an impossible transition with a clear error and exit code 2', async () => {
    const cli = promisify(execFile);
    const dir = mkdtempSync(path.join(tmpdir(), 'cutover-cli-'));
    const file = path.join(dir, 'cutover.json');
    writeFileSync(file, JSON.stringify({ ...migration, probe: {} }));
    const env = { ...process.env, CUTOVER_CONFIG: file, CUTOVER_NATS_URL: config.natsUrl };
    const err = await cli(
      'node',
      ['--import', 'tsx', 'scripts/cutover.ts', 'set', 'decommissioned', '--why', 'x'],
      {
        env,
      },
    ).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toMatch(
      /refused \(skips_phase\): migration cannot go from shadowing to decommissioned/,
    );
  });
});

describe('migration - Kafka lag over every partition of the topic', () => {
  // 10, 20 and 30 messages on partitions 0, 1 and 2; partition 2's first 5 deleted (as
  // retention would), so its backlog is end − log start offset = 25.
  beforeAll(async () => {
    await admin.createTopics({ topics: [wide], partitions: 3, replicas: 1 });
    const producer = exactProducer();
    await producer.send({
      messages: [10, 20, 30].flatMap((n, partition) =>
        Array.from({ length: n }, (_, i) => ({ topic: wide, partition, key: 'k', value: `m${i}` })),
      ),
    });
    await producer.close();
    await admin.deleteRecords({
      topics: [{ name: wide, partitions: [{ partition: 2, offset: 5n }] }],
    });
  });

  it('a group that committed on one partition of three lags by the full backlog of the other two', async () => {
    const groupId = `it-${id}-one-commit`;
    await admin.alterConsumerGroupOffsets({
      groupId,
      topics: [{ name: wide, partitionOffsets: [{ partition: 0, offset: 4n }] }],
    });
    expect(await kafkaLag(admin, groupId)).toEqual({ type: 'ok', lag: 6 + 20 + 25, partitions: 3 });
  });

  it('a running group that has not committed yet lags by the whole backlog; a group Kafka does not know has no lag', async () => {
    const groupId = `it-${id}-no-commit`;
    const consumer = new Consumer({
      groupId,
      clientId: 'it',
      bootstrapBrokers: config.kafkaBrokers,
      autocommit: false,
    });
    try {
      const stream = await consumer.consume({ topics: [wide], mode: 'latest' });
      try {
        expect(await kafkaLag(admin, groupId)).toEqual({
          type: 'ok',
          lag: 10 + 20 + 25,
          partitions: 3,
        });
        expect(await kafkaLag(admin, `it-${id}-nobody`)).toMatchObject({ type: 'no_group' });
      } finally {
        await stream.close();
      }
    } finally {
      await consumer.close(true);
    }
  });
});

describe('migration - a group the probe runs, as its probe consumers', () => {
  // The probe consumes `probed` as <kafkaGroupId>-<probe id> and <durable>-<probe id>; the
  // configured group `probed-v2` extends its names and must stay apart.
  const probeRun = parseMigrationConfig({
    parity: {},
    consumerGroups: [
      { name: 'probed', language: 'go', kafkaGroupId: probed, stream: probedStream },
      { name: 'probed-v2', language: 'go', kafkaGroupId: `${probed}-v2`, stream: probedStream },
    ],
    probe: { groups: ['probed'] },
    migration: { bucket, standbyHours: 72 },
  });

  it('shows the worst of two running probe consumers and how many, leaving out a stopped one and another group', async () => {
    // Kafka: 50 messages. Two running probes committed at 10 and 30 (lag 40 and 20); a
    // stopped probe's group at 0 (lag 50, no member); probed-v2's own group at 5 (lag 45).
    await admin.createTopics({ topics: [probed], partitions: 1, replicas: 1 });
    const producer = exactProducer();
    await producer.send({
      messages: Array.from({ length: 50 }, (_, i) => ({ topic: probed, key: 'k', value: `m${i}` })),
    });
    await producer.close();
    const commits = { p1: 10n, p2: 30n, gone: 0n, v2: 5n };
    for (const [suffix, offset] of Object.entries(commits)) {
      await admin.alterConsumerGroupOffsets({
        groupId: `${probed}-${suffix}`,
        topics: [{ name: probed, partitionOffsets: [{ partition: 0, offset }] }],
      });
    }

    // JetStream: probe p1 has 20 pending of which it holds 4 unacknowledged, p2 8 and 6:
    // the worst is 16 pending (p1) and 6 ack pending (p2). probed-v2's durable holds 100.
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: probedStream, subjects: [`itp.${id}.probed.>`] });
    const js = jetstream(nc);
    const durables = { 'probed-p1': [20, 4], 'probed-p2': [8, 6], 'probed-v2': [100, 0] };
    for (const [durable, [published, held]] of Object.entries(durables)) {
      await jsm.consumers.add(probedStream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        filter_subject: `itp.${id}.probed.${durable}.>`,
        ack_wait: 120 * 1e9,
      });
      for (let i = 0; i < published!; i++) await js.publish(`itp.${id}.probed.${durable}.x`, 'm');
      if (held! > 0) {
        const c = await js.consumers.get(probedStream, durable);
        const taken: number[] = [];
        for await (const m of await c.fetch({ max_messages: held!, expires: 2000 }))
          taken.push(m.seq);
        expect(taken).toHaveLength(held!);
      }
    }

    const running = ['p1', 'p2'].map(
      (suffix) =>
        new Consumer({
          groupId: `${probed}-${suffix}`,
          clientId: 'it',
          bootstrapBrokers: config.kafkaBrokers,
          autocommit: false,
        }),
    );
    const streams = await Promise.all(
      running.map((c) => c.consume({ topics: [probed], mode: 'latest' })),
    );
    const monitor = new MigrationMonitor(config, probeRun);
    try {
      const snap = await monitor.poll();
      if (snap.type !== 'live') throw new Error('board not live');
      const row = snap.groups.find((g) => g.name === 'probed')!;
      expect(row.kafka).toEqual({ type: 'ok', lag: 40, partitions: 1 });
      expect(row.jetstream).toEqual({ type: 'ok', pending: 16, ackPending: 6, redelivered: 0 });
      expect(row.probeConsumers).toEqual({ kafka: 2, jetstream: 2 });
      expect(row.lagTrend).toEqual([40]);
      expect(row.pendingTrend).toEqual([16]);
      // A group the probe does not run is read by its own names, as before.
      const other = snap.groups.find((g) => g.name === 'probed-v2')!;
      expect(other.kafka).toEqual({ type: 'ok', lag: 45, partitions: 1 });
      expect(other.jetstream).toMatchObject({ type: 'ok', pending: 100 });
      expect(other.probeConsumers).toBeUndefined();
    } finally {
      await monitor.stop();
      await Promise.all(streams.map((s) => s.close()));
      await Promise.all(running.map((c) => c.close(true)));
    }
  });

  it('a probe that stopped is no consumer: the row says none runs, not its growing lag', async () => {
    // After the first test its two probes have left their groups; a closing probe also
    // removes its durables.
    const jsm = await jetstreamManager(nc);
    for (const durable of ['probed-p1', 'probed-p2'])
      await jsm.consumers.delete(probedStream, durable);
    const monitor = new MigrationMonitor(config, probeRun);
    try {
      const snap = await monitor.poll();
      if (snap.type !== 'live') throw new Error('board not live');
      const row = snap.groups.find((g) => g.name === 'probed')!;
      expect(row.kafka).toEqual({
        type: 'no_group',
        message: `no running probe consumer ${probed}-<probe id> (3 stopped, left to Kafka's offset retention)`,
      });
      expect(row.jetstream).toMatchObject({ type: 'no_consumer' });
      expect(row.probeConsumers).toEqual({ kafka: 0, jetstream: 0 });
    } finally {
      await monitor.stop();
    }
  });
});
