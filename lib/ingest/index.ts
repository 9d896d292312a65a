export { replayRecordedAt, sampleStreamResponse, startServerFeeds } from './server-feeds';
