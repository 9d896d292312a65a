import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ID_PATTERN } from '@/lib/samples';
import { ConfigError } from './types';

const groupName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must match [a-z0-9][a-z0-9-]{0,47}');
const natsName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must match [A-Za-z0-9_-]{1,64}');

/** One consumer group as the migration knows it on both brokers. */
const groupSchema = z
  .object({
    name: groupName,
    language: z.enum(['go', 'rust', 'java', 'python', 'node', 'other']),
    /**
     * Kafka consumer group id; default `cutover-<name>`. A group the probe runs
     * (`probe.groups`) it consumes as `cutover-<name>-<probe id>` on Kafka and
     * `<name>-<probe id>` on JetStream, one per probe; the board reads `<kafkaGroupId>-*` and
     * `<durable>-*` for it, so leave both at their defaults there.
     */
    kafkaGroupId: z.string().min(1).max(255).optional(),
    /** JetStream stream and durable consumer; default the case study's stream and `<name>`. */
    stream: natsName.default('IOT_SENSORS'),
    durable: natsName.optional(),
  })
  .transform((g) => ({
    ...g,
    kafkaGroupId: g.kafkaGroupId ?? `cutover-${g.name}`,
    durable: g.durable ?? g.name,
  }));

/** One broker's column of the case study's comparison table, as reported (not measured). */
const reportedBackend = z.object({
  label: z.string().min(1).max(80),
  monthlyUsd: z.number().positive(),
  costBasis: z.string().max(80),
  nodes: z.number().int().positive(),
  memoryGiB: z.number().positive(),
  cpuPercent: z.number().min(0).max(100),
  cpuBasis: z.string().max(80),
  maxThroughputPerNodePerSecond: z.number().positive(),
  p50Ms: z.number().positive(),
  p99Ms: z.number().positive(),
  durability: z.string().max(120),
  clientSupport: z.string().max(120),
});

const fileSchema = z
  .object({
    parity: z.object({
      target: z.number().int().positive().default(10_000_000),
      graceMs: z.number().int().min(100).max(3_600_000).default(30_000),
    }),
    consumerGroups: z
      .array(groupSchema)
      .min(1)
      .max(64)
      .refine(
        (gs) => new Set(gs.map((g) => g.name)).size === gs.length,
        'group names must be unique',
      ),
    /** The groups whose consumers the probe runs itself (a subset of consumerGroups). */
    probe: z.object({ groups: z.array(groupName).min(1).max(16).optional() }).default({}),
    /** Where migration phases live: a JetStream KV bucket, and the standby rollback window. */
    migration: z
      .object({
        bucket: natsName.default('cutover_migration'),
        standbyHours: z
          .number()
          .positive()
          .max(24 * 90)
          .default(72),
      })
      .prefault({}),
    /** Go / no-go thresholds. */
    gate: z
      .object({
        targetBackend: z.enum(['kafka', 'nats']).default('nats'),
        /** The target must hold p99 ≤ SLA over this many seconds of data. */
        slaHoldSeconds: z
          .number()
          .int()
          .min(5)
          .max(30 * 86400)
          .default(600),
        maxKafkaLag: z.number().int().min(0).default(1000),
        maxJetStreamPending: z.number().int().min(0).default(1000),
        maxAckPending: z.number().int().min(0).default(1000),
        /** Newest data older than this counts as stale. */
        maxStaleSeconds: z.number().int().min(1).max(3600).default(10),
        /** The parity ledger (the probe's --ledger) whose progress the gate judges. */
        parityLedger: z
          .string()
          .regex(ID_PATTERN, 'must be a probe --ledger name')
          .default('default'),
      })
      .prefault({}),
    /** The case study's reported comparison; the cost page derives live figures from it. */
    cost: z
      .object({
        source: z.string().max(200),
        reportedRatePerSecond: z.number().positive(),
        kafka: reportedBackend,
        nats: reportedBackend,
        /** Message rates the "what if" table shows, msg/s. */
        scenarioRatesPerSecond: z.array(z.number().positive()).min(1).max(12),
      })
      .optional(),
  })
  .superRefine((c, ctx) => {
    const names = new Set(c.consumerGroups.map((g) => g.name));
    for (const [i, g] of (c.probe.groups ?? []).entries()) {
      if (!names.has(g)) {
        ctx.addIssue({
          code: 'custom',
          path: ['probe', 'groups', i],
          message: `"${g}" is not in consumerGroups`,
        });
      }
    }
  });

export type MigrationConfig = z.infer<typeof fileSchema>;
export type ConsumerGroupConfig = MigrationConfig['consumerGroups'][number];
export type GateConfig = MigrationConfig['gate'];
export type CostConfig = NonNullable<MigrationConfig['cost']>;
export type ReportedBackend = CostConfig['kafka'];

/** Default location of the migration config file, overridable with CUTOVER_CONFIG. */
export function configFilePath(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(
    /* turbopackIgnore: true */ process.cwd(),
    env.CUTOVER_CONFIG ?? 'config/cutover.json',
  );
}

/** The groups the probe consumes as: `probe.groups` if set, else every group. */
export function probeGroups(c: MigrationConfig): ConsumerGroupConfig[] {
  const wanted = c.probe.groups;
  return wanted ? c.consumerGroups.filter((g) => wanted.includes(g.name)) : c.consumerGroups;
}

/**
 * Reads and validates the migration config file (consumer groups, parity target, gate,
 * cost). Throws ConfigError naming the file and each bad field.
 */
export function loadMigrationConfig(file = configFilePath()): MigrationConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`${file}: ${(err as Error).message}`]);
  }
  return parseMigrationConfig(raw, file);
}

/** Validates an already-parsed config object; `where` names it in errors. */
export function parseMigrationConfig(raw: unknown, where = 'config'): MigrationConfig {
  const result = fileSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${where}: ${i.path.join('.')}: ${i.message}`),
    );
  }
  return result.data;
}
