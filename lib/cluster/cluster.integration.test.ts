import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Admin } from '@platformatic/kafka';
import { parseConfig, type ServerConfig } from '@/lib/config';
import { stackConfig, uniqueId } from '@/lib/testing/stack';
import { ClusterMonitor, subscribeLeaderElected } from './server';
import type { ClusterResponse, NatsStream } from '.';

const CLUSTER_ENV = path.resolve('.cutover/run/cluster.env');

/** The cluster's settings from the file `stack-up.sh --cluster` writes (export lines). */
function clusterConfig(): ServerConfig {
  const env: Record<string, string> = {};
  for (const line of readFileSync(CLUSTER_ENV, 'utf8').split('\n')) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return parseConfig({ ...process.env, ...env, CUTOVER_SOURCE: 'live' });
}

/** Everything a test created, removed afterwards even when it failed. */
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function scratch(config: ServerConfig, partitions: number) {
  const id = uniqueId('clu').replace('-', '');
  const stream = `IT_${id.toUpperCase()}`;
  const topic = `it-${id}`;
  const nc: NatsConnection = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
  });
  const admin = new Admin({ clientId: 'it-cluster', bootstrapBrokers: config.kafkaBrokers });
  const jsm = await jetstreamManager(nc);
  cleanups.push(
    () => nc.close(),
    () => admin.close(),
    () => admin.deleteTopics({ topics: [topic] }),
    () => jsm.streams.delete(stream),
  );
  await jsm.streams.add({ name: stream, subjects: [`it.${id}.>`], num_replicas: config.replicas });
  await admin.createTopics({
    topics: [topic],
    partitions,
    replicas: config.replicas,
    configs: [{ name: 'min.insync.replicas', value: String(config.kafkaMinIsr) }],
  });
  const monitor = new ClusterMonitor({
    natsMonitorUrls: config.natsMonitorUrls,
    natsServers: config.natsServers,
    natsUser: config.natsUser,
    natsPass: config.natsPass,
    kafkaBrokers: config.kafkaBrokers,
    streams: [stream],
    topics: [topic],
    expectedReplicas: config.replicas,
    fallbackMinIsr: 1,
    intervalMs: 500,
  });
  cleanups.push(() => monitor.stop());
  return { stream, topic, nc, monitor };
}

/** Polls until the answer satisfies `ok` (a new stream's replicas take a moment to catch up). */
async function until(
  monitor: ClusterMonitor,
  ok: (r: ClusterResponse & { type: 'live' }) => boolean,
  timeoutMs = 20_000,
): Promise<ClusterResponse & { type: 'live' }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await monitor.poll();
    const r = monitor.response();
    if (r.type === 'live' && ok(r)) return r;
    if (Date.now() > deadline) {
      throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(r).slice(0, 2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const found = (s: NatsStream | undefined) => (s?.type === 'found' ? s : null);
/** Kafka lists a new topic's partitions, each with its full ISR (metadata propagates). */
const topicReady = (r: ClusterResponse & { type: 'live' }) =>
  r.snapshot.kafka.type === 'up' &&
  r.snapshot.kafka.topics.every(
    (t) => t.type === 'found' && t.partitions.every((p) => p.isr.length === p.replicas.length),
  );

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('cluster - the single-node stack as it is', () => {
  it('sees one node, standalone, leading its stream, and one broker that is also the controller', async () => {
    const config = stackConfig();
    // A monitoring URL nobody listens on: that node is down, with the reason.
    const deadUrl = `http://127.0.0.1:${await closedPort()}`;
    config.natsMonitorUrls = [...config.natsMonitorUrls, deadUrl];
    const { stream, topic, monitor } = await scratch({ ...config, replicas: 1, kafkaMinIsr: 1 }, 2);
    await monitor.start();
    const r = await until(
      monitor,
      (x) => found(x.snapshot.nats.streams[0]) !== null && topicReady(x),
    );

    const [node, dead] = r.snapshot.nats.nodes;
    if (node?.type !== 'up') throw new Error(`NATS down: ${JSON.stringify(node)}`);
    expect(node).toMatchObject({
      type: 'up',
      cluster: null,
      version: expect.stringMatching(/^2\.11\./),
    });
    expect(dead).toMatchObject({ type: 'down', error: expect.stringMatching(/ECONNREFUSED/) });
    const s = found(r.snapshot.nats.streams[0])!;
    expect(s).toMatchObject({ replicas: 1, leader: node.serverName });
    expect(r.health.nats.rows[0]!.roles.map((x) => x.type)).toEqual([
      'standalone',
      'stream-leader',
    ]);

    const kafka = r.snapshot.kafka;
    if (kafka.type !== 'up') throw new Error(`Kafka down: ${kafka.error}`);
    expect(kafka.brokers).toHaveLength(1);
    expect(kafka.quorum).toMatchObject({ type: 'ok', leaderId: kafka.brokers[0]!.id });
    const t = kafka.topics[0]!;
    expect(t).toMatchObject({ type: 'found', name: topic, minIsr: 1, minIsrSource: 'topic' });
    expect(t.type === 'found' && t.partitions.map((p) => p.isr)).toEqual([[1], [1]]);
    expect(r.health.kafka.note).toMatch(/^single node: N=1/);
    // The only problem is the URL that does not answer.
    expect(r.health.problems).toEqual([
      `NATS ${deadUrl} down: connect ECONNREFUSED ${deadUrl.slice('http://'.length)}`,
      'NATS: 2 nodes configured, but none reports a JetStream cluster',
    ]);
    expect(stream).toMatch(/^IT_/);
  });
});

describe.skipIf(!existsSync(CLUSTER_ENV))('cluster - the 3-node cluster as it is', () => {
  it('sees 3 NATS nodes, the meta and stream leaders, every replica current, and 3 brokers with full ISR', async () => {
    const config = clusterConfig();
    expect(config.replicas).toBe(3);
    const { stream, topic, monitor } = await scratch(config, 3);
    await monitor.start();
    const r = await until(monitor, (x) => {
      const s = found(x.snapshot.nats.streams[0]);
      return (
        s !== null &&
        s.peers !== null &&
        s.peers.length === 2 &&
        s.peers.every((p) => p.current) &&
        topicReady(x)
      );
    });

    const names = r.snapshot.nats.nodes.map((n) => (n.type === 'up' ? n.serverName : n.url));
    expect(names).toEqual(['cutover-n1', 'cutover-n2', 'cutover-n3']);
    expect(r.snapshot.nats.meta?.leader).toMatch(/^cutover-n[123]$/);
    const s = found(r.snapshot.nats.streams[0])!;
    expect(s.replicas).toBe(3);
    expect(s.leader).toMatch(/^cutover-n[123]$/);
    expect(s.peers!.map((p) => p.name).sort()).toEqual(names.filter((n) => n !== s.leader));
    const roles = r.health.nats.rows.flatMap((row) =>
      row.roles.filter((x) => 'stream' in x && x.stream === stream).map((x) => x.type),
    );
    expect(roles.sort()).toEqual(['replica', 'replica', 'stream-leader']);

    const kafka = r.snapshot.kafka;
    if (kafka.type !== 'up') throw new Error(`Kafka down: ${kafka.error}`);
    expect(kafka.brokers.map((b) => [b.id, b.up])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(kafka.quorum.type === 'ok' && [1, 2, 3].includes(kafka.quorum.leaderId)).toBe(true);
    const t = kafka.topics[0]!;
    expect(t).toMatchObject({ type: 'found', name: topic, minIsr: 2, minIsrSource: 'topic' });
    for (const p of t.type === 'found' ? t.partitions : []) {
      expect(p.replicas).toHaveLength(3);
      expect([...p.isr].sort()).toEqual([...p.replicas].sort());
    }
    expect(r.health.kafka.rows.filter((b) => b.controller)).toHaveLength(1);
    expect(r.health.kafka.rows.reduce((n, b) => n + b.partitionsLed, 0)).toBe(3);
  });

  it('records a stream leader election from its advisory, killing nothing (a step-down)', async () => {
    const config = clusterConfig();
    const { stream, nc, monitor } = await scratch(config, 1);
    await monitor.start();
    const before = await until(monitor, (x) => found(x.snapshot.nats.streams[0])?.leader != null);
    const old = found(before.snapshot.nats.streams[0])!.leader!;
    const advised: [string, string][] = [];
    const sub = subscribeLeaderElected(nc, (st, leader) => advised.push([st, leader]));
    cleanups.push(async () => sub.unsubscribe());
    await nc.flush();
    const answer = await nc.request(`$JS.API.STREAM.LEADER.STEPDOWN.${stream}`, '', {
      timeout: 5000,
    });
    expect(answer.json<{ success?: boolean }>().success).toBe(true);
    // The advisory names the new leader; the monitor records the election once.
    await expect
      .poll(() => advised.find(([st]) => st === stream), { timeout: 10_000 })
      .toEqual([stream, expect.not.stringMatching(`^${old}$`)]);
    const after = await until(monitor, (x) =>
      x.events.some(
        (e) => e.kind === 'stream-leader' && e.detail.startsWith(`${stream} leader → `),
      ),
    );
    // Two more polls: the election stays one event, whoever reported it first.
    await monitor.poll();
    await monitor.poll();
    const mine = monitor.response();
    const elected = (mine.type === 'live' ? mine.events : after.events).filter((x) =>
      x.detail.startsWith(`${stream} leader → `),
    );
    expect(elected).toHaveLength(1);
    const e = elected[0]!;
    expect(e.backend).toBe('nats');
    expect(e.detail).not.toBe(`${stream} leader → ${old}`);
    expect(e.detail).toMatch(/→ cutover-n[123]$/);
  });
});
