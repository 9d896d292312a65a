'use client';

import { useEffect, useMemo } from 'react';
import { ExportButtons } from '@/components/evidence/export-buttons';
import { BackendCard } from '@/components/latency/backend-card';
import { backendColor } from '@/components/latency/backend-colors';
import { LazyPercentileChart } from '@/components/latency/lazy-percentile-chart';
import type { LineName } from '@/components/latency/percentile-chart';
import { SeriesTable } from '@/components/latency/series-table';
import { TransportStrip } from '@/components/latency/transport-strip';
import { ViewControls } from '@/components/controls/view-controls';
import { useLive } from '@/hooks/use-live';
import { card, muted } from '@/components/ui';
import { useThrottled } from '@/hooks/use-throttled';
import { useTvMode } from '@/hooks/use-tv-mode';
import { useViewParams } from '@/hooks/use-view-params';
import { headline, probeLimit, VIEW_WINDOWS_MS } from '@/lib/latency';
import { REJECT_REASONS } from '@/lib/samples';
import { GateCard } from '@/components/migration/gate-card';
import { useChartAnnotations } from '@/hooks/use-chart-annotations';
import type { GateConfig } from '@/lib/config';
import { ParityCard } from './parity-card';
import { PhaseCard } from './phase-card';

/** One array for every render, so the memoised chart sees unchanged props. */
const OVERVIEW_LINES: LineName[] = ['p50', 'p99'];

/** The overview: the answer at a glance, for the wall and the cutover meeting. */
export function OverviewPanel({ gate }: { gate: GateConfig }) {
  const { figures, snapshot, config, recordedAt, setProbeFilter, exportEvidence } = useLive();
  const annotations = useChartAnnotations();
  const [view, setView] = useViewParams('15m');
  useTvMode(view.tv, () => setView({ tv: false }));
  useEffect(() => setProbeFilter(view.probe), [setProbeFilter, view.probe]);
  const periodMs = VIEW_WINDOWS_MS[view.window];
  const summaries = useMemo(
    () =>
      Object.fromEntries(
        snapshot.backends.map(({ backend }) => [backend, figures.summary(backend, periodMs)]),
      ),
    [snapshot.backends, periodMs, figures],
  );
  // Judged over all probes whatever the filter: the probes' send delay merged against e2e.
  const probeLimits = useMemo(
    () =>
      Object.fromEntries(
        snapshot.backends.map(({ backend }) => [
          backend,
          probeLimit(figures.allSummary(backend, periodMs), figures.sendDelay(backend, periodMs)),
        ]),
      ),
    [snapshot.backends, periodMs, figures],
  );
  const line = headline(summaries.kafka, summaries.nats);
  // The chart redraws twice a second; the numbers follow every frame.
  const chartBackends = useThrottled(snapshot.backends, 500);
  // Same identity between the throttled updates, so the memoised chart and table skip frames.
  const chartSeries = useMemo(
    () => chartBackends.map(({ backend, series }) => ({ backend, points: series })),
    [chartBackends],
  );
  const totalRejected = REJECT_REASONS.reduce((n, r) => n + snapshot.rejections[r], 0);
  useEffect(() => {
    document.title = line ? `Cutover · ${line}` : 'Cutover';
  }, [line]);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <p className="text-xl font-semibold" data-testid="headline" aria-live="polite">
          {line ?? <span className={muted}>Waiting for windows from both kafka and nats…</span>}
        </p>
        <ViewControls view={view} onChange={setView} probes={figures.probes()} />
      </div>

      <TransportStrip />

      {snapshot.backends.length === 0 ? (
        <p className={`${card} border-dashed text-center ${muted}`} data-testid="no-data">
          No latency windows yet. Start the probe (<code>npm run probe</code>) or publish windows as
          described in docs/protocol.md.
        </p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {snapshot.backends.map(({ backend, latest }, i) => (
            <BackendCard
              key={backend}
              backend={backend}
              latest={latest}
              period={summaries[backend]!}
              windowLabel={view.window}
              slaMs={config.slaMs}
              color={backendColor(backend, i)}
              probeLimit={probeLimits[backend]!}
            />
          ))}
        </div>
      )}

      <div className="grid gap-4 lg:grid-cols-3">
        <GateCard gate={gate} />
        <ParityCard parity={figures.parity()} />
        <PhaseCard />
      </div>

      {snapshot.backends.length > 0 && (
        <section className={card}>
          <h2 className={`mb-2 text-sm font-semibold ${muted}`}>
            p99 solid, p50 dashed, per second (ms) ·{' '}
            <a className="underline" href={`/latency?window=${view.window}`}>
              details
            </a>
          </h2>
          <LazyPercentileChart
            backends={chartSeries}
            slaMs={config.slaMs}
            stepMs={1000}
            lines={OVERVIEW_LINES}
            scale="linear"
            annotations={annotations}
          />
          <details className="chrome mt-2 text-sm">
            <summary className="cursor-pointer">Table of this chart</summary>
            <SeriesTable backends={chartSeries} />
          </details>
        </section>
      )}

      <div className="chrome flex flex-wrap items-start justify-between gap-4">
        <section
          aria-label="rejected samples"
          className={`text-sm ${muted}`}
          data-testid="rejections"
          data-total={totalRejected}
        >
          <span className="font-medium">Rejected samples: {totalRejected}</span>
          {totalRejected > 0 && (
            <ul className="mt-1 flex flex-wrap gap-x-4">
              {REJECT_REASONS.filter((r) => snapshot.rejections[r] > 0).map((r) => (
                <li key={r} data-testid={`rejected-${r}`} data-count={snapshot.rejections[r]}>
                  {r}: {snapshot.rejections[r]}
                </li>
              ))}
            </ul>
          )}
        </section>
        <ExportButtons exportEvidence={exportEvidence} config={config} recordedAt={recordedAt} />
      </div>
    </div>
  );
}
