// Fault injection for the fault e2e tests, `npm run reliability` and bench:failover: broker
// processes stopped, frozen and restarted, and timestamped records of what the page and the
// SSE route showed meanwhile.
export { BrokerProcess, type StackDirs } from './broker-process';
export { startBeat, type BeatOptions } from './beat';
export { sseAfter, sseReader, type SseEvent } from './sse-reader';
export {
  dataAfter,
  firstAfter,
  transportEvents,
  watchTransports,
  type TransportEvent,
} from './transport-watch';
