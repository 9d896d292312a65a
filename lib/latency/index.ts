export { LatencyAggregator, type AggregatorOptions, type IngestResult } from './aggregator';
export { mergeHistograms, percentileUs } from './percentiles';
export type { RejectionCounts, SeriesPoint, TransportCounts, TransportStats } from './types';
