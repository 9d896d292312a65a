import * as z from 'zod/mini';
import { ID_PATTERN } from './subjects';
import { LATENCY_KINDS, MAX_LATENCY_US, MAX_WINDOW_MS } from './types';

// zod/mini, not zod: these schemas run in the page's live worker, which has to load before
// the first chart, and the full build was most of its JavaScript.
// Zod compiles object parsers with `new Function` when it may; under our CSP it may not,
// and its probe for that shows up as a CSP violation report. The interpreted path is fine.
z.config({ jitless: true });

// Backend and probe ids are NATS subject tokens, so no dots, spaces or wildcards.
const backendId = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'backend id must match [a-z0-9][a-z0-9_-]{0,31}'));
const probeId = z
  .string()
  .check(z.regex(ID_PATTERN, `probe id must match ${ID_PATTERN.source.slice(1, -1)}`));
const epochMs = z.int().check(z.minimum(0), z.maximum(8_640_000_000_000));
const counter = z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER));

const windowFields = {
  v: z.literal(1),
  // Absent means end-to-end.
  metric: z.optional(z.enum(LATENCY_KINDS)),
  backend: backendId,
  probe: probeId,
  windowStartMs: epochMs,
  windowEndMs: epochMs,
  errors: counter,
  bytes: counter,
};

/** A window carrying an HdrHistogram (standard compressed base64, µs). */
export const histogramWindowSchema = z.object({
  ...windowFields,
  type: z.literal('latency-window'),
  count: counter,
  hdr: z.string().check(z.minLength(1), z.maxLength(60_000)),
});

/** The simple form: raw latencies in µs for producers without an HdrHistogram library. */
export const rawWindowSchema = z.object({
  ...windowFields,
  type: z.literal('latency-raw'),
  latenciesUs: z
    .array(z.int().check(z.minimum(0), z.maximum(MAX_LATENCY_US)))
    .check(z.maxLength(10_000)),
});

export const sampleMessageSchema = z.discriminatedUnion('type', [
  histogramWindowSchema,
  rawWindowSchema,
]);
export type SampleMessage = z.infer<typeof sampleMessageSchema>;
export type HistogramWindowMessage = z.infer<typeof histogramWindowSchema>;
export type RawWindowMessage = z.infer<typeof rawWindowSchema>;

export { MAX_WINDOW_MS };
