import type { PeriodSummary } from './types';

const WINDOW_WORDS: Record<number, string> = {
  60_000: 'the last minute',
  300_000: 'the last 5 minutes',
  900_000: 'the last 15 minutes',
  3_600_000: 'the last hour',
};

/**
 * The overview's one-line answer, from the merged p99 of both backends over the same
 * window: "NATS p99 is 35% lower than Kafka over the last 15 minutes". Null until both
 * have data.
 */
export function headline(
  baseline: PeriodSummary | undefined,
  candidate: PeriodSummary | undefined,
): string | null {
  if (
    !baseline ||
    !candidate ||
    baseline.count === 0 ||
    candidate.count === 0 ||
    baseline.p99Us === 0
  )
    return null;
  const change = (candidate.p99Us - baseline.p99Us) / baseline.p99Us;
  const pct = Math.round(Math.abs(change) * 100);
  // Say what the data covers: early on, a "15 minutes" view may hold only seconds of data.
  const coveredMs = Math.min(baseline.coveredMs, candidate.coveredMs);
  const when =
    coveredMs >= 0.95 * baseline.periodMs
      ? (WINDOW_WORDS[baseline.periodMs] ??
        `the last ${Math.round(baseline.periodMs / 60_000)} minutes`)
      : `the last ${coveredMs < 120_000 ? `${Math.round(coveredMs / 1000)} s` : `${Math.round(coveredMs / 60_000)} minutes`}`;
  const name = (b: string) => (b === 'nats' ? 'NATS' : b === 'kafka' ? 'Kafka' : b);
  if (pct === 0)
    return `${name(candidate.backend)} p99 is level with ${name(baseline.backend)} over ${when}`;
  return `${name(candidate.backend)} p99 is ${pct}% ${change < 0 ? 'lower' : 'higher'} than ${name(baseline.backend)} over ${when}`;
}

/**
 * Error-budget burn rate for an SLO of "p99 within the SLA": the budget is the 1% of
 * messages allowed over it; 1 means burning exactly on budget, 14.4 over an hour is the
 * classic fast-burn page (Google SRE workbook).
 */
export function burnRate(overSla: number, budget = 0.01): number {
  return overSla / budget;
}
