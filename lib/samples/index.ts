export { decodeSample } from './decode';
export { encodeHistogramWindow, encodeRawWindow, type WindowMeta } from './encode';
export { decodeHistogram, encodeHistogram, newLatencyHistogram } from './histogram';
export { checkOrigin, type SampleOrigin } from './origin';
export type { FeedHandlers, FeedStatus, StopFeed } from './feed';
export {
  DEFAULT_SAMPLES_TOPIC,
  ID_PATTERN,
  SAMPLES_PREFIX,
  SAMPLES_WILDCARD,
  SUBJECT_ROOT,
  samplesSubject,
} from './subjects';
export {
  LATENCY_KINDS,
  MAX_LATENCY_US,
  MAX_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  REJECT_REASONS,
  SampleRejected,
  TRANSPORTS,
  type LatencyKind,
  type LatencyWindow,
  type RejectReason,
  type Transport,
} from './types';
