export {
  recentSeries,
  sampleStreamResponse,
  startServerFeeds,
} from './server-feeds';
export {
  currentReplayInfo,
  loadedReplay,
  replayMigrationResponse,
  replayStateResponse,
} from './replay';
