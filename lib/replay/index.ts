// The browser-safe half of the replay domain: the recording's types, the replay clock and
// its URL form. Reading, writing and playing recordings (Node) is in ./server.
export {
  formatPosition,
  MAX_SPEED,
  MIN_SPEED,
  pageQuery,
  parsePageQuery,
  parseSpeed,
  positionAt,
  REPLAY_SPEEDS,
  replayNowMs,
  streamQuery,
  type ReplayClock,
  type ReplayFeed,
  type ReplayPosition,
} from './clock';
export { ReplayController, replayController, type ReplayState } from './controller';
export type { ReplayedCluster, ReplayedMigrationSnapshot } from './state';
export type {
  ClusterEvent,
  GroupLagRecord,
  MessageKind,
  RecordedGroup,
  RecordedMessage,
  Recording,
  RecordingHeader,
  RecordLine,
  ReplayInfo,
  ReplayMarker,
  SkippedLines,
} from './types';
