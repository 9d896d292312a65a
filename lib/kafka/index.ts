export { SampleHub, type HubEvent, type HubOptions } from './sample-hub';
export { closeAllStreams, formatSse, sampleHub, streamSamples } from './sse';
export { describeError, ensureTopics } from './topics';
