import type { GateVerdict } from '@/lib/migration';
import type { ProbeSummary } from '@/lib/probe';

/** The gate's verdict in a phase change's why: GO, or NO-GO with each check not passing. */
export function describeGate(v: GateVerdict | null): string {
  if (!v) return 'gate not judged yet';
  const bad = v.checks.filter((c) => c.state !== 'pass');
  return v.go
    ? `gate GO (${v.checks.length} checks pass)`
    : `gate NO-GO (${bad.map((c) => `${c.id}: ${c.evidence}`).join('; ')})`;
}

/** A stopped probe's figures for the recording's `probe` line (numbers per backend, ms). */
export function summaryFigures(s: ProbeSummary, role: string): Record<string, number | string> {
  const figures: Record<string, number | string> = { role, rate: s.targetRate };
  for (const b of s.backends) {
    figures[`${b.backend}Sent`] = b.sent;
    figures[`${b.backend}Consumed`] = b.consumed;
    figures[`${b.backend}Errors`] = b.errors;
    figures[`${b.backend}SendDelayP99Ms`] = b.sendDelayP99Ms;
    figures[`${b.backend}E2eP99Ms`] = b.p99Ms;
  }
  if (s.parity) {
    figures.matched = s.parity.matched;
    figures.mismatches = s.parity.mismatches.kafka + s.parity.mismatches.nats;
    figures.missing = s.parity.missing.kafka + s.parity.missing.nats;
  }
  return figures;
}

/** One line per backend of what a probe did, for the progress on stderr. */
export function describeSummary(s: ProbeSummary): string {
  return s.backends
    .map(
      (b) =>
        `${b.backend} ${b.sent} sent (${b.achievedRate} msg/s), ${b.consumed} consumed, ${b.errors} errors, send delay p50 ${b.sendDelayP50Ms} / p99 ${b.sendDelayP99Ms} ms, e2e p99 ${b.p99Ms} ms`,
    )
    .join('; ');
}
