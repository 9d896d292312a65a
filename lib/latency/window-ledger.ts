import type { LatencyWindow } from '@/lib/samples';
import { forEachRecorded } from './percentiles';

/** What the ledger says of a window it is shown. */
export type LedgerVerdict = 'new' | 'duplicate' | 'conflict' | 'too_old';

export interface WindowLedgerOptions {
  /** How far back (ms, receiver clock) windows are remembered; older ones are too old. */
  horizonMs: number;
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
  private readonly maxKeys: number;
  private readonly slotMs: number;
  /** Slot start → key → fingerprint, slots in insertion order (not necessarily time order). */
  private readonly bySlot = new Map<number, Map<string, number>>();
  private keys = 0;
  /** Windows of slots before this were forgotten to stay within maxKeys. */
  private floorMs = Number.NEGATIVE_INFINITY;

  constructor(options: WindowLedgerOptions) {
    this.horizonMs = options.horizonMs;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.slotMs = options.slotMs ?? 1000;
  }

  /** Records the window if it is new; says whether it was. `nowMs` is the receiver's clock. */
  admit(w: LatencyWindow, nowMs: number): LedgerVerdict {
    const slotStartMs = Math.floor(w.windowStartMs / this.slotMs) * this.slotMs;
    this.forgetBefore(nowMs - this.horizonMs);
    if (slotStartMs + this.slotMs <= nowMs - this.horizonMs || slotStartMs < this.floorMs)
      return 'too_old';
    const key = `${w.probeId}|${w.backend}|${w.metric}|${w.windowStartMs}`;
    const fingerprint = windowFingerprint(w);
    let slot = this.bySlot.get(slotStartMs);
    const known = slot?.get(key);
    if (known !== undefined) return known === fingerprint ? 'duplicate' : 'conflict';
    if (!slot) {
      slot = new Map();
      this.bySlot.set(slotStartMs, slot);
    }
    slot.set(key, fingerprint);
    this.keys += 1;
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
    for (const [slotStartMs, key, fingerprint] of entries) {
      if (slotStartMs + this.slotMs <= nowMs - this.horizonMs || slotStartMs < this.floorMs)
        continue;
      let slot = this.bySlot.get(slotStartMs);
      if (!slot) {
        slot = new Map();
        this.bySlot.set(slotStartMs, slot);
      }
      if (slot.has(key)) continue;
      slot.set(key, fingerprint);
      this.keys += 1;
    }
    while (this.keys > this.maxKeys) this.forgetOldestSlot();
  }

  /** Keys held now (for tests and the memory benchmark). */
  get size(): number {
    return this.keys;
  }

  private forgetBefore(cutMs: number): void {
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
  const mix = (n: number) => {
    // Numbers up to 2^53: hash the low and high 32-bit halves.
    for (const part of [n >>> 0, Math.floor(n / 2 ** 32) >>> 0])
      for (let s = 0; s < 32; s += 8) h = Math.imul(h ^ ((part >>> s) & 0xff), 0x01000193);
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
