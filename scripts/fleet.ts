/**
 * npm run fleet -- --probes N [probe flags]: N probe processes on this host that split one
 * rate, each its shard i/N with probe id <base>-i. Each line they print is prefixed with
 * their id; Ctrl-C reaches each of them once, so each drains and prints its JSON summary.
 * On several hosts, start the probes there with --shard yourself: docs/fleet.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { ConfigError, serverConfig } from '@/lib/config';
import { ParityStore } from '@/lib/probe';
import { ID_PATTERN } from '@/lib/samples';

const HELP = `Usage: npm run fleet -- --probes N [--probe-id BASE] [probe flags]

Starts N probes on this host (npm run probe), probe i (1..N) with --shard i/N and
--probe-id BASE-i, so that together they send --rate (the fleet's total: each sends its
share), write the --devices population once (each its own range) and never the same
message id. Every other flag goes to every probe: npm run probe -- --help lists them.

  --probes N          how many probe processes (required)
  --probe-id BASE     their ids are BASE-1 … BASE-N (default probe-<host>)
  --reset-ledger      reset the parity ledger once, before any probe starts (each probe
                      resetting it would wipe what the others had saved meanwhile)
  --help              this text

Each line of a probe's output is prefixed with its id. Ctrl-C is passed on once to every
probe: each drains and prints its JSON summary; a second Ctrl-C stops them at once. If
one probe fails, the others are stopped: a fleet short of a shard no longer sends --rate.
Probes on several hosts: docs/fleet.md.`;

const PROBE = fileURLToPath(new URL('./probe.ts', import.meta.url));

function fail(message: string): never {
  console.error(`fleet: ${message}\n\nRun "npm run fleet -- --help" for the flags.`);
  process.exit(2);
}

interface FleetArgs {
  probes: number;
  base: string;
  resetLedger: boolean;
  ledger: string;
  /** Everything else, for every probe. */
  probeArgs: string[];
}

/** Takes the fleet's own flags out of argv; the rest are the probes' to judge. */
function parse(argv: string[]): FleetArgs | 'help' {
  let probes: string | undefined;
  let base = `probe-${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 58);
  let resetLedger = false;
  let ledger = 'default';
  const probeArgs: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined) fail(`${flag} needs a value`);
      i += 1;
      return next;
    };
    if (flag === '--help') return 'help';
    else if (flag === '--probes') probes = value();
    else if (flag === '--probe-id') base = value();
    else if (flag === '--reset-ledger') resetLedger = true;
    else if (flag === '--shard') fail('--shard is set by the fleet: each probe gets its own');
    else if (flag === '--ledger') {
      ledger = value();
      probeArgs.push('--ledger', ledger);
    } else probeArgs.push(arg);
  }
  const n = Number(probes);
  if (probes === undefined) fail('--probes N is required');
  if (!Number.isInteger(n) || n <= 0) fail(`--probes must be a positive integer, got "${probes}"`);
  if (!ID_PATTERN.test(`${base}-${n}`))
    fail(`--probe-id must leave room for -${n} within ${ID_PATTERN.source}`);
  return { probes: n, base, resetLedger, ledger, probeArgs };
}

async function resetLedger(ledger: string): Promise<void> {
  let config;
  try {
    config = serverConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
  });
  try {
    await (await ParityStore.open(nc, ledger, config.replicas)).reset();
  } finally {
    await nc.close();
  }
  console.error(`fleet: ledger "${ledger}" reset`);
}

/** Writes each line of a stream to `out`, prefixed. */
function prefixLines(from: NodeJS.ReadableStream, prefix: string, out: NodeJS.WriteStream): void {
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) =>
    out.write(`${prefix}${line}\n`),
  );
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args === 'help') return void console.log(HELP);
  if (args.resetLedger) await resetLedger(args.ledger);

  const ids = Array.from({ length: args.probes }, (_, i) => `${args.base}-${i + 1}`);
  const width = Math.max(...ids.map((id) => id.length));
  const alive = new Set<ChildProcess>();
  let stopping = false;
  let interrupts = 0;
  let worst = 0;

  const stopAll = () => {
    for (const child of alive) child.kill('SIGINT');
  };
  const exited = ids.map(
    (id, i) =>
      new Promise<void>((resolve) => {
        // A process group of its own: a terminal's Ctrl-C reaches the fleet only, which
        // passes it on once; the probe would take a second SIGINT as "stop at once".
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            PROBE,
            ...args.probeArgs,
            '--shard',
            `${i + 1}/${args.probes}`,
            '--probe-id',
            id,
          ],
          { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
        );
        alive.add(child);
        const prefix = `[${id.padEnd(width)}] `;
        prefixLines(child.stdout, prefix, process.stdout);
        prefixLines(child.stderr, prefix, process.stderr);
        child.on('exit', (code, signal) => {
          alive.delete(child);
          const status = code ?? (signal ? 1 : 0);
          worst = Math.max(worst, status);
          if (status !== 0 && !stopping) {
            console.error(`fleet: ${id} exited (${signal ?? code}); stopping the others`);
            stopping = true;
            stopAll();
          }
          resolve();
        });
      }),
  );

  const interrupt = () => {
    interrupts += 1;
    stopping = true;
    if (interrupts === 1) console.error('fleet: stopping every probe (Ctrl-C again: at once)…');
    stopAll();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  // Children in groups of their own outlive an abrupt end of the fleet unless told.
  process.on('exit', () => {
    for (const child of alive) child.kill('SIGTERM');
  });

  await Promise.all(exited);
  process.exit(worst);
}

main().catch((err: unknown) => {
  console.error(`fleet: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
