import type { Histogram } from 'hdr-histogram-js';
import * as z from 'zod/mini';
import { decodeHistogram, encodeHistogram } from '@/lib/samples';

/**
 * What the server hands a tab that opens mid-run: its merged history (second slots, minute
 * roll-ups, and the keys of the windows merged), so the tab's figures cover the selected
 * period from its first update instead of only what arrives after it opened. Sent once
 * per stream as the SSE event `history` (docs/protocol.md).
 */
export interface HistorySnapshot {
  v: 1;
  type: 'history';
  /** The server's clock when the snapshot was taken (ms). */
  atMs: number;
  backends: BackendHistory[];
  /** [slotStartMs, window key, fingerprint] of every window merged into the slots sent. */
  keys: [number, string, number][];
}

export interface BackendHistory {
  backend: string;
  /** Seconds are complete from here on (older second slots were dropped), or null. */
  secondsFromMs: number | null;
  /** Second slots: start, errors, compressed HdrHistogram. */
  slots: { s: number; e: number; h: string }[];
  /** Minute roll-ups: start, first and last slot merged, errors, compressed HdrHistogram. */
  minutes: { m: number; f: number; l: number; e: number; h: string }[];
}

/** Decoded, ready to merge. */
export interface DecodedHistory {
  backends: {
    backend: string;
    secondsFromMs: number | null;
    slots: { slotStartMs: number; errors: number; histogram: Histogram }[];
    minutes: {
      minuteStartMs: number;
      firstSlotMs: number;
      lastSlotMs: number;
      errors: number;
      histogram: Histogram;
    }[];
  }[];
  keys: [number, string, number][];
}

/** Largest snapshot a tab decodes (characters): 16 backends × (300 slots + 60 minutes). */
export const MAX_HISTORY_CHARS = 16 * 1024 * 1024;

const ms = z.int().check(z.minimum(0), z.maximum(8_640_000_000_000));
const count = z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER));
const hdr = z.string().check(z.minLength(1), z.maxLength(60_000));
const historySchema = z.object({
  v: z.literal(1),
  type: z.literal('history'),
  atMs: ms,
  backends: z
    .array(
      z.object({
        backend: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/)),
        secondsFromMs: z.nullable(ms),
        slots: z.array(z.object({ s: ms, e: count, h: hdr })).check(z.maxLength(600)),
        minutes: z
          .array(z.object({ m: ms, f: ms, l: ms, e: count, h: hdr }))
          .check(z.maxLength(120)),
      }),
    )
    .check(z.maxLength(16)),
  keys: z
    .array(z.tuple([ms, z.string().check(z.maxLength(200)), count]))
    .check(z.maxLength(100_000)),
});

/** Encodes a snapshot's histograms; the caller supplies what the aggregator holds. */
export function encodeHistory(
  atMs: number,
  backends: DecodedHistory['backends'],
  keys: DecodedHistory['keys'],
): string {
  const snapshot: HistorySnapshot = {
    v: 1,
    type: 'history',
    atMs,
    backends: backends.map((b) => ({
      backend: b.backend,
      secondsFromMs: b.secondsFromMs,
      slots: b.slots.map((s) => ({
        s: s.slotStartMs,
        e: s.errors,
        h: encodeHistogram(s.histogram),
      })),
      minutes: b.minutes.map((m) => ({
        m: m.minuteStartMs,
        f: m.firstSlotMs,
        l: m.lastSlotMs,
        e: m.errors,
        h: encodeHistogram(m.histogram),
      })),
    })),
    keys,
  };
  return JSON.stringify(snapshot);
}

/**
 * Decodes a snapshot, or null if it is malformed or too large (the tab then simply starts
 * from what arrives). Each histogram goes through the same bounded decoder as samples.
 */
export function decodeHistory(text: string): DecodedHistory | null {
  if (text.length > MAX_HISTORY_CHARS) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = historySchema.safeParse(json);
  if (!parsed.success) return null;
  try {
    return {
      backends: parsed.data.backends.map((b) => ({
        backend: b.backend,
        secondsFromMs: b.secondsFromMs,
        slots: b.slots.map((s) => ({
          slotStartMs: s.s,
          errors: s.e,
          histogram: decodeHistogram(s.h),
        })),
        minutes: b.minutes.map((m) => ({
          minuteStartMs: m.m,
          firstSlotMs: m.f,
          lastSlotMs: m.l,
          errors: m.e,
          histogram: decodeHistogram(m.h),
        })),
      })),
      keys: parsed.data.keys,
    };
  } catch {
    return null;
  }
}
