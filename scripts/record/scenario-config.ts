import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configFilePath, loadMigrationConfig, type MigrationConfig } from '@/lib/config';

/**
 * The case study's consumer groups the scenario moves, in the order they cut over. Not
 * the probe's default groups (telemetry-ingest, alerting), so another probe running on
 * the same brokers never shows up among the scenario's consumers.
 */
export const SCENARIO_GROUPS = [
  'device-registry',
  'geo-fence',
  'anomaly-detection',
  'rules-engine',
];

export interface ScenarioConfig {
  /** Where the scratch config is written (CUTOVER_CONFIG for the probes and the CLI). */
  file: string;
  migration: MigrationConfig;
  /** The run's id: in its bucket, ledger and probe ids. */
  id: string;
  ledger: string;
  bucket: string;
}

/**
 * A migration config of the scenario's own, beside the shipped one: a handful of the case
 * study's groups, all run by the probe (so every row of the board has consumers on both
 * brokers), its own phase bucket (never the shipped one) and parity ledger, a parity target
 * the run reaches, and an SLA hold that fits in it. Cost and thresholds stay the shipped ones.
 */
export function writeScenarioConfig(options: {
  id: string;
  parityTarget: number;
  graceMs: number;
  slaHoldSeconds: number;
}): ScenarioConfig {
  const { id } = options;
  const shipped = JSON.parse(readFileSync(configFilePath(), 'utf8')) as Record<string, unknown> & {
    consumerGroups: { name: string }[];
    gate?: Record<string, unknown>;
  };
  const groups = SCENARIO_GROUPS.map((name) => {
    const g = shipped.consumerGroups.find((c) => c.name === name);
    if (!g) throw new Error(`config/cutover.json has no consumer group ${name}`);
    return g;
  });
  const ledger = `scenario-${id}`;
  const bucket = `cutover_migration_scenario_${id}`;
  const file = path.resolve('.cutover/scenario', id, 'cutover.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        ...shipped,
        $comment: `Written by npm run record -- --scenario migration (run ${id}).`,
        parity: { target: options.parityTarget, graceMs: options.graceMs },
        consumerGroups: groups,
        probe: { groups: SCENARIO_GROUPS },
        migration: { bucket, standbyHours: 72 },
        gate: { ...shipped.gate, slaHoldSeconds: options.slaHoldSeconds, parityLedger: ledger },
      },
      null,
      2,
    )}\n`,
  );
  return { file, migration: loadMigrationConfig(file), id, ledger, bucket };
}
