import { SAMPLES_PREFIX } from './subjects';
import { SampleRejected, type LatencyWindow } from './types';

/** Where a sample message came from, as the transport delivered it. */
export type SampleOrigin =
  | { type: 'nats'; subject: string }
  | { type: 'kafka'; key: string | null }
  /** Already checked where it entered (the server's Kafka hub, a replay). */
  | { type: 'checked' };

/**
 * Refuses a window whose NATS subject or Kafka key says something else than its body
 * (docs/protocol.md, "Transports"): subject `cutover.v1.samples.<backend>.<probe>`, key
 * `<backend>`. Otherwise anyone allowed to publish one subject could speak for any
 * backend or probe, and a filter on the subject would not mean what it says.
 */
export function checkOrigin(
  w: Pick<LatencyWindow, 'backend' | 'probeId'>,
  origin: SampleOrigin,
): void {
  if (origin.type === 'checked') return;
  if (origin.type === 'kafka') {
    if (origin.key !== w.backend)
      throw new SampleRejected(
        'subject_mismatch',
        `Kafka key ${origin.key === null ? '(none)' : JSON.stringify(origin.key.slice(0, 40))} is not the backend ${w.backend}`,
      );
    return;
  }
  const expected = `${SAMPLES_PREFIX}${w.backend}.${w.probeId}`;
  if (origin.subject !== expected)
    throw new SampleRejected(
      'subject_mismatch',
      `subject ${origin.subject.slice(0, 120)} is not ${expected}`,
    );
}
