import { createHash } from 'node:crypto';

/** The case study's 1 KB IoT sensor payload (field names and shapes exactly as its Go struct). */
export interface SensorPayload {
  device_id: string;
  timestamp: string;
  temperature: number;
  humidity: number;
  pressure: number;
  metrics: number[];
}

/**
 * Device number `index` of the population: a 16-byte hex id, as the case study's random
 * ones look, but derived from the number, so that the probes of a fleet share one
 * population and each writes only the devices of its shard.
 */
export function deviceId(index: number): string {
  return createHash('sha256').update(`cutover-device-${index}`).digest('hex').slice(0, 32);
}

/** The first `count` devices of the population. */
export function deviceIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => deviceId(i));
}

const metricsTails = new Map<number, string>();

/**
 * The case study's metrics array, as the end of the JSON text: value i is i × 0.1,
 * serialised as Go's encoding/json does (shortest round-trip, so 0.30000000000000004):
 * 128 metrics make 1.39 KB of JSON. It never changes, so it is serialised once.
 */
function metricsTail(count: number): string {
  let tail = metricsTails.get(count);
  if (tail === undefined) {
    tail = `,"metrics":${JSON.stringify(Array.from({ length: count }, (_, i) => i * 0.1))}}`;
    metricsTails.set(count, tail);
  }
  return tail;
}

/**
 * Serialises one sensor reading, byte for byte as JSON.stringify of a SensorPayload
 * (about 4× faster: the `metrics` array, sensorValues floats, is serialised once). `unit(k)` gives the k-th of the
 * reading's three numbers in [0, 1): random by default; a probe passes a function of the
 * message so that every sender of that message writes the same bytes. A fresh buffer
 * every call: the NATS client keeps a reference to the payload until it flushes, so
 * buffers must never be reused.
 */
export function sensorPayload(
  deviceId: string,
  timestampMs: number,
  sensorValues = 128,
  unit: (k: 0 | 1 | 2) => number = () => Math.random(),
): Uint8Array {
  const head =
    `{"device_id":${JSON.stringify(deviceId)},"timestamp":"${new Date(timestampMs).toISOString()}"` +
    `,"temperature":${22.5 + unit(0) * 5},"humidity":${45 + unit(1) * 20},"pressure":${1013 + unit(2) * 10}`;
  return Buffer.from(head + metricsTail(sensorValues));
}
