import {
  emptySummary,
  type PeriodSummary,
  type ProbeFigures,
  type RejectionCounts,
  type SeriesPoint,
} from '@/lib/latency';
import {
  PARITY_HISTORY_POINTS,
  parityRunKey,
  type ParityMessage,
  type ParityPoint,
} from '@/lib/parity';
import { REJECT_REASONS } from '@/lib/samples';
import {
  summaryKey,
  type BackendSeries,
  type LiveSnapshot,
  type LiveUpdate,
  type QueryScope,
  type SeedSeries,
  type SummaryScope,
  type TransportView,
} from './types';

/** The page's copy of the live state: the newest update, with series and parity carried over. */
export interface LiveState {
  update: LiveUpdate;
  series: Record<string, BackendSeries>;
  parity: ParityMessage[];
  parityHistories: Record<string, readonly ParityPoint[]>;
  /** What the server rendered the page with, drawn until the engine's first series. */
  seed: Record<string, SeriesPoint[]> | null;
  /** The server's summaries by `${backend}|${periodMs}`, read until the engine has its own. */
  seedSummaries: Record<string, PeriodSummary> | null;
}

/** A transport before its first message. */
const connecting = (): TransportView => ({
  accepted: 0,
  duplicates: 0,
  conflicts: 0,
  rejected: 0,
  lastSeenMs: null,
  status: { type: 'connecting' },
});

export const EMPTY_LIVE_STATE: LiveState = {
  update: {
    version: 0,
    backends: [],
    newestSlotMs: null,
    summaries: {},
    probeFigures: {},
    transports: { nats: connecting(), kafka: connecting() },
    rejections: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as RejectionCounts,
    probes: [],
    probeClocks: [],
    series: null,
    parity: null,
    parityAppend: {},
  },
  series: {},
  parity: [],
  parityHistories: {},
  seed: null,
  seedSummaries: null,
};

/** The state a page starts from: empty, or the server's recent series while feeds connect. */
export function seededState(seed: SeedSeries): LiveState {
  const kept = seed.filter((s) => s.points.length > 0);
  if (kept.length === 0) return EMPTY_LIVE_STATE;
  return {
    ...EMPTY_LIVE_STATE,
    seed: Object.fromEntries(kept.map((s) => [s.backend, s.points])),
    seedSummaries: Object.fromEntries(
      kept.flatMap((s) => (s.summaries ?? []).map((p) => [`${s.backend}|${p.periodMs}`, p])),
    ),
  };
}

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
  const engineHasSeries = update.series !== null && Object.keys(update.series).length > 0;
  return {
    update,
    series: update.series ?? state.series,
    parity: update.parity ?? state.parity,
    parityHistories,
    seed: engineHasSeries ? null : state.seed,
    seedSummaries: engineHasSeries ? null : state.seedSummaries,
  };
}

/** Asks for figures the last update did not carry (the engine adds the period to its query). */
export type SummaryRequest = (scope: QueryScope, periodMs: number) => void;

const NO_SERIES: SeriesPoint[] = [];
const NO_PROBE_FIGURES: ProbeFigures = { rows: [], sendDelay: [] };

/**
 * What widgets read, frozen for one render. A summary the engine has not computed yet
 * reads as empty (no messages) for one update, and is asked for.
 */
export class LiveFigures {
  readonly snapshot: LiveSnapshot;
  private readonly backendList: {
    backend: string;
    latest: SeriesPoint | undefined;
    acceptedAtMs?: number | null;
  }[];

  constructor(
    private readonly state: LiveState,
    private readonly request: SummaryRequest = () => {},
  ) {
    const u = state.update;
    const seed = state.seed;
    this.backendList =
      u.backends.length > 0 || !seed
        ? u.backends
        : Object.entries(seed).map(([backend, points]) => ({ backend, latest: points.at(-1) }));
    this.snapshot = {
      version: u.version,
      backends: this.backendList.map(({ backend, latest }) => ({
        backend,
        latest,
        series: this.series(backend),
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

  /**
   * The probes' own figures over the last periodMs: send delay and publish per probe and
   * backend, and each backend's send delay of all probes merged. Empty until the engine
   * has computed them (they are asked for).
   */
  probeFigures(periodMs: number): ProbeFigures {
    const known = this.state.update.probeFigures[String(periodMs)];
    if (known) return known;
    this.request('probe', periodMs);
    return NO_PROBE_FIGURES;
  }

  /** A backend's send delay over the last periodMs, all probes merged, or undefined without any. */
  sendDelay(backend: string, periodMs: number): PeriodSummary | undefined {
    return this.probeFigures(periodMs).sendDelay.find((s) => s.backend === backend);
  }

  backends(): string[] {
    return this.backendList.map((b) => b.backend);
  }

  /** Per-second points of a backend, oldest first (the server's, until the engine has its own). */
  series(backend: string): SeriesPoint[] {
    return this.state.series[backend]?.seconds ?? this.state.seed?.[backend] ?? NO_SERIES;
  }

  /** Per-minute points of a backend, oldest first. */
  minutePoints(backend: string): SeriesPoint[] {
    return this.state.series[backend]?.minutes ?? NO_SERIES;
  }

  latest(backend: string): SeriesPoint | undefined {
    return this.backendList.find((b) => b.backend === backend)?.latest;
  }

  /** When (this page's clock) a window of the backend was last accepted, or null. */
  acceptedAt(backend: string): number | null {
    return this.backendList.find((b) => b.backend === backend)?.acceptedAtMs ?? null;
  }

  /** Each probe's clock against this page's, with its refused windows. */
  probeClocks(): LiveUpdate['probeClocks'] {
    return this.state.update.probeClocks;
  }

  newestSlotMs(): number | null {
    const seed = this.state.seed;
    if (this.state.update.newestSlotMs !== null || !seed) return this.state.update.newestSlotMs;
    return Math.max(...Object.values(seed).map((points) => points.at(-1)?.slotStartMs ?? 0));
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
    return this.state.parityHistories[parityRunKey({ probe, ledger })] ?? [];
  }

  private read(scope: SummaryScope, backend: string, periodMs: number): PeriodSummary {
    const known = this.state.update.summaries[summaryKey(scope, backend, periodMs)];
    if (known) return known;
    this.request(scope, periodMs);
    // Until the engine has its own, the server's (all probes) as the page was rendered with.
    const seeded = this.state.seedSummaries?.[`${backend}|${periodMs}`];
    if (seeded) return seeded;
    return emptySummary(backend, periodMs);
  }
}
