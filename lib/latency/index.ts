export {
  DEFAULT_SKEW_TOLERANCE_MS,
  LatencyAggregator,
  type AggregatorOptions,
  type IngestResult,
} from './aggregator';
export { WindowLedger, windowFingerprint, type LedgerVerdict } from './window-ledger';
export {
  coverageNote,
  formatClock,
  formatClockOffset,
  formatLatencyUs,
  formatRate,
} from './format';
export { burnRate, headline } from './headline';
export { LiveLatency, type ParityPoint } from './live';
export { heatmapBin, HEATMAP_EDGES_US, HEATMAP_LABELS } from './heatmap';
export {
  forEachRecorded,
  fractionAbove,
  copyHistogram,
  heatmapBins,
  MAX_SLOT_MESSAGES,
  mergeHistograms,
  percentileUs,
} from './percentiles';
export { VIEW_WINDOWS_MS } from './types';
export type {
  PeriodSummary,
  ProbeClock,
  RejectionCounts,
  SeriesPoint,
  Slot,
  TransportCounts,
  TransportStats,
} from './types';
