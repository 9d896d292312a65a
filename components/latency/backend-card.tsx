import { card, label, muted } from '@/components/ui';
import {
  coverageNote,
  formatLatencyUs,
  formatRate,
  probeLimitNote,
  type PeriodSummary,
  type ProbeLimit,
  type SeriesPoint,
} from '@/lib/latency';
import { BackendDot } from './backend-dot';

interface Props {
  backend: string;
  latest: SeriesPoint | undefined;
  period: PeriodSummary;
  windowLabel: string;
  slaMs: number;
  color: string;
  /** Whether the probes' send delay is a large share of this backend's e2e (probeLimit). */
  probeLimit: ProbeLimit;
}

/**
 * One backend at a glance: the SLA verdict over the selected window (p99 of the merged
 * window vs the SLA), the newest second's p50/p99, throughput and share over the SLA, and
 * a "probe-limited" flag when the probes' own send delay is a large share of its e2e.
 */
export function BackendCard({
  backend,
  latest,
  period,
  windowLabel,
  slaMs,
  color,
  probeLimit,
}: Props) {
  const withinSla = period.count > 0 ? period.p99Us <= slaMs * 1000 : undefined;
  // A tab that holds 18 s must not label its figures "15m" as if they covered it.
  const covers = coverageNote(period);
  return (
    <section
      data-testid={`backend-${backend}`}
      data-probe-limit={probeLimit.type}
      className={card}
      aria-label={`${backend} latency`}
    >
      <header className="flex items-center justify-between gap-2">
        <h2 className="flex items-center gap-2 text-lg font-semibold">
          <BackendDot color={color} />
          {backend}
        </h2>
        <div className="flex flex-wrap items-center justify-end gap-2">
          {withinSla !== undefined && (
            <span
              data-testid={`sla-${backend}`}
              title={`p99 over ${covers ?? windowLabel}: ${formatLatencyUs(period.p99Us)}`}
              className={`rounded-full px-3 py-1 text-xs font-semibold ${withinSla ? 'bg-emerald-500/15 text-emerald-700 dark:text-emerald-300' : 'bg-red-500/15 text-red-700 dark:text-red-300'}`}
            >
              {withinSla ? `within SLA (${slaMs} ms)` : `over SLA (${slaMs} ms)`}
            </span>
          )}
          {/* Only on evidence: without send delay windows, neither a flag nor an all-clear. */}
          {probeLimit.type === 'probe_limited' && (
            <span
              data-testid={`probe-limited-${backend}`}
              title={probeLimitNote(probeLimit, `the last ${windowLabel}`)}
              className="rounded-full bg-amber-500/15 px-3 py-1 text-xs font-semibold text-amber-800 dark:text-amber-300"
            >
              probe-limited
            </span>
          )}
        </div>
      </header>
      <dl className="mt-4 grid grid-cols-3 gap-4">
        {/* A window that measured nothing shows a dash, not 0 µs. */}
        <Stat name="p50" us={latest?.count ? latest.p50Us : undefined} testId={`p50-${backend}`} />
        <Stat name="p99" us={latest?.count ? latest.p99Us : undefined} testId={`p99-${backend}`} />
        <div>
          <dt className={label}>messages</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`count-${backend}`}>
            {latest ? latest.count.toLocaleString('en-US') : '—'}
          </dd>
        </div>
      </dl>
      <p className={`mt-1 text-xs ${muted}`}>
        newest 1-second window, end-to-end from intended send time
      </p>
      <dl className="mt-4 grid grid-cols-3 gap-4 border-t border-slate-200 pt-3 text-sm dark:border-slate-700">
        <div>
          <dt className={label} data-testid={`window-label-${backend}`}>
            p99 · {windowLabel}
            {covers && <span className="normal-case"> ({covers})</span>}
          </dt>
          <dd
            className="tabular-nums"
            data-testid={`window-p99-${backend}`}
            data-value-us={period.p99Us}
          >
            {period.count ? formatLatencyUs(period.p99Us) : '—'}
          </dd>
        </div>
        <div>
          <dt className={label}>throughput</dt>
          <dd className="tabular-nums" data-testid={`rate-${backend}`}>
            {period.count ? formatRate(period.ratePerSecond) : '—'}
          </dd>
        </div>
        <div>
          <dt className={label}>over SLA</dt>
          <dd
            className="tabular-nums"
            data-testid={`over-sla-${backend}`}
            data-value={period.overSla}
          >
            {period.count ? `${(100 * period.overSla).toFixed(2)} %` : '—'}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Stat({ name, us, testId }: { name: string; us: number | undefined; testId: string }) {
  return (
    <div>
      <dt className={label}>{name}</dt>
      <dd
        className="mt-1 text-2xl font-semibold tabular-nums"
        data-testid={testId}
        data-value-us={us ?? ''}
      >
        {us === undefined ? '—' : formatLatencyUs(us)}
      </dd>
    </div>
  );
}
