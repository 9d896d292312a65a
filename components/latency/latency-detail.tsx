'use client';

import { useEffect, useMemo, useState } from 'react';
import { ViewControls } from '@/components/controls/view-controls';
import { useLive } from '@/hooks/use-live';
import { card, label, muted } from '@/components/ui';
import { useTvMode } from '@/hooks/use-tv-mode';
import { useThrottled } from '@/hooks/use-throttled';
import { useViewParams } from '@/hooks/use-view-params';
import {
  burnRate,
  chartStepMs,
  coverageNote,
  formatLatencyUs,
  formatRate,
  type PeriodSummary,
  type ProbeRow,
  VIEW_WINDOWS_MS,
  type SeriesPoint,
} from '@/lib/latency';
import { Heatmap } from './heatmap';
import { useChartAnnotations } from '@/hooks/use-chart-annotations';
import { LazyPercentileChart } from './lazy-percentile-chart';
import { ProbeTable } from './probe-table';
import { SeriesTable } from './series-table';
import { TransportStrip } from './transport-strip';

interface View {
  stepMs: number;
  backends: {
    backend: string;
    points: SeriesPoint[];
    period: PeriodSummary;
    burn5m: number;
    burn1h: number;
  }[];
  /** The probes' own send delay and publish, per probe and backend. */
  probes: ProbeRow[];
}

/** The latency detail: merged-window percentiles, SLA share and burn rates, percentiles over time, heatmaps. */
export function LatencyDetail() {
  const { figures, config, setProbeFilter } = useLive();
  const annotations = useChartAnnotations();
  const [view, setView] = useViewParams('5m');
  useTvMode(view.tv, () => setView({ tv: false }));
  useEffect(() => setProbeFilter(view.probe), [setProbeFilter, view.probe]);
  const periodMs = VIEW_WINDOWS_MS[view.window];
  const slaUs = config.slaMs * 1000;
  const current = useMemo<View>(() => {
    const stepMs = chartStepMs(periodMs);
    const newest = figures.newestSlotMs() ?? 0;
    return {
      stepMs,
      backends: figures.backends().map((backend) => ({
        backend,
        points: (stepMs === 1000 ? figures.series(backend) : figures.minutePoints(backend)).filter(
          (p) => p.slotStartMs > newest - periodMs,
        ),
        period: figures.summary(backend, periodMs),
        burn5m: burnRate(figures.summary(backend, VIEW_WINDOWS_MS['5m']).overSla),
        burn1h: burnRate(figures.summary(backend, VIEW_WINDOWS_MS['1h']).overSla),
      })),
      probes: figures
        .probeFigures(periodMs)
        .rows.filter((r) => view.probe === null || r.probe === view.probe),
    };
  }, [periodMs, figures, view.probe]);
  // Paused: keep drawing what was on screen when Pause was pressed; data keeps arriving underneath.
  const [frozen, setFrozen] = useState<View | null>(null);
  const shown = view.paused && frozen ? frozen : current;
  // Charts and heatmaps redraw twice a second; the table follows every frame.
  const drawn = useThrottled(shown, 500);
  const onChange = (change: Partial<typeof view>) => {
    if (change.paused !== undefined) setFrozen(change.paused ? current : null);
    setView(change);
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <p className={`text-sm ${muted}`}>
          Percentiles over the last <strong>{view.window}</strong>
          {view.probe ? ` of probe ${view.probe} (windows since the filter was set)` : ''}, each
          read from one merged HDR histogram{view.paused ? ' · paused' : ''}.
        </p>
        <ViewControls view={view} onChange={onChange} pausable probes={figures.probes()} />
      </div>

      <TransportStrip />

      {shown.backends.length === 0 ? (
        <p className={`${card} text-center ${muted}`} data-testid="no-data">
          No latency windows yet.
        </p>
      ) : (
        <>
          <section className={`${card} overflow-x-auto`}>
            <table className="w-full text-right text-sm tabular-nums" data-testid="summary-table">
              <caption className={`mb-2 text-left ${muted}`}>
                Last {view.window} · error budget: 1% of messages over {config.slaMs} ms (SLO p99 ≤{' '}
                {config.slaMs} ms) · burn rate 1 = on budget
              </caption>
              <thead className={label}>
                <tr>
                  <th className="text-left">backend</th>
                  <th>p50</th>
                  <th>p90</th>
                  <th>p99</th>
                  <th>p99.9</th>
                  <th>max</th>
                  <th>over SLA</th>
                  <th>burn 5 m</th>
                  <th>burn 1 h</th>
                  <th>messages</th>
                  <th>throughput</th>
                </tr>
              </thead>
              <tbody>
                {shown.backends.map(({ backend, period: s, burn5m, burn1h }) => (
                  <tr
                    key={backend}
                    className="border-t border-slate-200 dark:border-slate-700"
                    data-testid={`summary-${backend}`}
                  >
                    <th className="py-2 text-left font-semibold">
                      {backend}
                      {coverageNote(s) && (
                        <span
                          className={`block text-xs font-normal ${muted}`}
                          data-testid={`summary-${backend}-covers`}
                        >
                          {coverageNote(s)}
                        </span>
                      )}
                    </th>
                    {(['p50Us', 'p90Us', 'p99Us', 'p999Us', 'maxUs'] as const).map((k) => (
                      <td
                        key={k}
                        data-testid={`summary-${backend}-${k}`}
                        data-value-us={s[k]}
                        className={
                          k === 'p99Us' && s[k] > slaUs
                            ? 'font-semibold text-red-600 dark:text-red-400'
                            : ''
                        }
                      >
                        {s.count ? formatLatencyUs(s[k]) : '—'}
                      </td>
                    ))}
                    <td data-testid={`summary-${backend}-over`} data-value={s.overSla}>
                      {(100 * s.overSla).toFixed(2)} %
                    </td>
                    <td data-testid={`summary-${backend}-burn5m`}>{burn5m.toFixed(2)}×</td>
                    <td data-testid={`summary-${backend}-burn1h`}>{burn1h.toFixed(2)}×</td>
                    <td data-testid={`summary-${backend}-count`} data-value={s.count}>
                      {s.count.toLocaleString('en-US')}
                    </td>
                    <td data-testid={`summary-${backend}-rate`}>{formatRate(s.ratePerSecond)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className={`${card} overflow-x-auto`} aria-label="probe figures">
            <h2 className={`mb-2 text-sm font-semibold ${muted}`}>
              Probe: its own send delay and publish latency
            </h2>
            <ProbeTable rows={shown.probes} windowLabel={view.window} />
          </section>

          <section className={card}>
            <h2 className={`mb-2 text-sm font-semibold ${muted}`}>
              Percentiles per {shown.stepMs === 1000 ? 'second' : 'minute'} (ms, log scale): p99
              solid, p50/p90/p99.9/max dashed
            </h2>
            <LazyPercentileChart
              backends={drawn.backends}
              slaMs={config.slaMs}
              stepMs={drawn.stepMs}
              annotations={annotations}
            />
            <details className="chrome mt-2 text-sm">
              <summary className="cursor-pointer">Table of this chart</summary>
              <SeriesTable backends={drawn.backends} />
            </details>
          </section>

          <section className={`${card} space-y-4`}>
            <h2 className={`text-sm font-semibold ${muted}`}>
              Distribution over time (messages per latency bin and{' '}
              {shown.stepMs === 1000 ? 'second' : 'minute'})
            </h2>
            {drawn.backends.map(({ backend, points }) => (
              <div key={backend}>
                <h3 className="mb-1 text-sm font-semibold">{backend}</h3>
                <Heatmap backend={backend} points={points} stepMs={drawn.stepMs} />
              </div>
            ))}
          </section>
        </>
      )}
    </div>
  );
}
