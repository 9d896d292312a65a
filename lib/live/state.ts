import type { ParityPoint, PeriodSummary, RejectionCounts, SeriesPoint } from '@/lib/latency';
import type { ParityMessage } from '@/lib/parity';
import { REJECT_REASONS } from '@/lib/samples';
import {
  summaryKey,
  type BackendSeries,
  type LiveSnapshot,
  type LiveUpdate,
  type SummaryScope,
} from './types';

/** Parity reports kept per run for the history chart (one a second: an hour), as the engine keeps. */
const PARITY_HISTORY_POINTS = 3600;

/** The page's copy of the live state: the newest update, with series and parity carried over. */
export interface LiveState {
  update: LiveUpdate;
  series: Record<string, BackendSeries>;
  parity: ParityMessage[];
  parityHistories: Record<string, readonly ParityPoint[]>;
}

export const EMPTY_LIVE_STATE: LiveState = {
  update: {
    version: 0,
    backends: [],
    newestSlotMs: null,
    summaries: {},
    transports: {
      nats: {
        accepted: 0,
        duplicates: 0,
        rejected: 0,
        lastSeenMs: null,
        status: { type: 'connecting' },
      },
      kafka: {
        accepted: 0,
        duplicates: 0,
        rejected: 0,
        lastSeenMs: null,
        status: { type: 'connecting' },
      },
    },
    rejections: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as RejectionCounts,
    probes: [],
    series: null,
    parity: null,
    parityAppend: {},
  },
  series: {},
  parity: [],
  parityHistories: {},
};

/** The state after one update: parts the update left out (null) stay as they were. */
export function applyUpdate(state: LiveState, update: LiveUpdate): LiveState {
  let parityHistories = state.parityHistories;
  const appended = Object.entries(update.parityAppend);
  if (appended.length > 0) {
    parityHistories = { ...parityHistories };
    for (const [key, points] of appended)
      parityHistories[key] = [...(parityHistories[key] ?? []), ...points].slice(
        -PARITY_HISTORY_POINTS,
      );
  }
  return {
    update,
    series: update.series ?? state.series,
    parity: update.parity ?? state.parity,
    parityHistories,
  };
}

/** Asks for a summary the last update did not carry (the engine adds it to its query). */
export type SummaryRequest = (scope: SummaryScope, periodMs: number) => void;

const NO_SERIES: SeriesPoint[] = [];

/**
 * What widgets read, frozen for one render. A summary the engine has not computed yet
 * reads as empty (no messages) for one update, and is asked for.
 */
export class LiveView {
  readonly snapshot: LiveSnapshot;

  constructor(
    private readonly state: LiveState,
    private readonly request: SummaryRequest = () => {},
  ) {
    const u = state.update;
    this.snapshot = {
      version: u.version,
      backends: u.backends.map(({ backend, latest }) => ({
        backend,
        latest,
        series: state.series[backend]?.seconds ?? NO_SERIES,
      })),
      transports: u.transports,
      rejections: u.rejections,
    };
  }

  /** A backend's distribution over the last periodMs, of the view (probe filter applied). */
  summary(backend: string, periodMs: number): PeriodSummary {
    return this.read('view', backend, periodMs);
  }

  /** The same over all probes, whatever the filter (the go / no-go gate). */
  allSummary(backend: string, periodMs: number): PeriodSummary {
    return this.read('all', backend, periodMs);
  }

  backends(): string[] {
    return this.state.update.backends.map((b) => b.backend);
  }

  /** Per-second points of a backend, oldest first. */
  series(backend: string): SeriesPoint[] {
    return this.state.series[backend]?.seconds ?? NO_SERIES;
  }

  /** Per-minute points of a backend, oldest first. */
  minutePoints(backend: string): SeriesPoint[] {
    return this.state.series[backend]?.minutes ?? NO_SERIES;
  }

  latest(backend: string): SeriesPoint | undefined {
    return this.state.update.backends.find((b) => b.backend === backend)?.latest;
  }

  newestSlotMs(): number | null {
    return this.state.update.newestSlotMs;
  }

  /** Probe ids seen (all windows, whatever the filter). */
  probes(): string[] {
    return this.state.update.probes;
  }

  /** The newest report of each parity run, newest first. */
  parity(): ParityMessage[] {
    return this.state.parity;
  }

  /** Progress over time of one run, oldest first. */
  parityHistory(probe: string, ledger: string): readonly ParityPoint[] {
    return this.state.parityHistories[`${probe}|${ledger}`] ?? [];
  }

  private read(scope: SummaryScope, backend: string, periodMs: number): PeriodSummary {
    const known = this.state.update.summaries[summaryKey(scope, backend, periodMs)];
    if (known) return known;
    this.request(scope, periodMs);
    return {
      backend,
      periodMs,
      coveredMs: 0,
      count: 0,
      errors: 0,
      p50Us: 0,
      p90Us: 0,
      p99Us: 0,
      p999Us: 0,
      maxUs: 0,
      overSla: 0,
      ratePerSecond: 0,
    };
  }
}
