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
export {
  ADMIN_REQUEST_TIMEOUT_MS,
  CONSUMER_REQUEST_TIMEOUT_MS,
  PRODUCER_REQUEST_TIMEOUT_MS,
} from './client-timeouts';
export { describeError } from './errors';
export { ensureTopics } from './topics';
