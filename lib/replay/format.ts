import { z } from 'zod';

/**
 * A recording is gzip-compressed NDJSON: one header line, then one line per message
 * as it arrived on NATS, with its offset from the start of the recording.
 */
export const recordingHeaderSchema = z.object({
  cutover: z.literal('recording'),
  v: z.literal(1),
  recordedAt: z.string().datetime(),
  durationMs: z.number().int().min(0).optional(),
  note: z.string().max(500).optional(),
});
export type RecordingHeader = z.infer<typeof recordingHeaderSchema>;

export const recordedMessageSchema = z.object({
  /** ms since the recording started */
  t: z.number().int().min(0),
  /** NATS subject it arrived on */
  s: z.string().min(1).max(256),
  /** the message body, UTF-8 */
  d: z.string().max(64 * 1024),
});
export type RecordedMessage = z.infer<typeof recordedMessageSchema>;

const TIME_FIELDS = ['windowStartMs', 'windowEndMs', 'atMs'] as const;

/**
 * Moves a recorded sample or parity message by shiftMs, so that a replay looks like
 * "now" on the charts and each loop of the recording is a new window for the
 * de-duplicator. Bodies that are not JSON objects are replayed unchanged.
 */
export function shiftTimes(body: string, shiftMs: number): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return body;
  const obj = json as Record<string, unknown>;
  let changed = false;
  for (const f of TIME_FIELDS) {
    const v = obj[f];
    if (typeof v === 'number' && Number.isFinite(v)) {
      obj[f] = v + shiftMs;
      changed = true;
    }
  }
  return changed ? JSON.stringify(obj) : body;
}
