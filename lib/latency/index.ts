export { LatencyAggregator, type AggregatorOptions, type IngestResult } from './aggregator';
export { formatLatencyUs, formatRate } from './format';
export { LiveLatency, type LiveSnapshot } from './live';
export { mergeHistograms, percentileUs } from './percentiles';
export type { RejectionCounts, SeriesPoint, Slot, TransportCounts, TransportStats } from './types';
