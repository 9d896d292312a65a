import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NodeAnswer } from './nats-poll';
import {
  clusterHealth,
  natsView,
  parseJsz,
  parseVarz,
  type ClusterSnapshot,
  type KafkaView,
  type NatsView,
} from '.';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8'));
const answer = (url: string, prefix: string): NodeAnswer => ({
  type: 'up',
  url,
  varz: parseVarz(fixture(`${prefix}-varz.json`)),
  jsz: parseJsz(fixture(`${prefix}-jsz.json`)),
});
const urls = ['http://127.0.0.1:8250', 'http://127.0.0.1:8251', 'http://127.0.0.1:8252'];
const clusterAnswers = (): NodeAnswer[] => urls.map((u, i) => answer(u, `cluster-n${i + 1}`));
const clusterKafka = (): KafkaView => fixture('cluster-kafka.json') as KafkaView;
const snapshot = (nats: NatsView, kafka: KafkaView, expectedReplicas = 3): ClusterSnapshot => ({
  atMs: 1_800_000_000_000,
  expectedReplicas,
  nats,
  kafka,
});
const singleKafka: KafkaView = {
  type: 'up',
  clusterId: 'b19FftZwRfmBmrvH-jwjkg',
  brokers: [{ id: 1, address: '127.0.0.1:9092', up: true, error: null }],
  quorum: {
    type: 'ok',
    leaderId: 1,
    leaderEpoch: 1,
    voters: [{ id: 1, lagOffsets: 0, lastCaughtUpMs: 1_800_000_000_000 }],
  },
  topics: [
    { type: 'missing', name: 'iot-sensor-v1' },
    {
      type: 'found',
      name: 'cutover.v1.samples',
      minIsr: 1,
      minIsrSource: 'topic',
      partitions: [{ partition: 0, leader: 1, replicas: [1], isr: [1] }],
    },
  ],
};

describe('cluster - NATS view from the three nodes', () => {
  it("takes each group's progress from its leader, not from the followers' stale lists", () => {
    // n1 and n2 list their peers as not current with lag 1: they are followers.
    const view = natsView(clusterAnswers(), ['IOT_SENSORS']);
    expect(view.meta).toMatchObject({ leader: 'cutover-n3', size: 3 });
    const s = view.streams[0]!;
    expect(s).toMatchObject({ type: 'found', leader: 'cutover-n3', replicas: 3 });
    expect(s.type === 'found' && s.hosts).toEqual(['cutover-n1', 'cutover-n2', 'cutover-n3']);
    const h = clusterHealth(snapshot(view, clusterKafka()));
    expect(h.verdict).toBe('healthy');
    expect(h.problems).toEqual([]);
    expect(h.evidence.nats).toBe(
      'IOT_SENSORS R3 leader cutover-n3, 2/2 replicas in sync; 3/3 nodes up, meta leader cutover-n3',
    );
    expect(h.nats.rows.map((r) => [r.name, r.roles.map((x) => x.type)])).toEqual([
      ['cutover-n1', ['replica']],
      ['cutover-n2', ['replica']],
      ['cutover-n3', ['meta-leader', 'stream-leader']],
    ]);
    expect(h.nats.note).toBeNull();
  });

  /** The cluster fixtures with cutover-n2's IOT_SENSORS replica as the leader sees it. */
  const withN2 = (peer: { current: boolean; lag: number; activeMs: number }) => {
    const answers = clusterAnswers();
    const n3 = answers[2] as NodeAnswer & { type: 'up' };
    const stream = n3.jsz.streams.find((x) => x.name === 'IOT_SENSORS')!;
    stream.peers = stream.peers.map((p) => (p.name === 'cutover-n2' ? { ...p, ...peer } : p));
    return clusterHealth(snapshot(natsView(answers, ['IOT_SENSORS']), clusterKafka()));
  };

  it("names a replica that is behind, from the leader's count of operations", () => {
    // What a restarted follower showed while it caught up under the drill's load.
    const h = withN2({ current: false, lag: 35_737, activeMs: 90 });
    expect(h.verdict).toBe('degraded');
    expect(h.problems).toEqual(['NATS: IOT_SENSORS replica cutover-n2 lagging by 35,737 ops']);
    expect(h.nats.rows[1]!.roles).toEqual([
      expect.objectContaining({ type: 'replica', current: false, inSync: false, lag: 35_737 }),
    ]);
    expect(withN2({ current: false, lag: 0, activeMs: 9100 }).problems).toEqual([
      'NATS: IOT_SENSORS replica cutover-n2 not heard from for 9.1 s',
    ]);
  });

  it('keeps a follower a few appends behind under load in sync, as Kafka keeps its ISR', () => {
    // Seen at 2,000 msg/s in a third of the polls of a healthy cluster.
    const h = withN2({ current: false, lag: 130, activeMs: 95 });
    expect(h.verdict).toBe('healthy');
    expect(h.evidence.nats).toMatch(/2\/2 replicas in sync/);
    expect(h.nats.rows[1]!.roles).toEqual([
      expect.objectContaining({ current: false, inSync: true, lag: 130 }),
    ]);
  });

  it('reports a node whose endpoint does not answer as down, by the name it had', () => {
    const answers: NodeAnswer[] = [
      ...clusterAnswers().slice(0, 2),
      { type: 'down', url: urls[2]!, error: 'connect ECONNREFUSED 127.0.0.1:8252' },
    ];
    const known = new Map([[urls[2]!, 'cutover-n3']]);
    const h = clusterHealth(snapshot(natsView(answers, ['IOT_SENSORS'], known), clusterKafka()));
    expect(h.verdict).toBe('degraded');
    expect(h.problems[0]).toBe('NATS cutover-n3 down: connect ECONNREFUSED 127.0.0.1:8252');
    // The leader did not answer: its replicas' progress is unknown, not assumed.
    expect(h.unknowns).toEqual([
      "NATS: IOT_SENSORS leader cutover-n3 did not answer; its replicas' progress is unknown",
    ]);
    expect(h.nats.rows[2]).toMatchObject({ name: 'cutover-n3', up: false });
    expect(h.nats.rows[0]!.roles).toEqual([{ type: 'replica-unknown', stream: 'IOT_SENSORS' }]);
  });

  it('names a node down since before the first poll after the one peer nobody answers for', () => {
    const answers: NodeAnswer[] = [
      { type: 'down', url: urls[0]!, error: 'connect ECONNREFUSED 127.0.0.1:8250' },
      ...clusterAnswers().slice(1),
    ];
    const view = natsView(answers, ['IOT_SENSORS']);
    expect(view.nodes[0]).toMatchObject({ type: 'down', serverName: 'cutover-n1' });
  });

  it('is unknown, not healthy, when the watched stream is nowhere', () => {
    const h = clusterHealth(snapshot(natsView(clusterAnswers(), ['NOPE']), clusterKafka()));
    expect(h.verdict).toBe('unknown');
    expect(h.unknowns).toEqual(['NATS: stream NOPE not found on any node that answered']);
  });
});

describe('cluster - single node', () => {
  const single = () => natsView([answer('http://127.0.0.1:8222', 'single')], ['FIXTURE_SENSORS']);

  it('says N=1 and passes when one replica is what is configured', () => {
    const h = clusterHealth(snapshot(single(), singleKafka, 1));
    expect(h.verdict).toBe('healthy');
    expect(h.nats.note).toMatch(/^single node: N=1/);
    expect(h.kafka.note).toMatch(/^single node: N=1/);
    expect(h.nats.rows).toHaveLength(1);
    expect(h.nats.rows[0]!.roles).toEqual([
      { type: 'standalone' },
      { type: 'stream-leader', stream: 'FIXTURE_SENSORS' },
    ]);
    expect(h.evidence.kafka).toBe(
      '1/1 broker up, controller 1; 1 partition of 1 topic, 1 fully in sync, min.insync.replicas 1; not created yet: iot-sensor-v1',
    );
  });

  it('fails when the configuration asks for more replicas than the stream and topics have', () => {
    const h = clusterHealth(snapshot(single(), singleKafka, 3));
    expect(h.verdict).toBe('degraded');
    expect(h.problems).toEqual([
      'NATS: stream FIXTURE_SENSORS has 1 replica(s), 3 expected',
      'Kafka: cutover.v1.samples p0 with fewer than 3 replicas',
    ]);
  });
});

describe('cluster - Kafka replication', () => {
  it('passes three brokers with every partition fully in sync, naming the active controller', () => {
    const h = clusterHealth(snapshot(natsView(clusterAnswers(), ['IOT_SENSORS']), clusterKafka()));
    expect(h.evidence.kafka).toBe(
      '3/3 brokers up, controller 2; 3 partitions of 3 topics, 3 fully in sync, min.insync.replicas 2; not created yet: __consumer_offsets',
    );
    expect(h.kafka.rows.map((r) => [r.id, r.controller, r.partitionsLed, r.replicas])).toEqual([
      [1, false, 1, 3],
      [2, true, 1, 3],
      [3, false, 1, 3],
    ]);
  });

  it('flags under-replicated partitions, ISR below min.insync.replicas and a dead broker', () => {
    const kafka = clusterKafka();
    if (kafka.type !== 'up') throw new Error('fixture');
    const t = kafka.topics.find((x) => x.name === 'iot-sensor-v1');
    if (t?.type !== 'found') throw new Error('fixture');
    t.partitions[0] = { ...t.partitions[0]!, isr: [3] };
    kafka.brokers[1] = { ...kafka.brokers[1]!, up: false, error: 'ECONNREFUSED 127.0.0.1:9193' };
    const h = clusterHealth(snapshot(natsView(clusterAnswers(), ['IOT_SENSORS']), kafka));
    expect(h.verdict).toBe('degraded');
    expect(h.problems).toEqual([
      'Kafka broker 2 (127.0.0.1:9193) down: ECONNREFUSED 127.0.0.1:9193',
      'Kafka: iot-sensor-v1 p0 under-replicated (ISR < replicas)',
      'Kafka: iot-sensor-v1 p0 ISR below min.insync.replicas 2 (acks=all writes fail)',
    ]);
    expect(h.kafka.topics[0]).toMatchObject({ underReplicated: [0], belowMinIsr: [0] });
    expect(h.kafka.rows.map((r) => r.outOfIsr)).toEqual([1, 1, 0]);
  });

  it('is unknown when the admin API answers nothing', () => {
    const down: KafkaView = {
      type: 'down',
      error: 'connect ECONNREFUSED',
      brokers: [],
    };
    const h = clusterHealth(snapshot(natsView(clusterAnswers(), ['IOT_SENSORS']), down));
    expect(h.verdict).toBe('unknown');
    expect(h.unknowns).toEqual(['Kafka: admin API unreachable (connect ECONNREFUSED)']);
  });
});
