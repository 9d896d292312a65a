import { z } from 'zod';
import { GROUP_PHASES, MIGRATION_PHASES } from '@/lib/migration/types';

/** Largest recording file read (bytes on disk, compressed or not). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Largest recording once decompressed (bytes): a gzip bomb stops here. */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;
/** Longest line decoded (bytes); a longer one is skipped before it becomes a string. */
export const MAX_LINE_BYTES = 256 * 1024;
/** Most lines a recording may have; beyond, it is refused rather than cut short. */
export const MAX_RECORDS = 1_000_000;
/** Longest recording (ms): a day. */
export const MAX_DURATION_MS = 24 * 3_600_000;

const offsetMs = z.number().int().min(0).max(MAX_DURATION_MS);
const epochMs = z.number().int().min(0).max(8_640_000_000_000);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().max(max);
const name = z.string().min(1).max(200);
const backend = z.enum(['nats', 'kafka']);

const phaseRecord = <P extends readonly [string, ...string[]]>(phases: P) =>
  z.object({
    phase: z.enum(phases),
    from: z.enum(phases).nullable(),
    sinceMs: epochMs,
    who: text(200),
    why: text(2000),
  });
const migrationRecord = phaseRecord(MIGRATION_PHASES);
const groupRecord = phaseRecord(GROUP_PHASES);

const phaseChange = z.discriminatedUnion('scope', [
  migrationRecord.extend({ scope: z.literal('migration') }),
  groupRecord.extend({ scope: z.literal('group'), group: name }),
]);

const kafkaLag = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ok'), lag: count, partitions: count }),
  z.object({ type: z.literal('no_group'), message: text(500) }),
  z.object({ type: z.literal('error'), message: text(500) }),
]);
const jetStreamBacklog = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ok'), pending: count, ackPending: count, redelivered: count }),
  z.object({ type: z.literal('no_consumer'), message: text(500) }),
  z.object({ type: z.literal('error'), message: text(500) }),
]);

const recordedGroup = z.object({
  name,
  language: text(40),
  kafkaGroupId: name,
  stream: name,
  durable: name,
});

const header = {
  cutover: z.literal('recording'),
  recordedAt: z.iso.datetime(),
  durationMs: offsetMs.optional(),
  note: text(500).optional(),
};

export const headerV1Schema = z.object({ ...header, v: z.literal(1) });

export const headerV2Schema = z.object({
  ...header,
  v: z.literal(2),
  scenario: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional(),
  stack: z.enum(['single', 'cluster']).optional(),
  ratePerSecond: z.number().min(0).max(1e9).optional(),
  groups: z.array(recordedGroup).max(500).optional(),
  migration: z
    .object({
      standbyHours: z.number().min(0).max(10_000),
      state: z.object({
        migration: migrationRecord.nullable(),
        groups: z.record(name, groupRecord.nullable()),
      }),
      history: z.array(phaseChange).max(1000),
    })
    .optional(),
  /** The gate's thresholds the run was judged by; one that does not read is left out. */
  gate: z
    .object({
      targetBackend: backend,
      slaHoldSeconds: z
        .number()
        .int()
        .min(1)
        .max(30 * 86400),
      maxKafkaLag: count,
      maxJetStreamPending: count,
      maxAckPending: count,
      maxStaleSeconds: z.number().int().min(1).max(3600),
      parityLedger: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
    })
    .optional()
    .catch(undefined),
});

/** The v1 line, and v2's `msg` line without its type. */
export const messageSchema = z.object({
  t: offsetMs,
  s: z.string().min(1).max(256),
  d: text(64 * 1024),
});

const line = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ t: offsetMs, type: z.literal(type), ...shape });

/** Every v2 line type this reader knows. */
export const lineSchemas = {
  msg: messageSchema.extend({ type: z.literal('msg') }),
  groups: line('groups', {
    rows: z
      .array(
        z.object({
          name,
          kafka: kafkaLag,
          jetstream: jetStreamBacklog,
          probeConsumers: z.object({ kafka: count, jetstream: count }).optional(),
        }),
      )
      .max(500),
  }),
  phase: line('phase', { change: phaseChange }),
  gate: line('gate', {
    go: z.boolean(),
    checks: z
      .array(
        z.object({
          // The gate gains checks over time (cluster came later): any short id reads.
          id: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
          state: z.enum(['pass', 'fail', 'unknown']),
          evidence: text(2000),
        }),
      )
      .max(16),
  }),
  cluster: line('cluster', {
    event: z.object({
      atMs: epochMs,
      backend,
      kind: text(64),
      detail: text(2000),
      source: z.enum(['advisory', 'poll']).optional(),
    }),
  }),
  'cluster-snapshot': line('cluster-snapshot', {
    backend: backend.optional(),
    snapshot: z.unknown(),
  }),
  fault: line('fault', { kind: text(64), detail: text(2000), backend: backend.optional() }),
  probe: line('probe', {
    probe: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
    summary: z
      .record(text(64), z.union([z.number(), text(200), z.boolean(), z.null()]))
      .refine((r) => Object.keys(r).length <= 64, 'at most 64 figures'),
  }),
} as const;
