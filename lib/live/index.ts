export { startLive, type LiveClient } from './client';
export {
  applyUpdate,
  EMPTY_LIVE_STATE,
  LiveFigures,
  seededState,
  type LiveState,
  type SummaryRequest,
} from './state';
export {
  EMPTY_QUERY,
  STALE_AFTER_MS,
  summaryKey,
  withPeriod,
  type BackendSeries,
  type EvidenceFile,
  type LiveQuery,
  type LiveSnapshot,
  type LiveUpdate,
  type QueryScope,
  type SeedSeries,
  type SummaryScope,
  type TransportView,
} from './types';
