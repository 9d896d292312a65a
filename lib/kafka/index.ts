export { SampleHub, type HubEvent, type HubOptions } from './sample-hub';
export { appendPeerToForwardedFor, clientAddress } from './client-address';
export {
  closeAllStreams,
  closeConnectionsOnShutdown,
  DEFAULT_LIMITS,
  formatSse,
  sampleHub,
  streamSamples,
  type StreamLimits,
} from './sse';
export { describeError } from './errors';
export { ensureTopics } from './topics';
