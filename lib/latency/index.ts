export { LatencyAggregator, type AggregatorOptions, type IngestResult } from './aggregator';
export { formatClock, formatLatencyUs, formatRate } from './format';
export { burnRate, headline } from './headline';
export { LiveLatency, type ParityPoint } from './live';
export { heatmapBin, HEATMAP_EDGES_US, HEATMAP_LABELS } from './heatmap';
export {
  forEachRecorded,
  fractionAbove,
  heatmapBins,
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
