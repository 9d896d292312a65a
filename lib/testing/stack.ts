import { randomBytes } from 'node:crypto';
import { parseConfig, type ServerConfig } from '@/lib/config';
import type { ProbeSettings } from '@/lib/probe';

/**
 * Test helpers for the real local stack (scripts/stack-up.sh): its addresses and
 * fresh names, so that every test has a subject, topic or stream of its own.
 */
export function stackConfig(): ServerConfig {
  return parseConfig(process.env);
}

/** A short random suffix, valid in NATS subjects, Kafka topics and Cutover ids. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/**
 * Probe settings with a stream, topic, group prefix and ledger of the test's own (ids begin
 * with `prefix`): 200 msg/s for 3 s, unless overridden. Returns the names to clean up.
 */
export function isolatedProbeSettings(
  prefix: string,
  overrides: Partial<ProbeSettings> = {},
): { settings: ProbeSettings; stream: string; topics: string[] } {
  const id = uniqueId(prefix).replace('-', '');
  const stream = `IT_${id.toUpperCase()}`;
  const settings: ProbeSettings = {
    probeId: uniqueId('probe'),
    backends: ['kafka', 'nats'],
    ratePerSecond: 200,
    durationSeconds: 3,
    devices: 20,
    sensorValues: 128,
    maxInFlight: 200,
    replicas: 1,
    ledger: id,
    resetLedger: true,
    faults: [],
    names: {
      kafkaTopic: `iot-${id}`,
      stream,
      subjectPrefix: `it.${id}`,
      kafkaGroupPrefix: id,
      parityTopic: `parity-${id}`,
    },
    ...overrides,
  };
  return { settings, stream, topics: [`iot-${id}`, `parity-${id}`] };
}
