'use client';

import type { PublicConfig } from '@/lib/config';
import { buildBundle, bundleToCsv } from '@/lib/evidence';
import type { LiveLatency } from '@/lib/latency';

interface Props {
  live: LiveLatency;
  config: PublicConfig;
  recordedAt: string | null;
}

function download(name: string, type: string, body: string): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** Evidence for a change-approval review: what this page holds, as JSON (with histograms) and CSV. */
export function ExportButtons({ live, config, recordedAt }: Props) {
  const exportAs = (format: 'json' | 'csv') => {
    const agg = live.aggregator;
    const bundle = buildBundle({
      source: config.source.type === 'replay' ? { type: 'replay', recordedAt } : { type: 'live' },
      slaMs: config.slaMs,
      probes: agg.probes(),
      backends: agg.backends().map((backend) => ({ backend, slots: agg.slotsOf(backend) })),
      parity: live.parity(),
    });
    const stamp = bundle.generatedAt.replace(/[:.]/g, '-');
    if (format === 'json')
      download(
        `cutover-evidence-${stamp}.json`,
        'application/json',
        `${JSON.stringify(bundle, null, 2)}\n`,
      );
    else download(`cutover-evidence-${stamp}.csv`, 'text/csv', bundleToCsv(bundle));
  };
  const button =
    'rounded-lg border border-slate-300 px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-cyan-400 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800';
  return (
    <div className="flex items-center gap-2 text-sm text-slate-500 dark:text-slate-400">
      <span>Evidence of the period shown:</span>
      <button type="button" className={button} onClick={() => exportAs('json')}>
        Export JSON
      </button>
      <button type="button" className={button} onClick={() => exportAs('csv')}>
        Export CSV
      </button>
    </div>
  );
}
