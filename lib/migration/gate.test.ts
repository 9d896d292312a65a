import { describe, expect, it } from 'vitest';
import type { ClusterEvidence, ClusterHealth } from '@/lib/cluster';
import type { GateConfig } from '@/lib/config';
import { LatencyAggregator } from '@/lib/latency';
import type { PeriodSummary } from '@/lib/latency/types';
import type { ParityMessage } from '@/lib/parity';
import { newLatencyHistogram } from '@/lib/samples';
import { evaluateGate, slaPeriodMs, type GateInputs, type GroupRow } from '.';

const gate: GateConfig = {
  targetBackend: 'nats',
  slaHoldSeconds: 600,
  maxKafkaLag: 1000,
  maxJetStreamPending: 1000,
  maxAckPending: 1000,
  maxStaleSeconds: 10,
  parityLedger: 'l',
};
const nowMs = 1_800_000_000_000;

/** A summary whose data reaches back coveredMs and whose newest window ended a second ago. */
const summary = (p99Us: number, coveredMs: number, newestAgeMs = 1000): PeriodSummary => ({
  backend: 'nats',
  periodMs: 660_000,
  coveredMs,
  firstSlotMs: nowMs - newestAgeMs - coveredMs,
  lastSlotEndMs: nowMs - newestAgeMs,
  count: 10_000,
  errors: 0,
  p50Us: 1000,
  p90Us: 2000,
  p99Us,
  p999Us: p99Us,
  maxUs: p99Us,
  overSla: 0,
  ratePerSecond: 100,
});
const parity = (
  matched: number,
  mismatchesNats = 0,
  missingKafka = 0,
  { ledger = 'l', atMs = nowMs - 1000 } = {},
): ParityMessage => ({
  v: 1,
  type: 'parity',
  probe: 'p',
  ledger,
  atMs,
  target: 1000,
  shadowed: matched,
  matched,
  inFlight: 0,
  mismatches: { kafka: 0, nats: mismatchesNats },
  missing: { kafka: missingKafka, nats: 0 },
  duplicates: { kafka: 0, nats: 0 },
  unknown: { kafka: 0, nats: 0 },
  ratePerSecond: 0,
  etaSeconds: 0,
  offenders: [],
});
const row = (lag: number, pending: number, phase: GroupRow['phase'] = 'dual-read'): GroupRow => ({
  name: 'g',
  language: 'go',
  kafkaGroupId: 'cutover-g',
  stream: 'S',
  durable: 'g',
  phase,
  record: null,
  kafka: { type: 'ok', lag, partitions: 1 },
  jetstream: { type: 'ok', pending, ackPending: 0, redelivered: 0 },
  lagTrend: [],
  pendingTrend: [],
});
const fresh = {
  nats: { status: { type: 'connected' as const }, lastSeenMs: nowMs - 500 },
  kafka: { status: { type: 'connected' as const }, lastSeenMs: nowMs - 800 },
};
const health = (
  verdict: ClusterHealth['verdict'],
  problems: string[] = [],
  unknowns: string[] = [],
): ClusterHealth => ({
  atMs: nowMs - 1000,
  verdict,
  problems,
  unknowns,
  evidence: {
    nats: 'IOT_SENSORS R3 leader cutover-n1, 2/2 replicas in sync; 3/3 nodes up',
    kafka: '3/3 brokers up, controller 2; 6 partitions of 3 topics, 6 fully in sync',
  },
  nats: { rows: [], note: null },
  kafka: { rows: [], topics: [], note: null },
});
const cluster = (h: ClusterHealth, ageMs = 1000): ClusterEvidence => ({
  type: 'live',
  health: h,
  ageMs,
});
const good: GateInputs = {
  nowMs,
  slaMs: 120,
  target: summary(90_000, 600_000),
  parity: [parity(1000)],
  groups: { type: 'live', rows: [row(10, 5)] },
  transports: fresh,
  backendsAcceptedAtMs: { nats: nowMs - 700 },
  cluster: cluster(health('healthy')),
};
const states = (i: GateInputs) =>
  Object.fromEntries(evaluateGate(i, gate).checks.map((c) => [c.id, c.state]));

describe('migration - go / no-go gate', () => {
  it('is GO only when every check passes', () => {
    expect(evaluateGate(good, gate).go).toBe(true);
    expect(states(good)).toEqual({
      sla: 'pass',
      parity: 'pass',
      groups: 'pass',
      fresh: 'pass',
      cluster: 'pass',
    });
  });

  it('fails the SLA check above the SLA or on too little data, and says which', () => {
    const above = evaluateGate({ ...good, target: summary(130_000, 600_000) }, gate);
    expect(above.go).toBe(false);
    expect(above.checks[0]!.evidence).toMatch(/p99 130\.0 ms .* above the SLA/);
    const short = evaluateGate({ ...good, target: summary(90_000, 120_000) }, gate);
    expect(short.checks[0]!.state).toBe('fail');
    expect(short.checks[0]!.evidence).toMatch(/needs 10 min of data/);
    expect(states({ ...good, target: null }).sla).toBe('unknown');
  });

  it("fails the SLA check when the target backend's own newest window is not recent", () => {
    // A hold that ended long ago is no evidence now, however long it was.
    const old = evaluateGate({ ...good, target: summary(90_000, 600_000, 3_600_000) }, gate);
    expect(old.checks[0]!.state).toBe('fail');
    expect(old.checks[0]!.evidence).toMatch(/newest window ended 60 min ago/);
  });

  it('passes every second of a continuous run once the hold is reached (11+ minutes)', () => {
    // The partial first minute counts: roll-ups are merged whole, so coverage is never short.
    let clockMs = 1_800_000_000_000;
    const agg = new LatencyAggregator({ now: () => clockMs });
    const startMs = clockMs;
    const failed: number[] = [];
    for (let s = 0; s < 900; s += 1) {
      const histogram = newLatencyHistogram();
      histogram.recordValueWithCount(2000, 1000);
      const windowStartMs = startMs + s * 1000;
      // Each window arrives 1.3 s after it ends, as a probe's do.
      clockMs = windowStartMs + 2300;
      agg.ingest(
        {
          backend: 'nats',
          metric: 'e2e',
          probeId: 'p',
          windowStartMs,
          windowEndMs: windowStartMs + 1000,
          count: 1000,
          errors: 0,
          bytes: 0,
          histogram,
        },
        'nats',
        clockMs,
      );
      if (s < 601) continue;
      const verdict = evaluateGate(
        {
          ...good,
          nowMs: clockMs,
          target: agg.summary('nats', slaPeriodMs(gate), 120_000),
          parity: [parity(1000, 0, 0, { atMs: clockMs })],
          transports: {
            nats: { status: { type: 'connected' }, lastSeenMs: clockMs },
            kafka: { status: { type: 'connected' }, lastSeenMs: clockMs },
          },
          backendsAcceptedAtMs: { nats: agg.acceptedAt('nats') },
        },
        gate,
      );
      if (verdict.checks[0]!.state !== 'pass') failed.push(s);
    }
    expect(failed).toEqual([]);
  });

  it('needs parity at target with no mismatch and nothing missing', () => {
    expect(states({ ...good, parity: [parity(999)] }).parity).toBe('fail');
    expect(states({ ...good, parity: [parity(1000, 1)] }).parity).toBe('fail');
    expect(states({ ...good, parity: [parity(1000, 0, 1)] }).parity).toBe('fail');
    expect(states({ ...good, parity: [] }).parity).toBe('unknown');
  });

  it('judges parity on the configured ledger only, fresh and not from the future', () => {
    // Another ledger's report, or an old one, says nothing about the configured ledger now.
    const other = parity(1000, 0, 0, { ledger: 'scratch', atMs: nowMs });
    const failing = parity(10, 0, 0);
    expect(states({ ...good, parity: [other, failing] }).parity).toBe('fail');
    expect(states({ ...good, parity: [other] }).parity).toBe('unknown');
    const old = parity(1000, 0, 0, { atMs: nowMs - 3_600_000 });
    expect(states({ ...good, parity: [old] }).parity).toBe('unknown');
    const future = parity(1000, 0, 0, { atMs: nowMs + 3_600_000 });
    const verdict = evaluateGate({ ...good, parity: [future] }, gate);
    expect(verdict.checks[1]).toMatchObject({ state: 'unknown' });
    expect(verdict.checks[1]!.evidence).toMatch(/future/);
  });

  it('judges freshness per backend the gate relies on', () => {
    // Transports alive with another backend's windows say nothing of the target's.
    expect(states({ ...good, backendsAcceptedAtMs: { nats: nowMs - 60_000 } }).fresh).toBe('fail');
    expect(states({ ...good, backendsAcceptedAtMs: { nats: null } }).fresh).toBe('fail');
  });

  it('checks lag and pending against the thresholds; unknown is not a pass', () => {
    expect(states({ ...good, groups: { type: 'live', rows: [row(1001, 0)] } }).groups).toBe('fail');
    expect(states({ ...good, groups: { type: 'live', rows: [row(0, 1001)] } }).groups).toBe('fail');
    // A cut-over group no longer reads Kafka: its Kafka lag is not held against it.
    expect(
      states({ ...good, groups: { type: 'live', rows: [row(50_000, 0, 'cut-over')] } }).groups,
    ).toBe('pass');
    const missing = {
      ...row(0, 0),
      jetstream: { type: 'no_consumer' as const, message: 'no durable g on stream S' },
    };
    expect(states({ ...good, groups: { type: 'live', rows: [missing] } }).groups).toBe('unknown');
    expect(states({ ...good, groups: { type: 'unavailable', reason: 'replay' } }).groups).toBe(
      'unknown',
    );
  });

  it('fails on stale or disconnected transports, ignoring ones that are off', () => {
    const stale = { ...fresh, kafka: { ...fresh.kafka, lastSeenMs: nowMs - 11_000 } };
    expect(states({ ...good, transports: stale }).fresh).toBe('fail');
    const reconnecting = {
      ...fresh,
      nats: { ...fresh.nats, status: { type: 'reconnecting' as const } },
    };
    expect(states({ ...good, transports: reconnecting }).fresh).toBe('fail');
    const off = {
      ...fresh,
      nats: { status: { type: 'off' as const, reason: 'replay' }, lastSeenMs: null },
    };
    expect(states({ ...good, transports: off }).fresh).toBe('pass');
  });
});

describe('migration - gate: target cluster healthy', () => {
  const check = (i: GateInputs) => evaluateGate(i, gate).checks.find((c) => c.id === 'cluster')!;

  it('passes a healthy cluster with what was seen as evidence, linking to /cluster', () => {
    const c = check(good);
    expect(c).toMatchObject({ state: 'pass', href: '/cluster' });
    expect(c.evidence).toContain('IOT_SENSORS R3 leader cutover-n1, 2/2 replicas in sync');
    expect(c.evidence).toContain('6 fully in sync');
  });

  it('never passes without a snapshot: no poll yet, replay, or a stale poll', () => {
    const none = check({ ...good, cluster: { type: 'unavailable', reason: 'loading' } });
    expect(none).toMatchObject({ state: 'unknown', evidence: 'no cluster snapshot: loading' });
    const stale = check({ ...good, cluster: cluster(health('healthy'), 60_000) });
    expect(stale).toMatchObject({ state: 'unknown', evidence: 'newest cluster poll is 60 s old' });
    expect(evaluateGate({ ...good, cluster: cluster(health('healthy'), 60_000) }, gate).go).toBe(
      false,
    );
  });

  it('fails on a lagging replica or an under-replicated partition, naming each', () => {
    const problems = [
      'NATS: IOT_SENSORS replica cutover-n3 lagging by 1,204 ops',
      'Kafka: iot-sensor-v1 p1 under-replicated (ISR < replicas)',
      'Kafka: iot-sensor-v1 p1 ISR below min.insync.replicas 2 (acks=all writes fail)',
      'Kafka broker 2 (127.0.0.1:9193) down: ECONNREFUSED 127.0.0.1:9193',
    ];
    const c = check({ ...good, cluster: cluster(health('degraded', problems)) });
    expect(c.state).toBe('fail');
    expect(c.evidence).toBe(`${problems.slice(0, 3).join('; ')} and 1 more`);
    expect(evaluateGate({ ...good, cluster: cluster(health('degraded', problems)) }, gate).go).toBe(
      false,
    );
  });

  it('is unknown, not a pass, when the cluster could not be fully seen', () => {
    const unknowns = ['NATS: stream IOT_SENSORS not found on any node that answered'];
    const c = check({ ...good, cluster: cluster(health('unknown', [], unknowns)) });
    expect(c).toMatchObject({ state: 'unknown', evidence: unknowns[0] });
  });
});
