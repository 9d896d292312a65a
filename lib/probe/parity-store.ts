import type { NatsConnection } from '@nats-io/nats-core';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import { addTotals, diffTotals, emptyTotals, readTotals, type ParityTotals } from '@/lib/parity';

const BUCKET = 'cutover_parity';
/** Compare-and-set attempts per save before giving up until the next one. */
const MAX_ATTEMPTS = 20;

/** Another writer changed the key between our read and our write. */
function isConflict(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
      err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

function stored(entry: KvEntry | null): ParityTotals {
  // A deleted key (a ledger reset) reads as a new ledger.
  if (!entry || entry.operation !== 'PUT' || entry.length === 0) return emptyTotals();
  return readTotals(entry.json<unknown>());
}

/**
 * Persists a ledger's totals in a JetStream key-value bucket, so that a probe restart
 * continues the same shadow run (a week of shadowing is one ledger, not many).
 * Only totals are kept: messages in flight at a crash are counted missing by nobody and
 * re-counted by the next run as stale on arrival, never silently as matched.
 *
 * Several probes may keep one ledger: each save adds what this probe counted since its
 * last load or save to the stored totals, written with compare-and-set on the key's
 * revision; on a conflict it re-reads and adds again, so no probe's update is lost.
 */
export class ParityStore {
  /** The totals, in the caller's frame, that the stored ones already include. */
  private saved = emptyTotals();
  private latest: ParityTotals | null = null;
  private flushing: Promise<void> | null = null;

  private constructor(
    private readonly kv: KV,
    private readonly key: string,
  ) {}

  /** Opens a ledger; the bucket is created on first use with `replicas` replicas. */
  static async open(nc: NatsConnection, ledger: string, replicas = 1): Promise<ParityStore> {
    const kv = await new Kvm(nc).create(BUCKET, { history: 5, replicas });
    return new ParityStore(kv, `ledger.${ledger}`);
  }

  /** The persisted totals, or empty ones for a new ledger; later saves count from these. */
  async load(): Promise<ParityTotals> {
    this.saved = stored(await this.kv.get(this.key));
    return structuredClone(this.saved);
  }

  /**
   * Saves a ledger's totals (those it was restored from plus what it counted since).
   * One save at a time per store: a save asked for while one runs is folded into the next,
   * and a failed one is carried by the next (nothing counted is dropped).
   */
  save(totals: ParityTotals): Promise<void> {
    this.latest = totals;
    this.flushing ??= this.flush();
    return this.flushing;
  }

  async reset(): Promise<void> {
    await this.kv.delete(this.key);
  }

  private async flush(): Promise<void> {
    try {
      while (this.latest) {
        const totals = this.latest;
        this.latest = null;
        await this.add(diffTotals(totals, this.saved));
        this.saved = totals;
      }
    } finally {
      // Same turn as the loop's last check: a save cannot slip in between and be left behind.
      this.flushing = null;
    }
  }

  private async add(delta: ParityTotals): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const entry = await this.kv.get(this.key);
      const value = JSON.stringify(addTotals(stored(entry), delta));
      try {
        if (entry) await this.kv.update(this.key, value, entry.revision);
        else await this.kv.create(this.key, value);
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= MAX_ATTEMPTS) throw err;
        // Writers that collided retry at different moments.
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  }
}
