import type { NatsConnection } from '@nats-io/nats-core';
import { Kvm, type KV } from '@nats-io/kv';
import { emptyTotals, type ParityTotals } from '@/lib/parity';

const BUCKET = 'cutover_parity';

/**
 * Persists a ledger's totals in a JetStream key-value bucket, so that a probe restart
 * continues the same shadow run (a week of shadowing is one ledger, not many).
 * Only totals are kept: messages in flight at a crash are re-counted by the next run
 * as unknown ids on arrival, never silently as matched.
 */
export class ParityStore {
  private constructor(
    private readonly kv: KV,
    private readonly key: string,
  ) {}

  static async open(nc: NatsConnection, ledger: string): Promise<ParityStore> {
    const kv = await new Kvm(nc).create(BUCKET, { history: 5 });
    return new ParityStore(kv, `ledger.${ledger}`);
  }

  /** The persisted totals, or empty ones for a new ledger. */
  async load(): Promise<ParityTotals> {
    const entry = await this.kv.get(this.key);
    if (!entry || entry.length === 0) return emptyTotals();
    return { ...emptyTotals(), ...(entry.json<ParityTotals>() as Partial<ParityTotals>) };
  }

  async save(totals: ParityTotals): Promise<void> {
    await this.kv.put(this.key, JSON.stringify(totals));
  }

  async reset(): Promise<void> {
    await this.kv.delete(this.key);
  }
}
