export { startLive, type LiveClient } from './client';
export {
  applyUpdate,
  EMPTY_LIVE_STATE,
  LiveView,
  type LiveState,
  type SummaryRequest,
} from './state';
export {
  summaryKey,
  type BackendSeries,
  type EvidenceFile,
  type LiveQuery,
  type LiveSnapshot,
  type LiveUpdate,
  type SummaryScope,
  type TransportView,
} from './types';
