import type { ClusterEvidence } from '@/lib/cluster';
import type { GateConfig } from '@/lib/config';
import type { PeriodSummary } from '@/lib/latency/types';
import type { ParityMessage } from '@/lib/parity/protocol';
import type { FeedStatus } from '@/lib/samples/feed';
import type { GroupRow } from './monitor';

export type CheckState = 'pass' | 'fail' | 'unknown';

/** One condition of the go / no-go gate, with the evidence it was judged on. */
export interface GateCheck {
  id: 'sla' | 'parity' | 'groups' | 'fresh' | 'cluster';
  title: string;
  state: CheckState;
  evidence: string;
  /** Where the evidence is shown in full. */
  href: string;
}

export interface GateVerdict {
  go: boolean;
  checks: GateCheck[];
}

export interface GateInputs {
  nowMs: number;
  slaMs: number;
  /**
   * The target backend over gate.slaHoldSeconds + one minute (from merged histograms; see
   * slaPeriodMs), or null without data.
   */
  target: PeriodSummary | null;
  /** Whose view `target` is: the server's (longer) or this tab's. */
  targetSource?: 'server' | 'this tab';
  /** The newest parity progress message of each run (any ledger, any probe). */
  parity: readonly ParityMessage[];
  /** The consumer-group board, or why it is not available. */
  groups: { type: 'live'; rows: GroupRow[] } | { type: 'unavailable'; reason: string };
  /** Status and newest accepted window per transport in use (rejected messages don't count). */
  transports: Partial<Record<'nats' | 'kafka', { status: FeedStatus; lastSeenMs: number | null }>>;
  /** When (receiver clock) a window of each backend the gate relies on was last accepted. */
  backendsAcceptedAtMs: Partial<Record<string, number | null>>;
  /** The server's newest judgement of both clusters (lib/cluster), or why there is none. */
  cluster: ClusterEvidence;
}

/**
 * The period (ms) the SLA check asks for: the hold plus a minute, because periods longer
 * than the seconds kept merge whole minute roll-ups and the newest window is a second or
 * two behind the clock; the check then asks that the data merged reach back the full hold.
 */
export function slaPeriodMs(gate: Pick<GateConfig, 'slaHoldSeconds'>): number {
  return gate.slaHoldSeconds * 1000 + 60_000;
}

/** Slot length (ms): coverage is measured in whole slots, so the hold has one slot of tolerance. */
const SLOT_MS = 1000;

/**
 * The cutover gate: GO only when every check passes on live evidence. A check without
 * evidence is "unknown", which is not a pass: the gate never assumes.
 */
export function evaluateGate(inputs: GateInputs, gate: GateConfig): GateVerdict {
  const checks = [
    slaCheck(inputs, gate),
    parityCheck(inputs, gate),
    groupsCheck(inputs, gate),
    freshCheck(inputs, gate),
    clusterCheck(inputs, gate),
  ];
  return { go: checks.every((c) => c.state === 'pass'), checks };
}

function slaCheck({ target, targetSource, slaMs, nowMs }: GateInputs, gate: GateConfig): GateCheck {
  const base = {
    id: 'sla' as const,
    title: `${gate.targetBackend} holds p99 ≤ ${slaMs} ms for ${duration(gate.slaHoldSeconds * 1000)}`,
    href: '/latency',
  };
  if (!target || target.count === 0) {
    return { ...base, state: 'unknown', evidence: `no ${gate.targetBackend} latency data yet` };
  }
  const p99Ms = target.p99Us / 1000;
  const neededMs = gate.slaHoldSeconds * 1000;
  // Held since the first slot merged, up to now (one slot of tolerance: slots are whole).
  const heldForMs = nowMs - target.firstSlotMs;
  const covered = heldForMs + SLOT_MS >= neededMs;
  const newestAgeMs = nowMs - target.lastSlotEndMs;
  const fresh = newestAgeMs <= gate.maxStaleSeconds * 1000;
  const held = target.p99Us <= slaMs * 1000;
  const evidence = `p99 ${p99Ms.toFixed(1)} ms over ${duration(target.coveredMs)} of data (${target.count.toLocaleString('en-US')} messages${targetSource ? `, ${targetSource}` : ''})`;
  if (!held) return { ...base, state: 'fail', evidence: `${evidence}: above the SLA` };
  if (!fresh) {
    return {
      ...base,
      state: 'fail',
      evidence: `${evidence}: its newest window ended ${duration(newestAgeMs)} ago`,
    };
  }
  if (!covered) {
    return {
      ...base,
      state: 'fail',
      evidence: `${evidence}: needs ${duration(neededMs)} of data, has ${duration(heldForMs)}`,
    };
  }
  return { ...base, state: 'pass', evidence };
}

function parityCheck({ parity: runs, nowMs }: GateInputs, gate: GateConfig): GateCheck {
  const base = {
    id: 'parity' as const,
    title: `Shadow parity at target, no mismatch, nothing missing (ledger ${gate.parityLedger})`,
    href: '/parity',
  };
  // Only the configured ledger counts: another probe's test ledger must not pass the gate.
  // A report from the future (a wrong clock) is not evidence either.
  const ofLedger = runs.filter((p) => p.ledger === gate.parityLedger);
  const parity = ofLedger
    .filter((p) => p.atMs <= nowMs + FUTURE_TOLERANCE_MS)
    .reduce<ParityMessage | null>((a, p) => (a && a.atMs >= p.atMs ? a : p), null);
  if (!parity) {
    return {
      ...base,
      state: 'unknown',
      evidence:
        ofLedger.length > 0
          ? `parity reports of ledger ${gate.parityLedger} are dated in the future (clock skew)`
          : `no parity progress received for ledger ${gate.parityLedger}`,
    };
  }
  const ageMs = nowMs - parity.atMs;
  if (ageMs > gate.maxStaleSeconds * 1000) {
    return {
      ...base,
      state: 'unknown',
      evidence: `newest report of ledger ${gate.parityLedger} is ${duration(ageMs)} old (probe ${parity.probe})`,
    };
  }
  const mismatches = parity.mismatches.kafka + parity.mismatches.nats;
  const missing = parity.missing.kafka + parity.missing.nats;
  const evidence = `${parity.matched.toLocaleString('en-US')} / ${parity.target.toLocaleString('en-US')} matched, ${mismatches} mismatched, ${missing} missing (ledger ${parity.ledger})`;
  const ok = parity.matched >= parity.target && mismatches === 0 && missing === 0;
  return { ...base, state: ok ? 'pass' : 'fail', evidence };
}

/** How far ahead of the receiver's clock a parity report may be dated (ms). */
const FUTURE_TOLERANCE_MS = 30_000;

function groupsCheck({ groups }: GateInputs, gate: GateConfig): GateCheck {
  const base = {
    id: 'groups' as const,
    title: `Every group: Kafka lag ≤ ${gate.maxKafkaLag.toLocaleString('en-US')}, JetStream pending ≤ ${gate.maxJetStreamPending.toLocaleString('en-US')}, ack pending ≤ ${gate.maxAckPending.toLocaleString('en-US')}`,
    href: '/groups',
  };
  if (groups.type === 'unavailable') return { ...base, state: 'unknown', evidence: groups.reason };
  const problems: string[] = [];
  // Any threshold actually exceeded makes it a fail; only missing evidence makes it unknown.
  let exceeded = false;
  const over = (text: string) => {
    exceeded = true;
    problems.push(text);
  };
  for (const g of groups.rows) {
    if (g.phase === 'decommissioned') continue;
    // A group that has left Kafka stops committing there; its lag no longer matters.
    if (g.phase !== 'cut-over') {
      if (g.kafka.type !== 'ok') {
        problems.push(`${g.name}: Kafka lag unknown (${g.kafka.message})`);
      } else if (g.kafka.lag > gate.maxKafkaLag) {
        over(`${g.name}: Kafka lag ${g.kafka.lag.toLocaleString('en-US')}`);
      }
    }
    if (g.jetstream.type !== 'ok') {
      problems.push(`${g.name}: JetStream backlog unknown (${g.jetstream.message})`);
    } else {
      if (g.jetstream.pending > gate.maxJetStreamPending)
        over(`${g.name}: ${g.jetstream.pending.toLocaleString('en-US')} pending`);
      if (g.jetstream.ackPending > gate.maxAckPending)
        over(`${g.name}: ${g.jetstream.ackPending.toLocaleString('en-US')} ack pending`);
    }
  }
  if (problems.length === 0) {
    return { ...base, state: 'pass', evidence: `${groups.rows.length} groups within thresholds` };
  }
  const shown = problems.slice(0, 3).join('; ');
  const more = problems.length > 3 ? ` and ${problems.length - 3} more` : '';
  return {
    ...base,
    state: exceeded ? 'fail' : 'unknown',
    evidence: `${shown}${more}`,
  };
}

function freshCheck(
  { transports, backendsAcceptedAtMs, nowMs }: GateInputs,
  gate: GateConfig,
): GateCheck {
  const base = {
    id: 'fresh' as const,
    title: `No stale data (newest accepted window < ${gate.maxStaleSeconds} s old on every transport and backend)`,
    href: '/latency',
  };
  const used = Object.entries(transports).filter(([, t]) => t.status.type !== 'off');
  if (used.length === 0) return { ...base, state: 'unknown', evidence: 'no transport in use' };
  const parts: string[] = [];
  let ok = true;
  for (const [name, t] of used) {
    if (t.lastSeenMs === null) {
      ok = false;
      parts.push(`${name}: nothing received`);
      continue;
    }
    const ageMs = Math.max(0, nowMs - t.lastSeenMs);
    const fresh = ageMs < gate.maxStaleSeconds * 1000 && t.status.type === 'connected';
    ok &&= fresh;
    parts.push(`${name}: ${t.status.type}, newest ${(ageMs / 1000).toFixed(1)} s ago`);
  }
  // Per backend too: a transport kept alive by one backend's windows says nothing of another's.
  for (const [backend, atMs] of Object.entries(backendsAcceptedAtMs)) {
    if (atMs === null || atMs === undefined) {
      ok = false;
      parts.push(`backend ${backend}: no window accepted`);
      continue;
    }
    const ageMs = Math.max(0, nowMs - atMs);
    ok &&= ageMs < gate.maxStaleSeconds * 1000;
    parts.push(`backend ${backend}: newest ${(ageMs / 1000).toFixed(1)} s ago`);
  }
  return { ...base, state: ok ? 'pass' : 'fail', evidence: parts.join('; ') };
}

function clusterCheck({ cluster }: GateInputs, gate: GateConfig): GateCheck {
  const base = {
    id: 'cluster' as const,
    title:
      'Target cluster healthy: every stream replica in sync, no under-replicated partition, ISR ≥ min.insync.replicas',
    href: '/cluster',
  };
  if (cluster.type === 'unavailable') {
    return { ...base, state: 'unknown', evidence: `no cluster snapshot: ${cluster.reason}` };
  }
  // The age is on the server's clock, which both took the poll and served it.
  if (cluster.ageMs > gate.maxStaleSeconds * 1000) {
    return {
      ...base,
      state: 'unknown',
      evidence: `newest cluster poll is ${duration(cluster.ageMs)} old`,
    };
  }
  const { health } = cluster;
  const seen = `NATS: ${health.evidence.nats}. Kafka: ${health.evidence.kafka}`;
  if (health.verdict === 'healthy') return { ...base, state: 'pass', evidence: seen };
  const reasons = health.verdict === 'degraded' ? health.problems : health.unknowns;
  const more = reasons.length > 3 ? ` and ${reasons.length - 3} more` : '';
  return {
    ...base,
    state: health.verdict === 'degraded' ? 'fail' : 'unknown',
    evidence: `${reasons.slice(0, 3).join('; ')}${more}`,
  };
}

/** "10 min", "1 h 30 min", "45 s". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
}
