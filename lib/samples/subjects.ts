/** NATS subject root for everything Cutover publishes; the browser user may subscribe under it only. */
export const SUBJECT_ROOT = 'cutover.v1';

/**
 * A probe id, a parity ledger name: one NATS subject token and one KV key token (no dots,
 * spaces or wildcards), 1 to 64 characters, not starting with _ or -.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Start of every sample subject: `${SAMPLES_PREFIX}<backend>.<probe>`. */
export const SAMPLES_PREFIX = `${SUBJECT_ROOT}.samples.`;

/** Wildcard the dashboard subscribes to for latency windows. */
export const SAMPLES_WILDCARD = `${SAMPLES_PREFIX}>`;

/** The NATS subject one probe publishes one backend's windows on. */
export function samplesSubject(backend: string, probeId: string): string {
  return `${SAMPLES_PREFIX}${backend}.${probeId}`;
}

/** Default Kafka topic for sample messages (keyed by backend). */
export const DEFAULT_SAMPLES_TOPIC = `${SUBJECT_ROOT}.samples`;
