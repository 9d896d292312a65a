import { buildBundle, bundleToCsv, type EvidenceBundle } from '@/lib/evidence';
import type { LatencyAggregator } from '@/lib/latency';
import type { ParityMessage } from '@/lib/parity';
import type { EvidenceFile } from './types';

/** Evidence of what a view holds, histograms included: JSON, or CSV of the slots. */
export function evidenceFile(
  view: LatencyAggregator,
  parity: ParityMessage[],
  slaMs: number,
  source: EvidenceBundle['source'],
  format: EvidenceFile['format'],
): EvidenceFile {
  const bundle = buildBundle({
    source,
    slaMs,
    probes: view.probes(),
    backends: view.backends().map((backend) => ({ backend, slots: view.slotsOf(backend) })),
    parity,
  });
  const body = format === 'json' ? `${JSON.stringify(bundle, null, 2)}\n` : bundleToCsv(bundle);
  return { format, generatedAt: bundle.generatedAt, body };
}
