import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './types';

const groupName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must match [a-z0-9][a-z0-9-]{0,47}');

const fileSchema = z.object({
  parity: z.object({
    target: z.number().int().positive().default(10_000_000),
    graceMs: z.number().int().min(100).max(3_600_000).default(30_000),
  }),
  consumerGroups: z
    .array(
      z.object({
        name: groupName,
        language: z.enum(['go', 'rust', 'java', 'python', 'node', 'other']),
      }),
    )
    .min(1)
    .max(64)
    .refine(
      (gs) => new Set(gs.map((g) => g.name)).size === gs.length,
      'group names must be unique',
    ),
});

export type MigrationConfig = z.infer<typeof fileSchema>;

/** Default location of the migration config file, overridable with CUTOVER_CONFIG. */
export function configFilePath(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.CUTOVER_CONFIG ?? 'config/cutover.json');
}

/**
 * Reads and validates the migration config file (consumer groups, parity target, …).
 * Throws ConfigError naming the file and each bad field.
 */
export function loadMigrationConfig(file = configFilePath()): MigrationConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`${file}: ${(err as Error).message}`]);
  }
  const result = fileSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`),
    );
  }
  return result.data;
}
