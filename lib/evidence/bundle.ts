import type { Histogram } from 'hdr-histogram-js';
import { fractionAbove, mergeHistograms, percentilesOf, type PeriodSummary } from '@/lib/latency';
import type { ParityMessage } from '@/lib/parity';
import { encodeHistogram, PROTOCOL_VERSION } from '@/lib/samples';

/** Percentiles of a distribution, in µs, always read from one (merged) histogram. */
export type Percentiles = Pick<
  PeriodSummary,
  'count' | 'p50Us' | 'p90Us' | 'p99Us' | 'p999Us' | 'maxUs' | 'overSla'
>;

export interface EvidenceSlot extends Percentiles {
  slotStartMs: number;
  errors: number;
  /** The slot's merged histogram (standard compressed base64), so anyone can recompute. */
  hdr: string;
}

export interface EvidenceBundle {
  kind: 'cutover-evidence';
  v: 1;
  protocolVersion: number;
  generatedAt: string;
  source: { type: 'live' } | { type: 'replay'; recordedAt: string | null };
  slaMs: number;
  period: { fromMs: number; toMs: number };
  probes: string[];
  backends: { backend: string; period: Percentiles; slots: EvidenceSlot[] }[];
  parity: ParityMessage[];
  /**
   * Always null: the bundle holds what the page's histograms and parity reports show;
   * phases and the go / no-go verdict are read from /api/migration (and a recording).
   */
  phases: null;
  gate: null;
}

export interface BundleInput {
  source: EvidenceBundle['source'];
  slaMs: number;
  probes: string[];
  backends: {
    backend: string;
    slots: readonly { slotStartMs: number; histogram: Histogram; errors: number }[];
  }[];
  parity: ParityMessage[];
  now?: Date;
}

/** A histogram's percentiles and share over the SLA, as the bundle records them. */
export function percentiles(h: Histogram, slaMs: number): Percentiles {
  const count = h.totalCount;
  return {
    count,
    // maxUs at HDR resolution, like every other figure here (a decoded histogram has no exact max).
    ...percentilesOf(h),
    overSla: fractionAbove(h, slaMs * 1000),
  };
}

/** Builds the evidence bundle for a change-approval review from the slots a page or CLI holds. */
export function buildBundle(input: BundleInput): EvidenceBundle {
  const starts = input.backends.flatMap((b) => b.slots.map((s) => s.slotStartMs));
  return {
    kind: 'cutover-evidence',
    v: 1,
    protocolVersion: PROTOCOL_VERSION,
    generatedAt: (input.now ?? new Date()).toISOString(),
    source: input.source,
    slaMs: input.slaMs,
    period: {
      fromMs: starts.length ? Math.min(...starts) : 0,
      toMs: starts.length ? Math.max(...starts) + 1000 : 0,
    },
    probes: input.probes,
    backends: input.backends.map(({ backend, slots }) => ({
      backend,
      period: percentiles(mergeHistograms(slots.map((s) => s.histogram)), input.slaMs),
      slots: slots.map((s) => ({
        slotStartMs: s.slotStartMs,
        errors: s.errors,
        ...percentiles(s.histogram, input.slaMs),
        hdr: encodeHistogram(s.histogram),
      })),
    })),
    parity: input.parity,
    phases: null,
    gate: null,
  };
}

/** One CSV row per (backend, slot); values in µs, times in Unix ms. */
export function bundleToCsv(b: EvidenceBundle): string {
  const header =
    'backend,slot_start_ms,count,errors,p50_us,p90_us,p99_us,p999_us,max_us,over_sla_fraction';
  const rows = b.backends.flatMap(({ backend, slots }) =>
    slots.map((s) =>
      [
        backend,
        s.slotStartMs,
        s.count,
        s.errors,
        s.p50Us,
        s.p90Us,
        s.p99Us,
        s.p999Us,
        s.maxUs,
        s.overSla.toFixed(6),
      ].join(','),
    ),
  );
  return `${[header, ...rows].join('\n')}\n`;
}
