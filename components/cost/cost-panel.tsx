'use client';

import { ViewControls } from '@/components/controls/view-controls';
import { backendColor } from '@/components/latency/backend-colors';
import { BackendDot } from '@/components/latency/backend-dot';
import { card, label, muted } from '@/components/ui';
import { useMeasuredRate } from '@/hooks/use-measured-rate';
import { useTvMode } from '@/hooks/use-tv-mode';
import { useViewParams } from '@/hooks/use-view-params';
import type { CostConfig } from '@/lib/config';
import {
  costPerMillionUsd,
  formatPercent,
  formatUsd,
  formatUsdPerMillion,
  reportedSaving,
  scenario,
  scenarios,
  workloadRatePerSecond,
  type MeasuredRate,
} from '@/lib/cost';
import { formatRate, VIEW_WINDOWS_MS } from '@/lib/latency';
import { ScenarioChart } from './scenario-chart';
import { ScenarioTable } from './scenario-table';

const BACKENDS = ['kafka', 'nats'] as const;
type Backend = (typeof BACKENDS)[number];

/**
 * The cost page's live part: each backend's measured throughput priced per million
 * messages, the saving, and the savings at other rates under the node model.
 */
export function CostPanel({ cost }: { cost: CostConfig }) {
  const [view, setView] = useViewParams('1m');
  useTvMode(view.tv, () => setView({ tv: false }));
  const periodMs = VIEW_WINDOWS_MS[view.window];
  const { byBackend, recordedAt, probes } = useMeasuredRate(BACKENDS, periodMs, view.probe);
  const rates = BACKENDS.map(
    (b) => byBackend[b] ?? { type: 'none' as const, reason: `no latency windows from ${b} yet` },
  );
  const workloadRate = workloadRatePerSecond(rates);
  const saving = reportedSaving(cost);
  const atWorkload = workloadRate === null ? null : scenario(cost, workloadRate, 'measured');
  const rows = scenarios(cost, workloadRate);
  const replayed = recordedAt !== null;

  return (
    <div className="space-y-6">
      <section className={card} aria-labelledby="derived-heading" data-testid="derived">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <h2 id="derived-heading" className="flex items-center gap-2 text-lg font-semibold">
              Derived {replayed ? 'from a replayed recording' : 'from live data'}
              <span
                data-testid="measured-source"
                data-source={replayed ? 'replay' : 'live'}
                className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${replayed ? 'bg-amber-400 text-slate-950' : 'bg-emerald-500/15 text-emerald-700 dark:text-emerald-300'}`}
              >
                {replayed ? 'replayed' : 'live'}
              </span>
            </h2>
            <p className={`mt-1 text-sm ${muted}`}>
              Throughput over the last <strong>{view.window}</strong>
              {view.probe ? ` of probe ${view.probe}` : ''}
              {replayed ? `, replayed from a recording made ${recordedAt.slice(0, 10)}` : ''},
              priced with the reported monthly costs.
            </p>
          </div>
          <ViewControls view={view} onChange={setView} probes={probes} />
        </div>

        <div className="mt-4 grid gap-4 lg:grid-cols-3">
          {BACKENDS.map((b, i) => (
            <BackendCost
              key={b}
              backend={b}
              name={cost[b].label}
              color={backendColor(b, i)}
              rate={rates[i]!}
              replayed={replayed}
              monthlyUsd={cost[b].monthlyUsd}
              reportedRatePerSecond={cost.reportedRatePerSecond}
            />
          ))}
          <div
            className="rounded-lg border border-emerald-500/40 bg-emerald-500/5 p-4"
            data-testid="saving"
          >
            <h3 className="text-sm font-semibold">Saving, Kafka → NATS</h3>
            <p className={`text-xs ${muted}`}>from the reported monthly costs</p>
            <dl className="mt-3 grid grid-cols-3 gap-2">
              <Figure name="monthly" testId="saving-monthly" value={saving.monthlyUsd}>
                {formatUsd(saving.monthlyUsd)}
              </Figure>
              <Figure name="yearly" testId="saving-yearly" value={saving.yearlyUsd}>
                {formatUsd(saving.yearlyUsd)}
              </Figure>
              <Figure name="share" testId="saving-percent" value={saving.percent}>
                {formatPercent(saving.percent)}
              </Figure>
            </dl>
            <p
              className="mt-3 border-t border-emerald-500/30 pt-2 text-sm"
              data-testid="saving-measured"
              data-value={atWorkload?.saving.monthlyUsd ?? ''}
            >
              <span className={label}>
                at the {replayed ? 'replayed' : 'measured'} rate · model
              </span>
              <br />
              {atWorkload ? (
                <span className="tabular-nums">
                  {formatRate(atWorkload.ratePerSecond)}: {formatUsd(atWorkload.saving.monthlyUsd)}{' '}
                  / month, {formatUsd(atWorkload.saving.yearlyUsd)} / year (
                  {formatPercent(atWorkload.saving.percent)})
                </span>
              ) : (
                <span className={muted}>— no measured rate yet</span>
              )}
            </p>
          </div>
        </div>
      </section>

      <section className={card} aria-labelledby="scenario-heading" data-testid="scenarios">
        <h2 id="scenario-heading" className="text-lg font-semibold">
          Savings at other rates{' '}
          <span className="rounded bg-slate-500/15 px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide">
            model
          </span>
        </h2>
        <p className={`mt-1 text-sm ${muted}`}>
          Monthly cost per backend sized for each rate (nodes needed × reported cost per node),
          {workloadRate === null
            ? ' at the configured rates; the measured rate joins them once windows arrive.'
            : ` at the configured rates and the ${replayed ? 'replayed' : 'measured'} ${formatRate(workloadRate)}.`}
        </p>
        <div className="mt-4">
          <ScenarioChart rows={rows} replayed={replayed} />
        </div>
        <div className="overflow-x-auto">
          <ScenarioTable rows={rows} replayed={replayed} />
        </div>
      </section>
    </div>
  );
}

interface BackendCostProps {
  backend: Backend;
  name: string;
  color: string;
  rate: MeasuredRate;
  replayed: boolean;
  monthlyUsd: number;
  reportedRatePerSecond: number;
}

/** One backend: its measured rate and what a million messages cost at it and at the reported rate. */
function BackendCost({
  backend,
  name,
  color,
  rate,
  replayed,
  monthlyUsd,
  reportedRatePerSecond,
}: BackendCostProps) {
  const measured = rate.type === 'measured' ? rate.ratePerSecond : null;
  const atMeasured = measured === null ? null : costPerMillionUsd(monthlyUsd, measured);
  const atReported = costPerMillionUsd(monthlyUsd, reportedRatePerSecond);
  return (
    <div
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-700"
      data-testid={`cost-${backend}`}
    >
      <h3 className="flex items-center gap-2 text-sm font-semibold">
        <BackendDot color={color} />
        {backend}
        <span className={`truncate font-normal ${muted}`}>{name}</span>
      </h3>
      <dl className="mt-3 grid grid-cols-2 gap-x-2 gap-y-3">
        <div className="col-span-2">
          <Figure
            name={replayed ? 'replayed rate' : 'measured rate'}
            testId={`measured-rate-${backend}`}
            value={measured}
            source={replayed ? 'replay' : 'live'}
          >
            {measured === null ? '—' : formatRate(measured)}
          </Figure>
        </div>
        <Figure
          name={`per million msgs · ${replayed ? 'replayed' : 'measured'}`}
          testId={`cpm-measured-${backend}`}
          value={atMeasured}
        >
          {formatUsdPerMillion(atMeasured)}
        </Figure>
        <Figure
          name={`per million msgs · ${formatRate(reportedRatePerSecond)}`}
          testId={`cpm-reported-${backend}`}
          value={atReported}
        >
          {formatUsdPerMillion(atReported)}
        </Figure>
      </dl>
      <p className={`mt-2 text-xs ${muted}`} data-testid={`measured-note-${backend}`}>
        {rate.type === 'measured'
          ? `${rate.count.toLocaleString('en-US')} messages over ${(rate.coveredMs / 1000).toLocaleString('en-US')} s${replayed ? ' of the recording' : ''}`
          : `No figure: ${rate.reason}.`}
      </p>
    </div>
  );
}

function Figure({
  name,
  testId,
  value,
  source,
  children,
}: {
  name: string;
  testId: string;
  value: number | null;
  source?: 'live' | 'replay';
  children: string;
}) {
  return (
    <div>
      <dt className={label}>{name}</dt>
      <dd
        className="mt-1 text-xl font-semibold tabular-nums"
        data-testid={testId}
        data-value={value ?? ''}
        data-source={source}
      >
        {children}
      </dd>
    </div>
  );
}
