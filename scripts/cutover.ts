/**
 * Changes migration phases: the only writer of the JetStream KV bucket the dashboard
 * reads. `npm run cutover -- --help` lists the commands.
 */
import { hostname, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { ConfigError, loadMigrationConfig, serverConfig } from '@/lib/config';
import {
  GROUP_PHASES,
  groupPhase,
  ImpossibleTransition,
  MIGRATION_PHASES,
  migrationPhase,
  type GroupPhase,
  type MigrationPhase,
  type PhaseChange,
} from '@/lib/migration';
import { MigrationStore } from '@/lib/migration/server';

const HELP = `Usage: npm run cutover -- <command> [flags]

Commands
  status                         the migration's phase and every group's
  set <phase> --why TEXT         move the migration one step: ${MIGRATION_PHASES.join(' → ')}
                                 (one step back is a rollback)
  group <name> <phase> --why TEXT
                                 move one consumer group one step: ${GROUP_PHASES.join(' → ')}
  history [--limit N]            who changed what, when and why (newest first)

Flags
  --why TEXT    required for changes; recorded in the history
  --who NAME    recorded as the author (default $USER@host)
  --json        machine-readable output
  --help        this text

Phases live in the JetStream KV bucket named in config/cutover.json (migration.bucket);
NATS comes from CUTOVER_NATS_URL / CUTOVER_NATS_USER / CUTOVER_NATS_PASS. Exit codes:
0 done, 2 refused (bad usage or an impossible transition), 1 broker unreachable.`;

function usage(message: string): never {
  console.error(`cutover: ${message}\n\nRun "npm run cutover -- --help" for the commands.`);
  process.exit(2);
}

function describe(c: PhaseChange): string {
  const what = c.scope === 'migration' ? 'migration' : `group ${c.group}`;
  return `${new Date(c.sinceMs).toISOString()}  ${what}: ${c.from ?? '—'} → ${c.phase}  by ${c.who}: ${c.why}`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      why: { type: 'string' },
      who: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    console.log(HELP);
    return;
  }
  if (!['status', 'set', 'group', 'history'].includes(command)) {
    usage(`unknown command "${command}"`);
  }

  let config, migration;
  try {
    config = serverConfig();
    migration = loadMigrationConfig();
  } catch (err) {
    if (err instanceof ConfigError) usage(err.message);
    throw err;
  }
  let nc;
  try {
    nc = await connect({
      servers: config.natsServers,
      user: config.natsUser,
      pass: config.natsPass,
      name: 'cutover-cli',
      timeout: 3000,
    });
  } catch (err) {
    console.error(`cutover: cannot reach NATS at ${config.natsUrl}: ${(err as Error).message}`);
    process.exit(1);
  }
  const groups = migration.consumerGroups.map((g) => g.name);
  const store = await MigrationStore.open(nc, {
    bucket: migration.migration.bucket,
    groups,
    standbyHours: migration.migration.standbyHours,
    replicas: config.replicas,
  });
  const who = values.who ?? `${userInfo().username}@${hostname()}`;
  try {
    if (command === 'status') {
      const state = await store.state();
      if (values.json) {
        console.log(JSON.stringify(state, null, 2));
      } else {
        const m = state.migration;
        console.log(
          `migration: ${migrationPhase(state)}${m ? ` since ${new Date(m.sinceMs).toISOString()} (${m.who}: ${m.why})` : ' (never changed)'}`,
        );
        for (const g of groups) console.log(`  ${g.padEnd(28)} ${groupPhase(state, g)}`);
      }
    } else if (command === 'history') {
      const limit = values.limit === undefined ? 50 : Number(values.limit);
      if (!Number.isInteger(limit) || limit <= 0) usage(`--limit must be a positive integer`);
      const history = (await store.history()).slice(0, limit);
      if (values.json) console.log(JSON.stringify(history, null, 2));
      else if (history.length === 0) console.log('no phase changes recorded yet');
      else for (const c of history) console.log(describe(c));
    } else {
      if (values.why === undefined) usage('say why with --why "…": it goes in the history');
      let change: PhaseChange;
      if (command === 'set') {
        const [to] = args;
        if (!to || args.length !== 1) usage('set takes one phase, e.g. set shadowing');
        change = await store.change(
          { scope: 'migration', to: to as MigrationPhase },
          who,
          values.why,
        );
      } else {
        const [group, to] = args;
        if (!group || !to || args.length !== 2) usage('group takes a name and a phase');
        change = await store.change(
          { scope: 'group', group, to: to as GroupPhase },
          who,
          values.why,
        );
      }
      console.log(values.json ? JSON.stringify(change) : describe(change));
    }
  } catch (err) {
    if (err instanceof ImpossibleTransition) {
      console.error(`cutover: refused (${err.reason}): ${err.message}`);
      process.exitCode = 2;
    } else {
      throw err;
    }
  } finally {
    await nc.close();
  }
}

main().catch((err: unknown) => {
  console.error(`cutover: ${(err as Error).message}`);
  process.exit(1);
});
