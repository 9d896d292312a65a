import { z } from 'zod';
import type {
  ClusterEvent as LiveClusterEvent,
  ClusterEvidence,
  ClusterHealth,
  ClusterResponse,
  ClusterSnapshot,
} from '@/lib/cluster';
import type { GroupRow, MigrationSnapshot } from '@/lib/migration/monitor';
import { groupPhase, migrationPhase } from '@/lib/migration/phases';
import type { MigrationState, PhaseChange } from '@/lib/migration/types';
import { hasBoard, lastAtOrBefore, phasePositionMs } from './timeline';
import type { ClusterEvent, LineOf, Recording } from './types';

/** How far back the board's trends reach (ms), as the live board's 90 polls of 2 s. */
const TREND_MS = 180_000;
const TREND_POINTS = 90;
/** Phase changes the history lists, newest first (the live board keeps 100). */
const HISTORY_LIMIT = 100;

/** The live board's snapshot shape, marked as read from a recording. */
export type ReplayedMigrationSnapshot =
  | (Extract<MigrationSnapshot, { type: 'live' }> & {
      replay: { recordedAt: string; positionMs: number };
    })
  | Extract<MigrationSnapshot, { type: 'unavailable' }>;

/**
 * The consumer-group board, phases and history as they stood `positionMs` into the
 * recording: phases from the header's starting state plus every phase line up to then,
 * lag and backlog from the last board poll at or before it, trends from the polls of the
 * three minutes before. Times are the recording's own (the replay's clock).
 */
export function migrationAt(recording: Recording, positionMs: number): ReplayedMigrationSnapshot {
  const { header } = recording;
  if (!hasBoard(recording) || !header.groups) {
    return {
      type: 'unavailable',
      reason:
        header.v === 1
          ? `this recording (version 1, ${header.recordedAt.slice(0, 10)}) carries latency and parity only; consumer-group lag and phases are in version 2 recordings (npm run record)`
          : 'this recording carries no consumer-group board',
    };
  }
  const state = stateAt(recording, positionMs);
  const history = historyAt(recording, positionMs);
  const pollIndex = lastAtOrBefore(recording.groups, positionMs);
  const poll = pollIndex >= 0 ? recording.groups[pollIndex]! : null;
  const trend = trendPolls(recording.groups, pollIndex);
  const rowOf = (poll: LineOf<'groups'> | null, name: string) =>
    poll?.rows.find((r) => r.name === name);

  const groups: GroupRow[] = header.groups.map((g) => {
    const row = rowOf(poll, g.name);
    const notYet = 'not polled yet at this point of the recording';
    return {
      ...g,
      phase: groupPhase(state, g.name),
      record: state.groups[g.name] ?? null,
      kafka: row?.kafka ?? { type: 'error', message: notYet },
      jetstream: row?.jetstream ?? { type: 'error', message: notYet },
      ...(row?.probeConsumers && { probeConsumers: row.probeConsumers }),
      lagTrend: trend.map((p) => {
        const k = rowOf(p, g.name)?.kafka;
        return k?.type === 'ok' ? k.lag : null;
      }),
      pendingTrend: trend.map((p) => {
        const j = rowOf(p, g.name)?.jetstream;
        return j?.type === 'ok' ? j.pending : null;
      }),
    };
  });
  return {
    type: 'live',
    atMs: recording.startMs + (poll?.t ?? positionMs),
    phase: migrationPhase(state),
    record: state.migration,
    standbyHours: header.migration?.standbyHours ?? 72,
    groups,
    trendAtMs: trend.map((p) => recording.startMs + p.t),
    history,
    targetLatency: null,
    errors: { nats: null, kafka: null },
    cluster: clusterEvidenceAt(recording, positionMs),
    replay: { recordedAt: header.recordedAt, positionMs },
  };
}

/** The part of lib/cluster's ClusterHealth the gate reads; the rest passes through. */
const healthSchema = z
  .object({
    atMs: z.number(),
    verdict: z.enum(['healthy', 'degraded', 'unknown']),
    problems: z.array(z.string()),
    unknowns: z.array(z.string()),
    evidence: z.object({ nats: z.string(), kafka: z.string() }),
  })
  .passthrough();

/**
 * The gate's cluster evidence at a position: the last cluster snapshot carrying a
 * `health` (a recorded /api/cluster answer), aged by the recording's clock.
 */
export function clusterEvidenceAt(recording: Recording, positionMs: number): ClusterEvidence {
  for (let i = lastAtOrBefore(recording.clusterSnapshots, positionMs); i >= 0; i--) {
    const s = recording.clusterSnapshots[i]!;
    const health = healthSchema.safeParse((s.snapshot as { health?: unknown } | null)?.health);
    if (health.success)
      return {
        type: 'live',
        health: health.data as unknown as ClusterHealth,
        ageMs: positionMs - s.t,
      };
  }
  return { type: 'unavailable', reason: 'this recording carries no cluster health by then' };
}

/** The phases in force at a position: the header's starting state, then each change made by then. */
export function stateAt(recording: Recording, positionMs: number): MigrationState {
  const start = recording.header.migration?.state;
  const state: MigrationState = {
    migration: start?.migration ?? null,
    groups: { ...(start?.groups ?? {}) },
  };
  for (const g of recording.header.groups ?? []) state.groups[g.name] ??= null;
  for (const line of recording.phases) {
    if (phasePositionMs(recording, line) > positionMs) continue;
    const { scope, ...record } = line.change;
    if (scope === 'migration') state.migration = record as MigrationState['migration'];
    else {
      const { group, ...groupRecord } = record as typeof record & { group: string };
      state.groups[group] = groupRecord as MigrationState['groups'][string];
    }
  }
  return state;
}

/** Every change made by a position, newest first: the recording's, then the header's history. */
function historyAt(recording: Recording, positionMs: number): PhaseChange[] {
  const during = recording.phases
    .filter((line) => phasePositionMs(recording, line) <= positionMs)
    .map((line) => line.change)
    .reverse();
  return [...during, ...(recording.header.migration?.history ?? [])].slice(0, HISTORY_LIMIT);
}

/** The board polls within TREND_MS before poll `index` (it included), at most TREND_POINTS. */
function trendPolls(polls: readonly LineOf<'groups'>[], index: number): LineOf<'groups'>[] {
  if (index < 0) return [];
  const newest = polls[index]!.t;
  const out: LineOf<'groups'>[] = [];
  for (let i = index; i >= 0 && out.length < TREND_POINTS; i--) {
    const p = polls[i]!;
    if (p.t <= newest - TREND_MS) break;
    out.push(p);
  }
  return out.reverse();
}

/**
 * Cluster state at a position: its events so far (newest first) and the last snapshot of
 * each backend and of both (`all`).
 */
export interface ReplayedCluster {
  events: ClusterEvent[];
  snapshots: Partial<Record<'nats' | 'kafka' | 'all', { atMs: number; snapshot: unknown }>>;
}

/** The cluster events and latest snapshots as they stood `positionMs` into the recording. */
export function clusterAt(recording: Recording, positionMs: number): ReplayedCluster {
  const events = recording.cluster
    .slice(0, lastAtOrBefore(recording.cluster, positionMs) + 1)
    .map((c) => c.event)
    .reverse();
  const snapshots: ReplayedCluster['snapshots'] = {};
  const upTo = lastAtOrBefore(recording.clusterSnapshots, positionMs);
  for (let i = upTo; i >= 0; i--) {
    const s = recording.clusterSnapshots[i]!;
    snapshots[s.backend ?? 'all'] ??= { atMs: recording.startMs + s.t, snapshot: s.snapshot };
    if (snapshots.nats && snapshots.kafka && snapshots.all) break;
  }
  return { events, snapshots };
}

/** Elections the list shows at most, as the live monitor keeps them. */
const REPLAY_EVENTS = 50;
const ELECTIONS: ReadonlySet<string> = new Set<LiveClusterEvent['kind']>([
  'meta-leader',
  'stream-leader',
  'controller',
  'partition-leader',
]);

/**
 * Both clusters as the recording holds them `positionMs` into it: the last recorded
 * /api/cluster answer (snapshot and health) at or before it and the elections so far,
 * marked as a replay. A recording without cluster snapshots by then says so.
 */
export function clusterResponseAt(recording: Recording, positionMs: number): ClusterResponse {
  const { events, snapshots } = clusterAt(recording, positionMs);
  const recorded = snapshots.all?.snapshot as Partial<{
    snapshot: ClusterSnapshot;
    health: ClusterHealth;
  }> | null;
  if (!recorded?.snapshot?.nats || !recorded.snapshot.kafka || !recorded.health?.verdict) {
    return {
      type: 'unavailable',
      reason:
        recording.header.v === 1
          ? `replay: this recording (version 1, ${recording.header.recordedAt.slice(0, 10)}) carries latency and parity only; the clusters are in version 2 recordings (npm run record)`
          : recording.clusterSnapshots.length > 0
            ? 'replay: the recording has no cluster snapshot this early; play on'
            : 'replay: this recording carries no cluster view',
    };
  }
  return {
    type: 'live',
    snapshot: recorded.snapshot,
    health: recorded.health,
    events: events
      .filter((e) => ELECTIONS.has(e.kind))
      .slice(0, REPLAY_EVENTS)
      .reverse()
      .map((e) => ({ ...e, kind: e.kind as LiveClusterEvent['kind'], source: e.source ?? 'poll' })),
    replay: { positionMs },
  };
}

/** Each probe's newest summary at a position, by probe id. */
export function probesAt(
  recording: Recording,
  positionMs: number,
): Record<string, { atMs: number; summary: LineOf<'probe'>['summary'] }> {
  const out: Record<string, { atMs: number; summary: LineOf<'probe'>['summary'] }> = {};
  for (let i = lastAtOrBefore(recording.probes, positionMs); i >= 0; i--) {
    const p = recording.probes[i]!;
    out[p.probe] ??= { atMs: recording.startMs + p.t, summary: p.summary };
  }
  return out;
}
