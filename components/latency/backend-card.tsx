import { formatLatencyUs, type SeriesPoint } from '@/lib/latency';

interface Props {
  backend: string;
  latest: SeriesPoint | undefined;
  slaMs: number;
  color: string;
}

/** Current p50/p99 of one backend (its newest 1-second window) and the SLA verdict. */
export function BackendCard({ backend, latest, slaMs, color }: Props) {
  const withinSla = latest ? latest.p99Us <= slaMs * 1000 : undefined;
  return (
    <section
      data-testid={`backend-${backend}`}
      className="rounded-xl border border-slate-700 bg-slate-900/60 p-5"
      aria-label={`${backend} latency`}
    >
      <header className="flex items-center justify-between">
        <h2 className="flex items-center gap-2 text-lg font-semibold">
          <span
            className="inline-block h-3 w-3 rounded-full"
            style={{ background: color }}
            aria-hidden
          />
          {backend}
        </h2>
        {withinSla !== undefined && (
          <span
            data-testid={`sla-${backend}`}
            className={`rounded-full px-3 py-1 text-xs font-semibold ${withinSla ? 'bg-emerald-500/15 text-emerald-300' : 'bg-red-500/15 text-red-300'}`}
          >
            {withinSla ? `within SLA (${slaMs} ms)` : `over SLA (${slaMs} ms)`}
          </span>
        )}
      </header>
      <dl className="mt-4 grid grid-cols-3 gap-4">
        <Stat label="p50" us={latest?.p50Us} testId={`p50-${backend}`} />
        <Stat label="p99" us={latest?.p99Us} testId={`p99-${backend}`} />
        <div>
          <dt className="text-xs uppercase tracking-wide text-slate-400">messages</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`count-${backend}`}>
            {latest ? latest.count.toLocaleString('en-US') : '—'}
          </dd>
        </div>
      </dl>
      <p className="mt-3 text-xs text-slate-500">
        newest 1-second window, end-to-end from intended send time
      </p>
    </section>
  );
}

function Stat({ label, us, testId }: { label: string; us: number | undefined; testId: string }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-400">{label}</dt>
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
