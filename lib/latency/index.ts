export { LatencyAggregator, type AggregatorOptions, type IngestResult } from './aggregator';
export { formatClock, formatLatencyUs, formatRate } from './format';
export { burnRate, headline } from './headline';
export { LiveLatency, type LiveSnapshot, type ParityPoint } from './live';
export {
  forEachRecorded,
  fractionAbove,
  heatmapBin,
  heatmapBins,
  HEATMAP_EDGES_US,
  HEATMAP_LABELS,
  mergeHistograms,
  percentileUs,
} from './percentiles';
export type {
  PeriodSummary,
  RejectionCounts,
  SeriesPoint,
  Slot,
  TransportCounts,
  TransportStats,
} from './types';
