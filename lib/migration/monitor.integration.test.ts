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
const id = uniqueId('mig').replace('-', '');
const topic = `it-${id}`;
const stream = `IT_${id.toUpperCase()}`;
const bucket = `it_${id}`;
/** A topic of three partitions for the lag tests. */
const wide = `it-${id}-wide`;
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
  nc = await connect({ servers: config.natsUrl, user: config.natsUser, pass: config.natsPass });
  admin = new Admin({ clientId: 'it', bootstrapBrokers: config.kafkaBrokers });
});
afterAll(async () => {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(stream).catch(() => undefined);
  await (await MigrationStore.open(nc, { bucket, groups: [], standbyHours: 72 })).destroy();
  await admin.deleteTopics({ topics: [topic, wide] }).catch(() => undefined);
  await admin.close();
  await nc.close();
});

describe('migration - consumer-group board against the real brokers', () => {
  it('shows the lag a stopped consumer leaves on Kafka and JetStream', async () => {
    // Kafka: 50 messages produced, the group committed after 10 of them and stopped.
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    const producer = new Producer({
      clientId: 'it',
      bootstrapBrokers: config.kafkaBrokers,
      serializers: stringSerializers,
    });
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
    const producer = new Producer({
      clientId: 'it',
      bootstrapBrokers: config.kafkaBrokers,
      serializers: stringSerializers,
    });
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
