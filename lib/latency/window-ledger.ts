import type { LatencyWindow } from '@/lib/samples';
import { forEachRecorded } from './percentiles';

/** How far ahead of the receiver's clock a window may end before it is refused (ms). */
export const DEFAULT_SKEW_TOLERANCE_MS = 30_000;

/** What the ledger says of a window it is shown. */
export type LedgerVerdict = 'new' | 'duplicate' | 'conflict' | 'too_old' | 'clock_skew';

export interface WindowLedgerOptions {
  /** How far back (ms, receiver clock) windows are remembered; older ones are too old. */
  horizonMs: number;
  /** A window ending more than this (ms) after the receiver's clock is refused as clock_skew. */
  skewToleranceMs?: number;
  /** Keys remembered at most; past it the oldest slot is forgotten and the horizon moves up. */
  maxKeys?: number;
  slotMs?: number;
}

/**
 * Remembers which (probe, backend, metric, window start) were merged and what they held,
 * so a second copy of a window (NATS and Kafka both deliver every window) is never merged
 * twice, and a second copy with other content is a conflict rather than a silent duplicate.
 *
 * Keys live as long as their slot: they are forgotten only when their slot falls behind
 * the horizon, and a window of a forgotten slot is refused as too old, never merged again.
 * Eviction by count (the old design) let a second copy on a sparse backend be merged twice.
 */
export class WindowLedger {
  private readonly horizonMs: number;
  private readonly skewToleranceMs: number;
  private readonly maxKeys: number;
  private readonly slotMs: number;
  /** Slot start → key → fingerprint, slots in insertion order (not necessarily time order). */
  private readonly bySlot = new Map<number, Map<string, number>>();
  private keys = 0;
  /** Windows of slots before this were forgotten to stay within maxKeys. */
  private floorMs = Number.NEGATIVE_INFINITY;
  /** Slots ending at or before this were forgotten by age (see forgetBefore). */
  private forgottenToMs = Number.NEGATIVE_INFINITY;

  constructor(options: WindowLedgerOptions) {
    this.horizonMs = options.horizonMs;
    this.skewToleranceMs = options.skewToleranceMs ?? DEFAULT_SKEW_TOLERANCE_MS;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.slotMs = options.slotMs ?? 1000;
  }

  /**
   * Records the window if it is new; says whether it was, or why it is refused: it ends
   * too far ahead (clock_skew), its slot is behind the horizon (too_old), or a copy with
   * other content was recorded (conflict). `nowMs` is the receiver's clock.
   */
  admit(w: LatencyWindow, nowMs: number): LedgerVerdict {
    if (w.windowEndMs - nowMs > this.skewToleranceMs) return 'clock_skew';
    const slotStartMs = Math.floor(w.windowStartMs / this.slotMs) * this.slotMs;
    this.forgetBefore(nowMs - this.horizonMs);
    if (this.tooOld(slotStartMs, nowMs)) return 'too_old';
    const key = windowKey(w);
    const fingerprint = windowFingerprint(w);
    const known = this.bySlot.get(slotStartMs)?.get(key);
    if (known !== undefined) return known === fingerprint ? 'duplicate' : 'conflict';
    this.record(slotStartMs, key, fingerprint);
    while (this.keys > this.maxKeys) this.forgetOldestSlot();
    return 'new';
  }

  /** Every key held, with its slot and fingerprint (for a tab that opens later: see history.ts). */
  entries(): [number, string, number][] {
    const out: [number, string, number][] = [];
    for (const [slotStartMs, slot] of this.bySlot)
      for (const [key, fingerprint] of slot) out.push([slotStartMs, key, fingerprint]);
    return out;
  }

  /** Takes keys merged elsewhere (the server's history) as if admitted here. */
  remember(entries: readonly [number, string, number][], nowMs: number): void {
    for (const [slotStartMs, key, fingerprint] of entries)
      if (!this.tooOld(slotStartMs, nowMs)) this.record(slotStartMs, key, fingerprint);
    while (this.keys > this.maxKeys) this.forgetOldestSlot();
  }

  /** Keys held now (for tests and the memory benchmark). */
  get size(): number {
    return this.keys;
  }

  private tooOld(slotStartMs: number, nowMs: number): boolean {
    return slotStartMs + this.slotMs <= nowMs - this.horizonMs || slotStartMs < this.floorMs;
  }

  /** Keeps a key (the first fingerprint recorded for it stays). */
  private record(slotStartMs: number, key: string, fingerprint: number): void {
    let slot = this.bySlot.get(slotStartMs);
    if (!slot) {
      slot = new Map();
      this.bySlot.set(slotStartMs, slot);
    }
    if (slot.has(key)) return;
    slot.set(key, fingerprint);
    this.keys += 1;
  }

  /** Forgets slots that ended at or before cutMs; walks the slots only once a slot has passed. */
  private forgetBefore(cutMs: number): void {
    const wholeCutMs = Math.floor(cutMs / this.slotMs) * this.slotMs;
    if (wholeCutMs <= this.forgottenToMs) return;
    this.forgottenToMs = wholeCutMs;
    for (const [slotStartMs, slot] of this.bySlot)
      if (slotStartMs + this.slotMs <= cutMs) {
        this.keys -= slot.size;
        this.bySlot.delete(slotStartMs);
      }
  }

  private forgetOldestSlot(): void {
    let oldest = Number.POSITIVE_INFINITY;
    for (const slotStartMs of this.bySlot.keys()) oldest = Math.min(oldest, slotStartMs);
    const slot = this.bySlot.get(oldest);
    if (!slot) return;
    this.keys -= slot.size;
    this.bySlot.delete(oldest);
    this.floorMs = Math.max(this.floorMs, oldest + this.slotMs);
  }
}

/**
 * A 32-bit FNV-1a hash of what a window holds (end, count, errors, bytes and every
 * recorded bucket): equal for two copies of one window, different — but for a 2^-32
 * chance — when a producer sent two different windows under one key.
 */
export function windowFingerprint(w: LatencyWindow): number {
  let h = 0x811c9dc5;
  const mix32 = (part: number) => {
    for (let s = 0; s < 32; s += 8) h = Math.imul(h ^ ((part >>> s) & 0xff), 0x01000193);
  };
  // Numbers up to 2^53: hash the low and high 32-bit halves (no array per call: it runs per bucket).
  const mix = (n: number) => {
    mix32(n >>> 0);
    mix32(Math.floor(n / 2 ** 32) >>> 0);
  };
  mix(w.windowEndMs);
  mix(w.count);
  mix(w.errors);
  mix(w.bytes);
  forEachRecorded(w.histogram, (valueUs, count) => {
    mix(valueUs);
    mix(count);
  });
  return h >>> 0;
}

/** The ledger's key of a window: one per (probe, backend, metric, window start). */
export function windowKey(
  w: Pick<LatencyWindow, 'probeId' | 'backend' | 'metric' | 'windowStartMs'>,
): string {
  return `${w.probeId}|${w.backend}|${w.metric}|${w.windowStartMs}`;
}

/** The backend a ledger key (windowKey) belongs to. */
export function keyBackend(key: string): string {
  return key.split('|')[1] ?? '';
}
