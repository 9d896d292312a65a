import { describe, expect, it } from 'vitest';
import type { GateConfig } from '@/lib/config';
import type { PeriodSummary } from '@/lib/latency/types';
import type { ParityMessage } from '@/lib/parity';
import { evaluateGate, type GateInputs, type GroupRow } from '.';

const gate: GateConfig = {
  targetBackend: 'nats',
  slaHoldSeconds: 600,
  maxKafkaLag: 1000,
  maxJetStreamPending: 1000,
  maxAckPending: 1000,
  maxStaleSeconds: 10,
};
const nowMs = 1_800_000_000_000;

const summary = (p99Us: number, coveredMs: number): PeriodSummary => ({
  backend: 'nats',
  periodMs: 600_000,
  coveredMs,
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
const parity = (matched: number, mismatchesNats = 0, missingKafka = 0): ParityMessage => ({
  v: 1,
  type: 'parity',
  probe: 'p',
  ledger: 'l',
  atMs: nowMs,
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
const good: GateInputs = {
  nowMs,
  slaMs: 120,
  target: summary(90_000, 600_000),
  parity: parity(1000),
  groups: { type: 'live', rows: [row(10, 5)] },
  transports: fresh,
};
const states = (i: GateInputs) =>
  Object.fromEntries(evaluateGate(i, gate).checks.map((c) => [c.id, c.state]));

describe('migration - go / no-go gate', () => {
  it('is GO only when every check passes', () => {
    expect(evaluateGate(good, gate).go).toBe(true);
    expect(states(good)).toEqual({ sla: 'pass', parity: 'pass', groups: 'pass', fresh: 'pass' });
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

  it('needs parity at target with no mismatch and nothing missing', () => {
    expect(states({ ...good, parity: parity(999) }).parity).toBe('fail');
    expect(states({ ...good, parity: parity(1000, 1) }).parity).toBe('fail');
    expect(states({ ...good, parity: parity(1000, 0, 1) }).parity).toBe('fail');
    expect(states({ ...good, parity: null }).parity).toBe('unknown');
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
