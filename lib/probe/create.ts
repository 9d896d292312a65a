import { probeGroups, type MigrationConfig, type ServerConfig } from '@/lib/config';
import { DEFAULT_PARITY_TOPIC, type ParityTotals, type Side } from '@/lib/parity';
import { shareOf, WHOLE_FLEET, type FleetShard } from './fleet-shard';
import { KafkaBackend } from './kafka-backend';
import type { ConsumerMode } from './lane-consumer';
import type { SenderMode } from './lane-sender';
import type { PriorityMode } from './priority';
import type { KafkaAcks } from './types';
import { NatsBackend } from './nats-backend';
import { ParityStore } from './parity-store';
import { Probe, type Fault } from './probe';
import type { ProbeBackend } from './types';

/** Where the workload lives; the defaults are the case study's names. */
export interface WorkloadNames {
  kafkaTopic: string;
  stream: string;
  subjectPrefix: string;
  kafkaGroupPrefix: string;
  parityTopic: string;
}

export const CASE_STUDY_NAMES: WorkloadNames = {
  kafkaTopic: 'iot-sensor-v1',
  stream: 'IOT_SENSORS',
  subjectPrefix: 'iot.sensor',
  kafkaGroupPrefix: 'cutover',
  parityTopic: DEFAULT_PARITY_TOPIC,
};

export interface ProbeSettings {
  probeId: string;
  backends: Side[];
  /** The fleet's rate, msg/s: this probe sends its shard's share of it (all of it alone). */
  ratePerSecond: number;
  durationSeconds: number | null;
  /** The fleet's device population: this probe writes its shard's range of it. */
  devices: number;
  /** This probe's part of a fleet (default: the whole). */
  shard?: FleetShard;
  /** Where each lane's sender runs (default worker: see SenderMode). */
  sender?: SenderMode;
  /** Where each lane's consumers run (default worker: see ConsumerMode). */
  consumer?: ConsumerMode;
  /** The sender and consumer threads' priority (default raised: see PriorityMode). */
  priority?: PriorityMode;
  /** Floats in each payload's `metrics` array. */
  sensorValues: number;
  maxInFlight: number;
  /** See ProbeOptions.maxBacklog; default one grace period of messages. */
  maxBacklog?: number;
  /** Replicas of the stream, KV bucket and topics this creates (config.replicas on a cluster). */
  replicas: number;
  /** Kafka producer acks (default all). */
  kafkaAcks?: KafkaAcks;
  ledger: string;
  resetLedger: boolean;
  faults: (Fault & { every: number })[];
  names?: Partial<WorkloadNames>;
}

export interface CreatedProbe {
  probe: Probe;
  backends: ProbeBackend[];
  restored: ParityTotals | null;
  close(): Promise<void>;
}

/**
 * Connects the chosen backends, opens (or resets) the persisted parity ledger and
 * builds a Probe. Shared by the CLI, the tests and the benchmark.
 */
export async function createProbe(
  config: ServerConfig,
  migration: MigrationConfig,
  s: ProbeSettings,
): Promise<CreatedProbe> {
  const names = { ...CASE_STUDY_NAMES, parityTopic: config.parityTopic, ...s.names };
  const groups = probeGroups(migration).map((g) => g.name);
  const backends: ProbeBackend[] = [];
  let nats: NatsBackend | undefined;
  try {
    if (s.backends.includes('kafka')) {
      backends.push(
        await KafkaBackend.connect({
          brokers: config.kafkaBrokers,
          topic: names.kafkaTopic,
          groups,
          groupPrefix: names.kafkaGroupPrefix,
          probeId: s.probeId,
          reportTopics: [config.samplesTopic, names.parityTopic],
          acks: s.kafkaAcks ?? 'all',
          replicas: s.replicas,
          minInsyncReplicas: config.kafkaMinIsr,
        }),
      );
    }
    if (s.backends.includes('nats')) {
      nats = await NatsBackend.connect({
        servers: config.natsServers,
        user: config.natsUser,
        pass: config.natsPass,
        stream: names.stream,
        subjectPrefix: names.subjectPrefix,
        groups,
        probeId: s.probeId,
        replicas: s.replicas,
      });
      backends.push(nats);
    }
  } catch (err) {
    await Promise.allSettled(backends.map((b) => b.close()));
    throw err;
  }

  const withParity = s.backends.includes('kafka') && s.backends.includes('nats');
  let store: ParityStore | null = null;
  let restored: ParityTotals | null = null;
  if (withParity && nats) {
    store = await ParityStore.open(nats.connection, s.ledger, s.replicas);
    if (s.resetLedger) await store.reset();
    restored = await store.load();
  }
  const shard = s.shard ?? WHOLE_FLEET;
  const probe = new Probe(
    backends,
    {
      probeId: s.probeId,
      ratePerSecond: shareOf(s.ratePerSecond, shard),
      durationSeconds: s.durationSeconds,
      devices: s.devices,
      shard,
      sender: s.sender,
      consumer: s.consumer,
      priority: s.priority,
      sensorValues: s.sensorValues,
      maxInFlight: s.maxInFlight,
      maxBacklog: s.maxBacklog,
      windowMs: 1000,
      groups: groups.length,
      samplesTopic: config.samplesTopic,
      parityTopic: names.parityTopic,
      parity: withParity
        ? { ledger: s.ledger, target: migration.parity.target, graceMs: migration.parity.graceMs }
        : null,
      faults: s.faults,
    },
    store,
    restored ?? undefined,
  );
  return {
    probe,
    backends,
    restored,
    close: async () => {
      await Promise.allSettled(backends.map((b) => b.close()));
    },
  };
}
