// zod/mini: parity messages are decoded in the page's live worker too (see lib/samples/schema.ts).
import * as z from 'zod/mini';
import { ID_PATTERN, SUBJECT_ROOT } from '@/lib/samples';
import type { Offender, ParityTotals, PerSide } from './types';

/** Start of every parity subject: `${PARITY_PREFIX}<probe>`. */
export const PARITY_PREFIX = `${SUBJECT_ROOT}.parity.`;

/** NATS subject of one probe's parity progress; the dashboard subscribes to the wildcard. */
export function paritySubject(probeId: string): string {
  return `${PARITY_PREFIX}${probeId}`;
}
export const PARITY_WILDCARD = `${PARITY_PREFIX}>`;
export const DEFAULT_PARITY_TOPIC = `${SUBJECT_ROOT}.parity`;

const count = z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER));
const perSide = z.object({ kafka: count, nats: count });
const id = z.string().check(z.regex(ID_PATTERN));

/** A parity progress message (docs/protocol.md, "Parity progress"). */
export const parityMessageSchema = z.object({
  v: z.literal(1),
  type: z.literal('parity'),
  probe: id,
  ledger: id,
  atMs: z.int().check(z.minimum(0)),
  target: count,
  shadowed: count,
  matched: count,
  inFlight: count,
  mismatches: perSide,
  missing: perSide,
  duplicates: perSide,
  unknown: perSide,
  // Added after v1 shipped: optional, so that older probes' messages still decode.
  late: z.optional(perSide),
  /** Messages whose publish failed or was skipped on that side (never missing). */
  unsent: z.optional(perSide),
  /** This run's deliveries written by another probe or writer (never latency, never parity). */
  foreign: z.optional(perSide),
  /** This run's deliveries written by an earlier run of the same probe. */
  stale: z.optional(perSide),
  ratePerSecond: z.number().check(z.minimum(0), z.maximum(1e9)),
  etaSeconds: z.nullable(z.number().check(z.minimum(0))),
  offenders: z
    .array(
      z.object({
        id: z.string().check(z.maxLength(128)),
        side: z.enum(['kafka', 'nats']),
        problem: z.enum(['checksum_mismatch', 'missing', 'duplicate', 'unknown_id']),
        atMs: z.int().check(z.minimum(0)),
      }),
    )
    .check(z.maxLength(100)),
});
export type ParityMessage = z.infer<typeof parityMessageSchema>;

export interface ParityReport {
  probeId: string;
  ledger: string;
  atMs: number;
  target: number;
  inFlight: number;
  /** `late` and `unsent` may be left out, as by writers from before they existed; they are then not sent. */
  totals: Omit<ParityTotals, 'late' | 'unsent'> & Partial<Pick<ParityTotals, 'late' | 'unsent'>>;
  ratePerSecond: number;
  etaSeconds: number | null;
  offenders: readonly Offender[];
  /** Deliveries of this run that it did not write (see ProbeSummary). */
  foreign?: PerSide;
  stale?: PerSide;
}

/** Serialises a parity progress message. */
export function encodeParity(r: ParityReport): string {
  const msg: ParityMessage = {
    v: 1,
    type: 'parity',
    probe: r.probeId,
    ledger: r.ledger,
    atMs: r.atMs,
    target: r.target,
    inFlight: r.inFlight,
    ...r.totals,
    ratePerSecond: Math.round(r.ratePerSecond * 10) / 10,
    etaSeconds: r.etaSeconds === null ? null : Math.round(r.etaSeconds),
    offenders: [...r.offenders],
    ...(r.foreign && { foreign: r.foreign }),
    ...(r.stale && { stale: r.stale }),
  };
  return JSON.stringify(msg);
}

/** Decodes a parity progress message; null for anything that is not one (never throws). */
export function decodeParity(data: Uint8Array | string): ParityMessage | null {
  if ((typeof data === 'string' ? data.length : data.byteLength) > 64 * 1024) return null;
  try {
    const json: unknown = JSON.parse(
      typeof data === 'string' ? data : new TextDecoder().decode(data),
    );
    const p = parityMessageSchema.safeParse(json);
    return p.success ? p.data : null;
  } catch {
    return null;
  }
}
