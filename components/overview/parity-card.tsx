import { card, label, muted } from '@/components/ui';
import { formatEta, type ParityMessage } from '@/lib/parity';

/** Shadow-run parity at a glance, from the newest parity message (first in `parity`); never invents a number. */
export function ParityCard({ parity }: { parity: ParityMessage[] }) {
  const p = parity[0];
  const bad = p ? p.mismatches.kafka + p.mismatches.nats + p.missing.kafka + p.missing.nats : 0;
  return (
    <section className={card} aria-label="shadow parity" data-testid="parity-card">
      <h2 className="text-sm font-semibold">Shadow parity (CRC32)</h2>
      {!p ? (
        <p className={`mt-3 text-sm ${muted}`} data-testid="parity-empty">
          No data yet: parity appears when a probe dual-writes to both brokers.
        </p>
      ) : (
        <>
          <p className="mt-3 text-2xl font-semibold tabular-nums" data-testid="parity-matched">
            {p.matched.toLocaleString('en-US')}{' '}
            <span className={`text-base font-normal ${muted}`}>
              / {p.target.toLocaleString('en-US')} matched
            </span>
          </p>
          <div
            className="mt-2 h-2 w-full rounded bg-slate-200 dark:bg-slate-800"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round((100 * p.matched) / p.target)}
          >
            <div
              className="h-2 rounded bg-cyan-500"
              style={{ width: `${Math.min(100, (100 * p.matched) / p.target)}%` }}
            />
          </div>
          <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
            <div>
              <dt className={label}>mismatch / missing</dt>
              <dd
                className={`tabular-nums ${bad ? 'font-semibold text-red-600 dark:text-red-400' : ''}`}
              >
                {bad}
              </dd>
            </div>
            <div>
              <dt className={label}>rate</dt>
              <dd className="tabular-nums">
                {Math.round(p.ratePerSecond).toLocaleString('en-US')} msg/s
              </dd>
            </div>
            <div>
              <dt className={label}>ETA</dt>
              <dd className="tabular-nums">
                {p.etaSeconds === null ? '—' : formatEta(p.etaSeconds)}
              </dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
