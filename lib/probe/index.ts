export { KafkaBackend, type KafkaBackendOptions } from './kafka-backend';
export { NatsBackend, type NatsBackendOptions } from './nats-backend';
export { deviceIds, sensorPayload, type SensorPayload } from './payload';
export { Probe, type BackendSummary, type ProbeOptions } from './probe';
export { OpenLoopSchedule } from './schedule';
export { HEADER_ID, HEADER_INTENDED_US, type ProbeBackend, type ProbeMessage } from './types';
export type { RecordedWindow } from './window-recorder';
