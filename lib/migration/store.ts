import type { NatsConnection } from '@nats-io/nats-core';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import { z } from 'zod';
import { checkTransition } from './phases';
import {
  GROUP_PHASES,
  ImpossibleTransition,
  MIGRATION_PHASES,
  type MigrationState,
  type PhaseChange,
  type PhaseRecord,
  type TransitionRequest,
} from './types';

const MIGRATION_KEY = 'migration';
const groupKey = (g: string) => `group.${g}`;

const recordSchema = <P extends readonly [string, ...string[]]>(phases: P) =>
  z.object({
    phase: z.enum(phases),
    from: z.enum(phases).nullable(),
    sinceMs: z.number().int().min(0),
    who: z.string().max(200),
    why: z.string().max(2000),
  });
const migrationRecord = recordSchema(MIGRATION_PHASES);
const groupRecord = recordSchema(GROUP_PHASES);

export interface StoreOptions {
  bucket: string;
  groups: readonly string[];
  standbyHours: number;
  /** Replicas of the bucket when this creates it (default 1). */
  replicas?: number;
}

/**
 * Migration and per-group phases in a JetStream key-value bucket: one key per scope,
 * the bucket's per-key history (64 revisions) is the audit trail, and every change is a
 * compare-and-set on the revision it was checked against, so two people changing
 * phases at once cannot both win on stale state.
 */
export class MigrationStore {
  private constructor(
    private readonly kv: KV,
    private readonly options: StoreOptions,
  ) {}

  /** Opens the bucket, creating it on first use. */
  static async open(nc: NatsConnection, options: StoreOptions): Promise<MigrationStore> {
    const kv = await new Kvm(nc).create(options.bucket, {
      history: 64,
      replicas: options.replicas ?? 1,
      description: 'Cutover migration phases (written by npm run cutover)',
    });
    return new MigrationStore(kv, options);
  }

  /** The current phases; scopes never written are absent (null). */
  async state(): Promise<MigrationState> {
    return (await this.read()).state;
  }

  /**
   * Records a phase change after checking it against the rules and the current state.
   * Throws ImpossibleTransition (with a message naming the rule) when it is refused.
   */
  async change(
    req: TransitionRequest,
    who: string,
    why: string,
    nowMs = Date.now(),
  ): Promise<PhaseChange> {
    if (!why.trim()) {
      throw new ImpossibleTransition(
        'missing_reason',
        'say why (--why "…"): it goes in the history',
      );
    }
    const { state, revisions } = await this.read();
    checkTransition(req, { state, standbyHours: this.options.standbyHours, nowMs });
    const key = req.scope === 'migration' ? MIGRATION_KEY : groupKey(req.group);
    const current = req.scope === 'migration' ? state.migration : state.groups[req.group];
    const from =
      current?.phase ?? (req.scope === 'migration' ? MIGRATION_PHASES[0] : GROUP_PHASES[0]);
    const record: PhaseRecord = { phase: req.to, from, sinceMs: nowMs, who, why: why.trim() };
    const body = JSON.stringify(record);
    const revision = revisions.get(key);
    try {
      if (revision === undefined) await this.kv.create(key, body);
      else await this.kv.update(key, body, revision);
    } catch (err) {
      throw new ImpossibleTransition(
        'conflict',
        `someone else changed ${key} at the same moment (${(err as Error).message}); check the status and try again`,
      );
    }
    return req.scope === 'migration'
      ? { scope: 'migration', ...(record as PhaseRecord<typeof req.to>) }
      : { scope: 'group', group: req.group, ...(record as PhaseRecord<typeof req.to>) };
  }

  /** Every recorded change, newest first (up to 64 per scope, the bucket's history). */
  async history(): Promise<PhaseChange[]> {
    const out: PhaseChange[] = [];
    const it = await this.kv.history();
    for await (const e of it) {
      const c = decodeChange(e);
      if (c) out.push(c);
    }
    return out.sort((a, b) => b.sinceMs - a.sinceMs);
  }

  /** Deletes the bucket (tests and `npm run cutover -- reset`). */
  async destroy(): Promise<void> {
    await this.kv.destroy();
  }

  private async read(): Promise<{ state: MigrationState; revisions: Map<string, number> }> {
    const revisions = new Map<string, number>();
    const state: MigrationState = { migration: null, groups: {} };
    const m = await this.kv.get(MIGRATION_KEY);
    if (m && m.operation === 'PUT') {
      revisions.set(MIGRATION_KEY, m.revision);
      state.migration = parse(migrationRecord, m);
    }
    await Promise.all(
      this.options.groups.map(async (g) => {
        const e = await this.kv.get(groupKey(g));
        state.groups[g] = null;
        if (e && e.operation === 'PUT') {
          revisions.set(groupKey(g), e.revision);
          state.groups[g] = parse(groupRecord, e);
        }
      }),
    );
    return { state, revisions };
  }
}

function parse<T>(schema: z.ZodType<T>, e: KvEntry): T | null {
  try {
    const r = schema.safeParse(e.json());
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function decodeChange(e: KvEntry): PhaseChange | null {
  if (e.operation !== 'PUT') return null;
  if (e.key === MIGRATION_KEY) {
    const r = parse(migrationRecord, e);
    return r ? { scope: 'migration', ...r } : null;
  }
  if (e.key.startsWith('group.')) {
    const r = parse(groupRecord, e);
    return r ? { scope: 'group', group: e.key.slice('group.'.length), ...r } : null;
  }
  return null;
}
