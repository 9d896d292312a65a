export { LatencyAggregator, type AggregatorOptions, type IngestResult } from './aggregator';
export {
  DEFAULT_SKEW_TOLERANCE_MS,
  WindowLedger,
  windowFingerprint,
  type LedgerVerdict,
} from './window-ledger';
export {
  coverageNote,
  formatClock,
  formatClockOffset,
  formatLatencyUs,
  formatRate,
} from './format';
export { burnRate, headline } from './headline';
export { LatencyReceiver } from './receiver';
export {
  MAX_PROBE_BACKENDS,
  MAX_PROBE_SERIES,
  PROBE_SERIES_IDLE_MS,
  ProbeWindows,
  type ProbeIngestResult,
} from './probe-windows';
export { PROBE_LIMITED_SHARE, probeLimit, probeLimitNote, type ProbeLimit } from './probe-limit';
export { heatmapBin, HEATMAP_EDGES_US, HEATMAP_LABELS } from './heatmap';
export {
  forEachRecorded,
  fractionAbove,
  copyHistogram,
  heatmapBins,
  MAX_SLOT_MESSAGES,
  mergeHistograms,
  percentilesOf,
  percentileUs,
} from './percentiles';
export { chartStepMs, emptySummary, MINUTES_KEPT, SECONDS_KEPT } from './periods';
export { VIEW_WINDOWS_MS, type ViewWindow } from './types';
export type {
  LatencyPercentiles,
  PeriodSummary,
  ProbeClock,
  ProbeFigures,
  ProbeLatencyKind,
  ProbeRow,
  RejectionCounts,
  SeriesPoint,
  Slot,
  TransportCounts,
  TransportStats,
} from './types';
