import type { GroupPhase, MigrationPhase } from '@/lib/migration';
import type { RecordedGroup } from '@/lib/replay';
import { readRecording, RecordingWriter } from '@/lib/replay/server';

/**
 * The demo Cutover shipped before recordings carried the board: version 1, 3 minutes of a
 * real probe run at 2,000 msg/s (1,260 messages). Kept so old recordings stay tested.
 */
export const DEMO_V1 = 'lib/replay/fixtures/demo-v1.ndjson.gz';

/**
 * Test support: a version 2 recording told over DEMO_V1's real windows, with a scripted
 * migration on top, so tests can assert on phases, lags and marks they know. Not a real
 * run: the shipped demo (data/recordings) is the real one.
 */
export const STORY_GROUPS: RecordedGroup[] = [
  {
    name: 'telemetry-ingest',
    language: 'go',
    kafkaGroupId: 'telemetry-ingest',
    stream: 'IOT_SENSORS',
    durable: 'telemetry-ingest',
  },
  {
    name: 'alerting',
    language: 'rust',
    kafkaGroupId: 'alerting',
    stream: 'IOT_SENSORS',
    durable: 'alerting',
  },
];

type Step =
  | { atS: number; scope: 'migration'; to: MigrationPhase; from: MigrationPhase }
  | { atS: number; scope: 'group'; group: string; to: GroupPhase; from: GroupPhase };

/** The scripted phase changes, seconds into the recording. */
export const STORY_STEPS: Step[] = [
  { atS: 10, scope: 'migration', from: 'proof-of-concept', to: 'shadowing' },
  { atS: 30, scope: 'group', group: 'telemetry-ingest', from: 'kafka-only', to: 'shadow' },
  { atS: 40, scope: 'group', group: 'alerting', from: 'kafka-only', to: 'shadow' },
  { atS: 90, scope: 'group', group: 'telemetry-ingest', from: 'shadow', to: 'dual-read' },
  { atS: 95, scope: 'group', group: 'alerting', from: 'shadow', to: 'dual-read' },
  { atS: 110, scope: 'migration', from: 'shadowing', to: 'cutover' },
  { atS: 120, scope: 'group', group: 'telemetry-ingest', from: 'dual-read', to: 'cut-over' },
  { atS: 140, scope: 'group', group: 'alerting', from: 'dual-read', to: 'cut-over' },
  { atS: 160, scope: 'migration', from: 'cutover', to: 'standby' },
];

/** The corruption the story injects, and the NATS node it fails (seconds). */
export const STORY_FAULT_S = 60;
export const STORY_NODE_DOWN_S = 80;
export const STORY_LEADER_S = 85;
/** The board is polled every 2 s from here. */
export const STORY_POLL_MS = 2_000;

/** The NATS cluster is degraded from the node failure until this many seconds in. */
export const STORY_HEALED_S = 90;

/** Both clusters' health at a poll `s` seconds in, as lib/cluster's ClusterHealth. */
export function storyHealth(atMs: number, s: number) {
  const down = s >= STORY_NODE_DOWN_S && s < STORY_HEALED_S;
  return {
    atMs,
    verdict: down ? 'degraded' : 'healthy',
    problems: down ? ['NATS cutover-n1 is down'] : [],
    unknowns: [],
    evidence: {
      nats: down ? '2 of 3 nodes up' : '3 of 3 nodes up, every replica current',
      kafka: '3 of 3 brokers up, no under-replicated partition',
    },
    nats: { rows: [], note: null },
    kafka: { rows: [], topics: [], note: null },
  };
}

/** A group's Kafka lag and JetStream pending at a poll `s` seconds in. */
export function storyLag(group: string, s: number): { lag: number; pending: number } {
  return group === 'alerting' ? { lag: 2 * s, pending: s % 7 } : { lag: 100 + s, pending: s % 5 };
}

/** Writes the story over `source` (DEMO_V1 by default) to `file`. */
export async function writeStoryRecording(file: string, source = DEMO_V1): Promise<void> {
  const demo = readRecording(source);
  const start = demo.startMs;
  const w = new RecordingWriter(file, {
    recordedAt: demo.header.recordedAt,
    durationMs: demo.durationMs,
    note: 'test story: the version 1 demo with a scripted migration on top',
    scenario: 'test-story',
    stack: 'single',
    ratePerSecond: 2000,
    groups: STORY_GROUPS,
    migration: {
      standbyHours: 72,
      state: {
        migration: null,
        groups: Object.fromEntries(STORY_GROUPS.map((g) => [g.name, null])),
      },
      history: [],
    },
  });
  for (const m of demo.messages) w.message(m.s, m.d, start + m.t);
  for (const step of STORY_STEPS) {
    const sinceMs = start + step.atS * 1000;
    const record = { from: step.from, sinceMs, who: 'ana', why: `story step at ${step.atS} s` };
    w.phase(
      step.scope === 'migration'
        ? { scope: 'migration', phase: step.to, ...record, from: step.from }
        : { scope: 'group', group: step.group, phase: step.to, ...record, from: step.from },
      sinceMs,
    );
  }
  for (let ms = STORY_POLL_MS; ms <= demo.durationMs; ms += STORY_POLL_MS) {
    const s = ms / 1000;
    w.groups(
      STORY_GROUPS.map((g) => {
        const { lag, pending } = storyLag(g.name, s);
        return {
          ...g,
          phase: 'kafka-only',
          record: null,
          kafka: { type: 'ok', lag, partitions: 3 },
          jetstream: { type: 'ok', pending, ackPending: 1, redelivered: 0 },
          lagTrend: [],
          pendingTrend: [],
        };
      }),
      start + ms,
    );
    w.clusterSnapshot(null, { health: storyHealth(start + ms, s) }, start + ms);
  }
  w.fault(
    'corruption',
    'one message altered on the NATS side; parity counted a mismatch',
    'nats',
    start + STORY_FAULT_S * 1000,
  );
  w.cluster({
    atMs: start + STORY_NODE_DOWN_S * 1000,
    backend: 'nats',
    kind: 'node-down',
    detail: 'cutover-n1 stopped',
  });
  w.cluster({
    atMs: start + STORY_LEADER_S * 1000,
    backend: 'nats',
    kind: 'leader-elected',
    detail: 'cutover-n2 leads IOT_SENSORS',
  });
  w.clusterSnapshot(
    'nats',
    { nodes: ['cutover-n2', 'cutover-n3'], leader: 'cutover-n2' },
    start + STORY_LEADER_S * 1000,
  );
  for (const [s, go] of [
    [100, false],
    [105, true],
    [150, true],
  ] as const)
    w.gate({ go, checks: [] }, start + s * 1000);
  w.probe('probe-vm', { ratePerSecond: 2000, sendDelayP99Ms: 0.9 }, start + 30_000);
  await w.close();
}
