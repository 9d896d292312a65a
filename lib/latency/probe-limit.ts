import { formatLatencyUs } from './format';
import type { PeriodSummary } from './types';

/**
 * A backend's figures are probe-limited when the probes' send delay p99 is at least this
 * share of its e2e p99, both over the same period, all probes merged.
 *
 * Why 25%: e2e is measured from the intended send time, so every message's e2e latency
 * contains its send delay, and the send delay p99 is at most the e2e p99 (the share is
 * 0..1). At a quarter, the broker's own tail may be as little as three quarters of what
 * the page shows: more than the run-to-run spread of a p99 (about 10% between bench
 * runs), and enough to flip an SLA verdict near the line or the NATS-vs-Kafka headline.
 * Below it the probe's lateness is within the noise; the issue's 10,000 msg/s run (send
 * delay p99 ~50 ms of an 81 ms e2e p99, ~60%) is well above it.
 */
export const PROBE_LIMITED_SHARE = 0.25;

/**
 * The rule's verdict for one backend: no_evidence without send delay or e2e data in the
 * period (then nothing is shown, neither a flag nor an all-clear), else probe_limited or
 * clear, with the figures compared.
 */
export type ProbeLimit =
  | { type: 'no_evidence' }
  | { type: 'probe_limited'; sendDelayP99Us: number; e2eP99Us: number; share: number }
  | { type: 'clear'; sendDelayP99Us: number; e2eP99Us: number; share: number };

/**
 * Judges a backend over one period: its e2e summary (all probes) against the send delay
 * of all probes merged on it (µs percentiles from merged histograms).
 */
export function probeLimit(
  e2e: PeriodSummary | undefined,
  sendDelay: PeriodSummary | undefined,
): ProbeLimit {
  if (!e2e || !sendDelay || e2e.count === 0 || sendDelay.count === 0 || e2e.p99Us === 0)
    return { type: 'no_evidence' };
  const share = sendDelay.p99Us / e2e.p99Us;
  return {
    type: share >= PROBE_LIMITED_SHARE ? 'probe_limited' : 'clear',
    sendDelayP99Us: sendDelay.p99Us,
    e2eP99Us: e2e.p99Us,
    share,
  };
}

/**
 * The rule in words with its figures, for the flag's title: "probe-limited: send delay p99
 * (6.01 ms) is 40% of e2e p99 (15.0 ms), ≥ 25%, over the last 15m (all probes) — …".
 * `over` names the period as the page does.
 */
export function probeLimitNote(
  limit: Extract<ProbeLimit, { type: 'probe_limited' }>,
  over: string,
): string {
  // Rounded down (past float noise: 0.29 * 100 is 28.999…), so a share just under the
  // rule never reads as the rule's own figure.
  const share = Math.floor(limit.share * 100 + 1e-9);
  return `probe-limited: send delay p99 (${formatLatencyUs(limit.sendDelayP99Us)}) is ${share}% of e2e p99 (${formatLatencyUs(limit.e2eP99Us)}), ≥ ${Math.round(PROBE_LIMITED_SHARE * 100)}%, over ${over} (all probes) — the probe, not the broker, may be the bottleneck`;
}
