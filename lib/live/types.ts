import type {
  PeriodSummary,
  ProbeClock,
  ProbeFigures,
  RejectionCounts,
  SeriesPoint,
  TransportStats,
} from '@/lib/latency';
import type { ParityMessage, ParityPoint } from '@/lib/parity';
import type { FeedStatus, Transport } from '@/lib/samples';

/** Which figures the page reads: the probe filter and the periods it summarises. */
export interface LiveQuery {
  /** Show one probe only (null: all probes). */
  probe: string | null;
  /** Periods (ms) summarised for every backend of the view (filtered when a probe is set). */
  periodsMs: number[];
  /** Periods (ms) summarised for every backend over all probes, whatever the filter (the gate). */
  allPeriodsMs: number[];
  /** Periods (ms) of the probes' own figures: send delay and publish per probe and backend. */
  probePeriodsMs: number[];
}

/** A query that reads nothing yet: widgets add the periods they read (withPeriod). */
export const EMPTY_QUERY: LiveQuery = {
  probe: null,
  periodsMs: [],
  allPeriodsMs: [],
  probePeriodsMs: [],
};

/** A backend's series: one point per second (the last 5 minutes) and per minute (the last hour). */
export interface BackendSeries {
  seconds: SeriesPoint[];
  minutes: SeriesPoint[];
}

/** Which aggregate a summary is read from: the view (probe filter applied) or all probes. */
export type SummaryScope = 'view' | 'all';

/** The key of one summary in LiveUpdate.summaries. */
export function summaryKey(scope: SummaryScope, backend: string, periodMs: number): string {
  return `${scope}|${backend}|${periodMs}`;
}

/** What a widget can ask the engine to compute for a period: a scope's summaries, or the probes' figures. */
export type QueryScope = SummaryScope | 'probe';

const PERIODS_OF = {
  view: 'periodsMs',
  all: 'allPeriodsMs',
  probe: 'probePeriodsMs',
} as const satisfies Record<QueryScope, keyof LiveQuery>;

/** The query with periodMs added to a scope's periods; the same object if it has it already. */
export function withPeriod(query: LiveQuery, scope: QueryScope, periodMs: number): LiveQuery {
  const field = PERIODS_OF[scope];
  if (query[field].includes(periodMs)) return query;
  return { ...query, [field]: [...query[field], periodMs] };
}

/** Transport health as the page shows it. */
export type TransportView = TransportStats & { status: FeedStatus };

/**
 * Age (ms) of the newest message after which a transport is shown as stale. Probes report
 * every second; 4 s plus the page's 1-s clock tick keeps "stale" within 5 s of the last report.
 */
export const STALE_AFTER_MS = 4_000;

/**
 * What the live engine hands the page after each change: small figures in full, the
 * bulky parts (series, parity) only when they changed, as null otherwise.
 */
export interface LiveUpdate {
  /** Increases with every update. */
  version: number;
  backends: { backend: string; latest: SeriesPoint | undefined; acceptedAtMs: number | null }[];
  /** Start of the newest slot of any backend of the view (where the charts' x axis ends). */
  newestSlotMs: number | null;
  /** Summaries asked for by the query, by summaryKey(). */
  summaries: Record<string, PeriodSummary>;
  /** The probes' own figures over each period of LiveQuery.probePeriodsMs, by String(periodMs). */
  probeFigures: Record<string, ProbeFigures>;
  transports: Record<Transport, TransportView>;
  rejections: RejectionCounts;
  probes: string[];
  /** Each probe's clock against the page's, and its refused windows (all probes). */
  probeClocks: ProbeClock[];
  /** Every backend's series when it changed since the last update, else null. */
  series: Record<string, BackendSeries> | null;
  /** The newest report of each parity run, newest first, when any changed, else null. */
  parity: ParityMessage[] | null;
  /** Parity history points since the last update, by parityRunKey. */
  parityAppend: Record<string, ParityPoint[]>;
}

/** An evidence export, built where the histograms are. */
export interface EvidenceFile {
  format: 'json' | 'csv';
  /** When the bundle was built (ISO 8601). */
  generatedAt: string;
  body: string;
}

/**
 * What the server rendered the page with, per backend (see recentSeries): per-second
 * points, and its merged summaries over the standard periods (all probes), so the first
 * paint's figures cover the selected period rather than nothing.
 */
export type SeedSeries = { backend: string; points: SeriesPoint[]; summaries?: PeriodSummary[] }[];

/** A frozen picture of the live state for React: what every widget renders from. */
export interface LiveSnapshot {
  /** Increases with every update; widgets memoise derived figures on it. */
  version: number;
  backends: { backend: string; latest: SeriesPoint | undefined; series: SeriesPoint[] }[];
  transports: Record<Transport, TransportView>;
  rejections: RejectionCounts;
}
