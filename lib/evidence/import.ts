import { z } from 'zod';
import { mergeHistograms } from '@/lib/latency';
import { parityMessageSchema } from '@/lib/parity';
import { decodeHistogram } from '@/lib/samples';
import { percentiles, type Percentiles } from './bundle';

// Reading a bundle back is for reviewers and tests, never the page's live worker, so it
// lives apart from buildBundle and may use the full zod.
const importSchema = z.object({
  kind: z.literal('cutover-evidence'),
  v: z.literal(1),
  slaMs: z.number().positive(),
  backends: z.array(
    z.object({
      backend: z.string(),
      slots: z.array(z.object({ slotStartMs: z.number(), hdr: z.string() })),
    }),
  ),
  parity: z.array(parityMessageSchema),
});

/**
 * Reads a bundle back and recomputes each backend's period percentiles from the
 * slots' histograms alone, so a reviewer does not have to trust the summary.
 */
export function recomputePeriod(json: unknown): Record<string, Percentiles> {
  const b = importSchema.parse(json);
  return Object.fromEntries(
    b.backends.map(({ backend, slots }) => [
      backend,
      percentiles(mergeHistograms(slots.map((s) => decodeHistogram(s.hdr))), b.slaMs),
    ]),
  );
}
