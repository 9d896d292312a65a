export {
  recentSeries,
  replayRecordedAt,
  sampleStreamResponse,
  startServerFeeds,
} from './server-feeds';
