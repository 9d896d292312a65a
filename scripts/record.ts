/**
 * npm run record -- --out FILE --duration S [--note TEXT] [--no-board] [--rate N]
 * npm run record -- --scenario migration [--minutes M] [--rate N] [--out FILE]
 * Records a run as a version 2 recording (docs/recording.md) that the dashboard replays:
 * everything Cutover publishes (latency windows of every metric, parity), and unless
 * --no-board, every 2 s the consumer-group board (Kafka lag, JetStream pending / ack
 * pending) and both clusters' health, phase changes with who, when and why, leader
 * elections, and the go / no-go gate whenever its verdict changes. With --scenario, the
 * run is scripted too (scripts/record/scenario.ts): probes, phase changes and faults.
 */
import { parseArgs } from 'node:util';
import { loadMigrationConfig, serverConfig } from '@/lib/config';
import { Recorder } from './record/recorder';
import { runMigrationScenario, SCENARIOS } from './record/scenario';

const USAGE =
  'npm run record -- --out data/recordings/NAME.ndjson.gz --duration SECONDS [--note TEXT] [--no-board] [--rate MSG_PER_S]\n' +
  `       npm run record -- --scenario ${SCENARIOS.join('|')} [--minutes M (default 10)] [--rate MSG_PER_S (default 1000)] [--out FILE (default data/recordings/demo.ndjson.gz)]`;

function fail(message: string): never {
  console.error(`record: ${message}\nUsage: ${USAGE}`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        out: { type: 'string' },
        duration: { type: 'string' },
        note: { type: 'string' },
        'no-board': { type: 'boolean', default: false },
        rate: { type: 'string' },
        scenario: { type: 'string' },
        minutes: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
}

async function main(): Promise<void> {
  const values = parse();
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(rate >= 0)) fail(`--rate must be a number, got "${values.rate}"`);

  if (values.scenario !== undefined) {
    if (values.scenario !== 'migration')
      fail(`unknown scenario "${values.scenario}"; scenarios: ${SCENARIOS.join(', ')}`);
    const minutes = Number(values.minutes ?? 10);
    if (!(minutes >= 1 && minutes <= 120))
      fail(`--minutes must be 1..120, got "${values.minutes}"`);
    if (rate !== undefined && !(Number.isInteger(rate) && rate > 0))
      fail(`--rate must be a positive integer, got "${values.rate}"`);
    await runMigrationScenario({
      out: values.out ?? 'data/recordings/demo.ndjson.gz',
      minutes,
      ratePerSecond: rate ?? 1000,
    });
    return;
  }

  const out = values.out ?? fail('--out is required');
  const seconds = Number(values.duration ?? fail('--duration is required'));
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds > 24 * 3600)
    fail(`--duration must be 1..86400 seconds, got "${values.duration}"`);
  const recorder = await Recorder.start({
    out,
    durationMs: seconds * 1000,
    ...(values.note && { note: values.note }),
    ...(rate !== undefined && { ratePerSecond: rate }),
    noBoard: values['no-board'],
    config: serverConfig(),
    migration: loadMigrationConfig(),
  });
  const { counts } = recorder;
  const progress = setInterval(() => {
    const elapsed = Math.round((Date.now() - recorder.startMs) / 1000);
    const bar = '█'.repeat(Math.round((30 * elapsed) / seconds)).padEnd(30, '░');
    process.stderr.write(
      `\rrecording ${bar} ${elapsed}/${seconds} s, ${counts.msg} messages, ${counts.groups} board polls, ${counts.phase} phase changes`,
    );
  }, 1000);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(progress);
  const bytes = await recorder.stop();
  console.error(
    `\nrecorded to ${out} (${(bytes / 1e6).toFixed(2)} MB): ${counts.msg} messages, ${counts.groups} board polls, ${counts.phase} phase changes, ${counts.gate} gate verdicts, ${counts.cluster} cluster lines` +
      (counts.refused > 0 ? `; ${counts.refused} lines refused (docs/recording.md)` : ''),
  );
}

main().catch((err: unknown) => {
  console.error(`record: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
