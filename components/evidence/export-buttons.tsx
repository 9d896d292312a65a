'use client';

import type { PublicConfig } from '@/lib/config';
import type { EvidenceBundle } from '@/lib/evidence';
import type { EvidenceFile } from '@/lib/live';

interface Props {
  /** Builds the file where the histograms are (the live worker). */
  exportEvidence(
    source: EvidenceBundle['source'],
    format: EvidenceFile['format'],
  ): Promise<EvidenceFile>;
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
export function ExportButtons({ exportEvidence, config, recordedAt }: Props) {
  const exportAs = async (format: EvidenceFile['format']) => {
    const file = await exportEvidence(
      config.source.type === 'replay' ? { type: 'replay', recordedAt } : { type: 'live' },
      format,
    );
    const stamp = file.generatedAt.replace(/[:.]/g, '-');
    download(
      `cutover-evidence-${stamp}.${format}`,
      format === 'json' ? 'application/json' : 'text/csv',
      file.body,
    );
  };
  const button =
    'rounded-lg border border-slate-300 px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-cyan-400 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800';
  return (
    <div className="flex items-center gap-2 text-sm text-slate-500 dark:text-slate-400">
      <span>Evidence of the period shown:</span>
      <button type="button" className={button} onClick={() => void exportAs('json')}>
        Export JSON
      </button>
      <button type="button" className={button} onClick={() => void exportAs('csv')}>
        Export CSV
      </button>
    </div>
  );
}
