// The Node half of the replay domain: files, players, and what a position holds.
export { parseStreamQuery } from './clock';
export { HISTORY_MS, Lookbacks, RAW_E2E_MS, RAW_PROBE_MS, type Lookback } from './lookback';
export { ReplayPlayer, shiftTimes, type PlayerOptions } from './player';
export {
  DEFAULT_LIMITS,
  parseRecording,
  readRecording,
  RecordingError,
  type RecordingErrorReason,
  type RecordingLimits,
} from './reader';
export { MAX_FILE_BYTES, MAX_LINE_BYTES, MAX_RECORDS, MAX_TEXT_BYTES } from './schema';
export { ReplaySession, type SessionEvent, type SessionOptions } from './session';
export { clusterAt, clusterResponseAt, migrationAt, probesAt, stateAt } from './state';
export { hasBoard, replayInfo, timelineMarkers } from './timeline';
export { RecordingLineRefused, RecordingWriter } from './writer';
