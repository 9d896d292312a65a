/**
 * npm run record -- --out FILE --duration S [--note TEXT] [--no-board] [--rate N]
 * Records a run as a version 2 recording (docs/recording.md) that the dashboard replays:
 * everything Cutover publishes on NATS (latency windows of every metric, parity), and
 * unless --no-board, every 2 s the consumer-group board (Kafka lag, JetStream pending /
 * ack pending) and both clusters' health, phase changes with who, when and why, leader
 * elections, and the go / no-go gate whenever its verdict changes.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { ClusterMonitor, clusterMonitorOptions } from '@/lib/cluster/server';
import { loadMigrationConfig, serverConfig } from '@/lib/config';
import { LatencyReceiver } from '@/lib/latency';
import {
  evaluateGate,
  slaPeriodMs,
  type GateVerdict,
  type MigrationSnapshot,
  type MigrationState,
  type PhaseChange,
} from '@/lib/migration';
import { MigrationMonitor } from '@/lib/migration/server';
import { ParityRuns } from '@/lib/parity';
import { RecordingLineRefused, RecordingWriter } from '@/lib/replay/server';
import { SUBJECT_ROOT } from '@/lib/samples';

const USAGE =
  'npm run record -- --out data/recordings/NAME.ndjson.gz --duration SECONDS [--note TEXT] [--no-board] [--rate MSG_PER_S]';
/** The board is polled as the dashboard polls it. */
const BOARD_EVERY_MS = 2_000;
/** A gate verdict is written when it changes, and at least this often (ms). */
const GATE_EVERY_MS = 30_000;

function fail(message: string): never {
  console.error(`record: ${message}\nUsage: ${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: 'string' },
        duration: { type: 'string' },
        note: { type: 'string' },
        'no-board': { type: 'boolean', default: false },
        rate: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const out = values.out ?? fail('--out is required');
  const seconds = Number(values.duration ?? fail('--duration is required'));
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds > 24 * 3600)
    fail(`--duration must be 1..86400 seconds, got "${values.duration}"`);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(rate >= 0)) fail(`--rate must be a number, got "${values.rate}"`);

  const config = serverConfig();
  const migration = loadMigrationConfig();
  const { gate } = migration;
  const monitor = values['no-board']
    ? null
    : new MigrationMonitor(config, migration, { intervalMs: BOARD_EVERY_MS });
  // The gate's cluster check reads both clusters as the dashboard's server does.
  const cluster = monitor
    ? new ClusterMonitor({
        ...clusterMonitorOptions(config, migration),
        intervalMs: BOARD_EVERY_MS,
      })
    : null;
  await cluster?.start();
  // The board as it stands before anything is recorded: the header's starting state.
  const first = monitor ? await monitor.poll() : null;
  const startMs = Date.now();
  const writer = new RecordingWriter(out, {
    recordedAt: new Date(startMs).toISOString(),
    durationMs: seconds * 1000,
    ...(values.note && { note: values.note }),
    stack: config.replicas > 1 ? 'cluster' : 'single',
    ...(rate !== undefined && { ratePerSecond: rate }),
    ...(first && {
      groups: migration.consumerGroups.map(({ name, language, kafkaGroupId, stream, durable }) => ({
        name,
        language,
        kafkaGroupId,
        stream,
        durable,
      })),
      migration: {
        standbyHours: migration.migration.standbyHours,
        state: stateOf(first),
        history: first.type === 'live' ? first.history : [],
      },
    }),
  });
  const counts = { msg: 0, groups: 0, phase: 0, gate: 0, cluster: 0, refused: 0 };
  const write = (kind: keyof typeof counts, line: () => void) => {
    try {
      line();
      counts[kind] += 1;
    } catch (err) {
      if (!(err instanceof RecordingLineRefused)) throw err;
      counts.refused += 1;
    }
  };

  // The recorder keeps its own view of the windows, as a tab would, to judge the gate.
  const live = new LatencyReceiver({ skewToleranceMs: config.skewToleranceMs });
  const parity = new ParityRuns();
  let lastSeenMs: number | null = null;
  const nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
    name: 'cutover-recorder',
  });
  nc.subscribe(`${SUBJECT_ROOT}.>`, {
    callback: (_e, m) => {
      const nowMs = Date.now();
      const body = m.string();
      write('msg', () => writer.message(m.subject, body, nowMs));
      lastSeenMs = nowMs;
      if (m.subject.startsWith(`${SUBJECT_ROOT}.samples.`))
        live.receive(m.data, 'nats', nowMs, { type: 'nats', subject: m.subject });
      else if (m.subject.startsWith(`${SUBJECT_ROOT}.parity.`)) parity.receive(m.data);
    },
  });

  const seen = new Set((first?.type === 'live' ? first.history : []).map(changeKey));
  let lastGate: { key: string; atMs: number } | null = null;
  let clusterAtMs = 0;
  const elections = new Set<string>();
  // Each new cluster poll as /api/cluster serves it, and elections seen since the start.
  const recordCluster = () => {
    const r = cluster?.response();
    if (r?.type !== 'live' || r.snapshot.atMs === clusterAtMs) return;
    clusterAtMs = r.snapshot.atMs;
    write('cluster', () =>
      writer.clusterSnapshot(null, { snapshot: r.snapshot, health: r.health }, clusterAtMs),
    );
    for (const e of [...r.events].reverse()) {
      const key = `${e.atMs}|${e.backend}|${e.kind}|${e.detail}`;
      if (elections.has(key) || e.atMs < startMs) continue;
      elections.add(key);
      write('cluster', () => writer.cluster(e));
    }
  };
  const poll = async () => {
    if (!monitor) return;
    recordCluster();
    const snap = await monitor.poll();
    const nowMs = Date.now();
    if (snap.type !== 'live') return;
    write('groups', () => writer.groups(snap.groups, nowMs));
    for (const change of [...snap.history].reverse()) {
      if (seen.has(changeKey(change))) continue;
      seen.add(changeKey(change));
      write('phase', () => writer.phase(change, Math.max(startMs, change.sinceMs)));
    }
    const verdict = gateNow(snap, nowMs);
    const key = JSON.stringify([verdict.go, verdict.checks.map((c) => c.state)]);
    if (lastGate?.key !== key || nowMs - lastGate.atMs >= GATE_EVERY_MS) {
      write('gate', () => writer.gate(verdict, nowMs));
      lastGate = { key, atMs: nowMs };
    }
  };
  const gateNow = (snap: MigrationSnapshot & { type: 'live' }, nowMs: number): GateVerdict =>
    evaluateGate(
      {
        nowMs,
        slaMs: config.slaMs,
        target: live.all.summary(gate.targetBackend, slaPeriodMs(gate), config.slaMs * 1000),
        targetSource: 'server',
        parity: parity.latest(),
        groups: { type: 'live', rows: snap.groups },
        transports: { nats: { status: { type: 'connected' }, lastSeenMs } },
        backendsAcceptedAtMs: { [gate.targetBackend]: live.all.acceptedAt(gate.targetBackend) },
        cluster: cluster?.evidence(nowMs) ?? { type: 'unavailable', reason: 'not polled' },
      },
      gate,
    );

  const board = setInterval(() => {
    poll().catch((err: unknown) =>
      console.error(`\nrecord: board poll: ${(err as Error).message}`),
    );
  }, BOARD_EVERY_MS);
  const progress = setInterval(() => {
    const elapsed = Math.round((Date.now() - startMs) / 1000);
    const bar = '█'.repeat(Math.round((30 * elapsed) / seconds)).padEnd(30, '░');
    process.stderr.write(
      `\rrecording ${bar} ${elapsed}/${seconds} s, ${counts.msg} messages, ${counts.groups} board polls, ${counts.phase} phase changes`,
    );
  }, 1000);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(board);
  clearInterval(progress);
  // A last poll: a change made in the final seconds is in the recording too.
  await poll().catch((err: unknown) =>
    console.error(`\nrecord: board poll: ${(err as Error).message}`),
  );
  await nc.drain();
  await Promise.all([monitor?.stop(), cluster?.stop()]);
  await writer.close();
  const bytes = statSync(out).size;
  console.error(
    `\nrecorded to ${out} (${(bytes / 1e6).toFixed(2)} MB): ${counts.msg} messages, ${counts.groups} board polls, ${counts.phase} phase changes, ${counts.gate} gate verdicts, ${counts.cluster} cluster lines` +
      (counts.refused > 0 ? `; ${counts.refused} lines refused (docs/recording.md)` : ''),
  );
}

/** The phases the board showed, as the store holds them. */
function stateOf(snap: MigrationSnapshot): MigrationState {
  if (snap.type !== 'live') return { migration: null, groups: {} };
  return {
    migration: snap.record,
    groups: Object.fromEntries(snap.groups.map((g) => [g.name, g.record])),
  };
}

function changeKey(c: PhaseChange): string {
  return `${c.scope}|${c.scope === 'group' ? c.group : ''}|${c.phase}|${c.sinceMs}`;
}

main().catch((err: unknown) => {
  console.error(`record: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
