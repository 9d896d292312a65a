import type { GateConfig } from '@/lib/config';
import type { PeriodSummary } from '@/lib/latency/types';
import type { ParityMessage } from '@/lib/parity/protocol';
import type { FeedStatus } from '@/lib/samples/feed';
import type { GroupRow } from './monitor';

export type CheckState = 'pass' | 'fail' | 'unknown';

/** One condition of the go / no-go gate, with the evidence it was judged on. */
export interface GateCheck {
  id: 'sla' | 'parity' | 'groups' | 'fresh';
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
  /** The target backend over gate.slaHoldSeconds (from merged histograms), or null without data. */
  target: PeriodSummary | null;
  /** Whose view `target` is: the server's (longer) or this tab's. */
  targetSource?: 'server' | 'this tab';
  /** The newest parity progress message, or null. */
  parity: ParityMessage | null;
  /** The consumer-group board, or why it is not available. */
  groups: { type: 'live'; rows: GroupRow[] } | { type: 'unavailable'; reason: string };
  /** Status and newest arrival per transport in use. */
  transports: Partial<Record<'nats' | 'kafka', { status: FeedStatus; lastSeenMs: number | null }>>;
}

/**
 * The cutover gate: GO only when every check passes on live evidence. A check without
 * evidence is "unknown", which is not a pass: the gate never assumes.
 */
export function evaluateGate(inputs: GateInputs, gate: GateConfig): GateVerdict {
  const checks = [
    slaCheck(inputs, gate),
    parityCheck(inputs),
    groupsCheck(inputs, gate),
    freshCheck(inputs, gate),
  ];
  return { go: checks.every((c) => c.state === 'pass'), checks };
}

function slaCheck({ target, targetSource, slaMs }: GateInputs, gate: GateConfig): GateCheck {
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
  // One 1-second slot of tolerance: coverage is measured in whole slots.
  const covered = target.coveredMs + 1000 >= neededMs;
  const held = target.p99Us <= slaMs * 1000;
  const evidence = `p99 ${p99Ms.toFixed(1)} ms over ${duration(target.coveredMs)} of data (${target.count.toLocaleString('en-US')} messages${targetSource ? `, ${targetSource}` : ''})`;
  if (!held) return { ...base, state: 'fail', evidence: `${evidence}: above the SLA` };
  if (!covered) {
    return {
      ...base,
      state: 'fail',
      evidence: `${evidence}: needs ${duration(neededMs)} of data`,
    };
  }
  return { ...base, state: 'pass', evidence };
}

function parityCheck({ parity }: GateInputs): GateCheck {
  const base = {
    id: 'parity' as const,
    title: 'Shadow parity at target, no mismatch, nothing missing',
    href: '/parity',
  };
  if (!parity) return { ...base, state: 'unknown', evidence: 'no parity progress received' };
  const mismatches = parity.mismatches.kafka + parity.mismatches.nats;
  const missing = parity.missing.kafka + parity.missing.nats;
  const evidence = `${parity.matched.toLocaleString('en-US')} / ${parity.target.toLocaleString('en-US')} matched, ${mismatches} mismatched, ${missing} missing (ledger ${parity.ledger})`;
  const ok = parity.matched >= parity.target && mismatches === 0 && missing === 0;
  return { ...base, state: ok ? 'pass' : 'fail', evidence };
}

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

function freshCheck({ transports, nowMs }: GateInputs, gate: GateConfig): GateCheck {
  const base = {
    id: 'fresh' as const,
    title: `No stale data (newest < ${gate.maxStaleSeconds} s old on every transport)`,
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
  return { ...base, state: ok ? 'pass' : 'fail', evidence: parts.join('; ') };
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
