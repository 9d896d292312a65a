export { CoreNatsBackend } from './core-nats-backend';
export { KafkaBackend, type KafkaBackendOptions } from './kafka-backend';
export { NATS_ACK_WAIT_MS, NatsBackend, type NatsBackendOptions } from './nats-backend';
export { ParityStore } from './parity-store';
export {
  formatShard,
  fleetSeq,
  ownedDevices,
  parseShard,
  shareOf,
  ShardRejected,
  WHOLE_FLEET,
  type FleetShard,
} from './fleet-shard';
export { FETCH_MAX_WAIT_MS, FETCH_MIN_BYTES } from './kafka-consumers';
export { arrivalOf, type ConsumerMode } from './lane-consumer';
export type { SenderMode } from './lane-sender';
export { niceFor, PRIORITY_MODES, setThreadNice, type PriorityMode } from './priority';
export { MessagePlan, type PlanSpec } from './message-plan';
export { deviceId, deviceIds, sensorPayload, type SensorPayload } from './payload';
export { Probe, type Fault, type ProbeOptions } from './probe';
export type { BackendSummary, ProbeSummary } from './summary';
export { OpenLoopSchedule } from './schedule';
export {
  HEADER_CRC32,
  HEADER_ID,
  HEADER_INTENDED_US,
  HEADER_PROBE,
  HEADER_RUN,
  HEADER_SHARD,
  parseHeaders,
  probeHeaders,
  type Delivery,
  type KafkaAcks,
  type ProbeBackend,
  type ProbeMessage,
} from './types';
export type { RecordedWindow } from './window-recorder';
export {
  CASE_STUDY_NAMES,
  createProbe,
  type CreatedProbe,
  type ProbeSettings,
  type WorkloadNames,
} from './create';
