/** NATS subject root for everything Cutover publishes; the browser user may subscribe under it only. */
export const SUBJECT_ROOT = 'cutover.v1';

/** Wildcard the dashboard subscribes to for latency windows. */
export const SAMPLES_WILDCARD = `${SUBJECT_ROOT}.samples.>`;

/** The NATS subject one probe publishes one backend's windows on. */
export function samplesSubject(backend: string, probeId: string): string {
  return `${SUBJECT_ROOT}.samples.${backend}.${probeId}`;
}

/** Default Kafka topic for sample messages (keyed by backend). */
export const DEFAULT_SAMPLES_TOPIC = 'cutover.v1.samples';
