import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElectionLog, electionLabel, parseLeaderElected, type ClusterSnapshot } from '.';

const T0 = 1_800_000_000_000;
const snap = (
  atMs: number,
  { stream = 'cutover-n1', meta = 'cutover-n1', controller = 1, leaders = [1, 2, 3] } = {},
): ClusterSnapshot => ({
  atMs,
  expectedReplicas: 3,
  nats: {
    nodes: [],
    meta: { cluster: 'cutover', leader: meta, size: 3, peers: [] },
    streams: [
      {
        type: 'found',
        name: 'IOT_SENSORS',
        account: '$G',
        replicas: 3,
        messages: 0,
        leader: stream,
        leaderSinceMs: null,
        peers: [],
        hosts: [],
      },
    ],
  },
  kafka: {
    type: 'up',
    clusterId: 'c',
    brokers: [],
    quorum: { type: 'ok', leaderId: controller, leaderEpoch: 1, voters: [] },
    topics: [
      {
        type: 'found',
        name: 'iot-sensor-v1',
        minIsr: 2,
        minIsrSource: 'topic',
        partitions: leaders.map((leader, partition) => ({
          partition,
          leader,
          replicas: [1, 2, 3],
          isr: [1, 2, 3],
        })),
      },
    ],
  },
});

describe('cluster - leader elections', () => {
  it('takes the first poll as the baseline, then records each change once', () => {
    const log = new ElectionLog();
    log.observe(snap(T0));
    expect(log.events()).toEqual([]);
    log.observe(snap(T0 + 2000, { meta: 'cutover-n2', controller: 3, leaders: [2, 2, 3] }));
    log.observe(snap(T0 + 4000, { meta: 'cutover-n2', controller: 3, leaders: [2, 2, 3] }));
    expect(log.events().map(electionLabel)).toEqual([
      'NATS: meta leader → cutover-n2',
      'Kafka: controller → node 3',
      'Kafka: iot-sensor-v1 leader → broker 2 (p0)',
    ]);
    expect(log.events().every((e) => e.atMs === T0 + 2000 && e.source === 'poll')).toBe(true);
  });

  it('groups the partitions one poll saw move, and says which went offline', () => {
    const log = new ElectionLog();
    log.observe(snap(T0, { leaders: [1, 1, 2, 3] }));
    log.observe(snap(T0 + 2000, { leaders: [-1, 2, 2, 3] }));
    expect(log.events().map((e) => e.detail)).toEqual([
      'iot-sensor-v1 leader → offline p0, broker 2 (p1)',
    ]);
  });

  it('counts an election once whether the advisory or the poll sees it first', () => {
    const log = new ElectionLog();
    log.observe(snap(T0));
    // The advisory first: the poll that follows agrees and adds nothing.
    log.advisory('IOT_SENSORS', 'cutover-n2', T0 + 500);
    log.observe(snap(T0 + 2000, { stream: 'cutover-n2' }), T0 + 1000);
    // The poll first (the advisory was missed or is late): the advisory adds nothing.
    log.observe(snap(T0 + 4000, { stream: 'cutover-n3' }), T0 + 3000);
    log.advisory('IOT_SENSORS', 'cutover-n3', T0 + 4100);
    expect(log.events()).toEqual([
      {
        atMs: T0 + 500,
        backend: 'nats',
        kind: 'stream-leader',
        detail: 'IOT_SENSORS leader → cutover-n2',
        source: 'advisory',
      },
      {
        atMs: T0 + 4000,
        backend: 'nats',
        kind: 'stream-leader',
        detail: 'IOT_SENSORS leader → cutover-n3',
        source: 'poll',
      },
    ]);
  });

  it('lets no poll begun before an advisory take its leader back', () => {
    const log = new ElectionLog();
    log.observe(snap(T0));
    log.advisory('IOT_SENSORS', 'cutover-n2', T0 + 1500);
    // Asked at T0 + 1000, answered at T0 + 1600 with the old leader.
    log.observe(snap(T0 + 1600, { stream: 'cutover-n1' }), T0 + 1000);
    log.observe(snap(T0 + 3600, { stream: 'cutover-n2' }), T0 + 3000);
    expect(log.events().map((e) => e.detail)).toEqual(['IOT_SENSORS leader → cutover-n2']);
  });

  it('keeps a bounded ring, newest last', () => {
    const log = new ElectionLog(3);
    for (let i = 0; i < 10; i++) log.advisory('S', `n${i}`, T0 + i);
    expect(log.events().map((e) => e.detail)).toEqual([
      'S leader → n7',
      'S leader → n8',
      'S leader → n9',
    ]);
  });

  it('reads a stream leader advisory and ignores anything else', () => {
    // Sent by nats-server 2.11.17 on a leader step-down of an R3 stream (fixtures/README.md).
    const advisory = readFileSync(
      path.join(import.meta.dirname, 'fixtures', 'advisory-stream-leader-elected.json'),
      'utf8',
    );
    expect(parseLeaderElected(advisory)).toEqual({
      stream: 'FIXTURE_STEPDOWN',
      leader: 'cutover-n2',
    });
    expect(parseLeaderElected('{"type":"io.nats.jetstream.advisory.v1.stream_quorum_lost"}')).toBe(
      null,
    );
    expect(parseLeaderElected('not json')).toBeNull();
  });
});
