import { randomBytes } from 'node:crypto';

/** The case study's 1 KB IoT sensor payload (field names and shapes exactly as its Go struct). */
export interface SensorPayload {
  device_id: string;
  timestamp: string;
  temperature: number;
  humidity: number;
  pressure: number;
  metrics: number[];
}

/** A population of devices with 16-byte random hex ids, as the case study generates them. */
export function deviceIds(count: number): string[] {
  return Array.from({ length: count }, () => randomBytes(16).toString('hex'));
}

const metricsCache = new Map<number, number[]>();

/**
 * The case study's metrics array: value i is i × 0.1, serialised as Go's encoding/json
 * does (shortest round-trip, so 0.30000000000000004): 128 metrics make 1.39 KB of JSON.
 */
function metricsOf(count: number): number[] {
  let m = metricsCache.get(count);
  if (!m) {
    m = Array.from({ length: count }, (_, i) => i * 0.1);
    metricsCache.set(count, m);
  }
  return m;
}

/**
 * Serialises one sensor reading. A fresh buffer every call: the NATS client keeps a
 * reference to the payload until it flushes, so buffers must never be reused.
 */
export function sensorPayload(deviceId: string, timestampMs: number, metrics = 128): Uint8Array {
  const payload: SensorPayload = {
    device_id: deviceId,
    timestamp: new Date(timestampMs).toISOString(),
    temperature: 22.5 + Math.random() * 5,
    humidity: 45 + Math.random() * 20,
    pressure: 1013 + Math.random() * 10,
    metrics: metricsOf(metrics),
  };
  return Buffer.from(JSON.stringify(payload));
}
