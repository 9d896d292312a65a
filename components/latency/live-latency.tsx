'use client';

import { STALE_AFTER_MS, useLatencyWindows } from '@/hooks/use-latency-windows';
import type { PublicConfig } from '@/lib/config';
import { REJECT_REASONS } from '@/lib/samples';
import { ExportButtons } from '@/components/evidence/export-buttons';
import { BackendCard } from './backend-card';
import { backendColor } from './backend-colors';
import { LatencyChart } from './latency-chart';
import { TransportStatus } from './transport-status';

/** The live latency widget: transports, one card per backend, the chart and rejection counts. */
export function LiveLatency({
  config,
  recordedAt,
}: {
  config: PublicConfig;
  recordedAt: string | null;
}) {
  const { snapshot, nowMs, live } = useLatencyWindows(config);
  const totalRejected = REJECT_REASONS.reduce((n, r) => n + snapshot.rejections[r], 0);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap gap-3" aria-label="transports">
        <TransportStatus
          transport="nats"
          label="NATS WebSocket"
          stats={snapshot.transports.nats}
          nowMs={nowMs}
          staleAfterMs={STALE_AFTER_MS}
        />
        <TransportStatus
          transport="kafka"
          label={config.source.type === 'replay' ? 'Replay → SSE' : 'Kafka → SSE'}
          stats={snapshot.transports.kafka}
          nowMs={nowMs}
          staleAfterMs={STALE_AFTER_MS}
        />
      </div>

      {snapshot.backends.length === 0 ? (
        <p
          className="rounded-xl border border-dashed border-slate-700 p-10 text-center text-slate-400"
          data-testid="no-data"
        >
          No latency windows yet. Start the probe (<code>npm run probe</code>) or publish windows as
          described in docs/protocol.md.
        </p>
      ) : (
        <>
          <div className="grid gap-4 md:grid-cols-2">
            {snapshot.backends.map(({ backend, latest }, i) => (
              <BackendCard
                key={backend}
                backend={backend}
                latest={latest}
                slaMs={config.slaMs}
                color={backendColor(backend, i)}
              />
            ))}
          </div>
          <section className="rounded-xl border border-slate-700 bg-slate-900/60 p-4">
            <h2 className="mb-2 text-sm font-semibold text-slate-300">
              Latency over time (ms) · p99 solid, p50 dashed · percentiles of merged HDR histograms
              per second
            </h2>
            <LatencyChart backends={snapshot.backends} slaMs={config.slaMs} />
          </section>
        </>
      )}

      <div className="flex flex-wrap items-start justify-between gap-4">
        <section
          aria-label="rejected samples"
          className="text-sm text-slate-400"
          data-testid="rejections"
          data-total={totalRejected}
        >
          <span className="font-medium text-slate-300">Rejected samples: {totalRejected}</span>
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
        <ExportButtons live={live} config={config} recordedAt={recordedAt} />
      </div>
    </div>
  );
}
