export { recentSeries, sampleStreamResponse, startServerFeeds } from './server-feeds';
export {
  currentReplayInfo,
  loadedReplay,
  replayGateConfig,
  replayMigrationResponse,
  replayStateResponse,
} from './replay';
