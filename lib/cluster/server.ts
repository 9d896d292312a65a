import {
  loadMigrationConfig,
  serverConfig,
  type MigrationConfig,
  type ServerConfig,
} from '@/lib/config';
import { loadedReplay } from '@/lib/ingest';
import type { Recording } from '@/lib/replay';
import { clusterAt } from '@/lib/replay/server';
import { ClusterMonitor, type ClusterMonitorOptions } from './monitor';
import type {
  ClusterEvent,
  ClusterEvidence,
  ClusterHealth,
  ClusterResponse,
  ClusterSnapshot,
} from './types';

export { ClusterMonitor, type ClusterMonitorOptions } from './monitor';
export { subscribeLeaderElected } from './advisories';

/** The case study's source topic, as the probe writes it (lib/probe CASE_STUDY_NAMES). */
export const SOURCE_TOPIC = 'iot-sensor-v1';

/**
 * What to watch: every node of both clusters, the streams the consumer groups read
 * (the case study's IOT_SENSORS unless configured otherwise), the source topic, the
 * topics Cutover's own samples and parity travel on, and Kafka's consumer offsets.
 */
export function clusterMonitorOptions(
  config: ServerConfig,
  migration: MigrationConfig,
): ClusterMonitorOptions {
  return {
    natsMonitorUrls: config.natsMonitorUrls,
    natsServers: config.natsServers,
    natsUser: config.natsUser,
    natsPass: config.natsPass,
    kafkaBrokers: config.kafkaBrokers,
    streams: [...new Set(migration.consumerGroups.map((g) => g.stream))],
    topics: [SOURCE_TOPIC, config.samplesTopic, config.parityTopic, '__consumer_offsets'],
    expectedReplicas: config.replicas,
    fallbackMinIsr: config.kafkaMinIsr,
  };
}

const holder = globalThis as typeof globalThis & { __cutoverCluster?: Promise<ClusterMonitor> };

/** One monitor per server process, started by the first request; null in a replay. */
function monitor(): Promise<ClusterMonitor> | null {
  const config = serverConfig();
  if (config.source.type === 'replay') return null;
  holder.__cutoverCluster ??= (async () => {
    const m = new ClusterMonitor(clusterMonitorOptions(config, loadMigrationConfig()));
    await m.start();
    return m;
  })().catch((err: unknown) => {
    // The next request tries again rather than inheriting this failure forever.
    holder.__cutoverCluster = undefined;
    throw err;
  });
  return holder.__cutoverCluster;
}

const REPLAY =
  'replay: the recording holds the clusters; each tab reads them at its own position from /api/cluster?positionMs=<ms>';

/** Both clusters, their health and the recent leader elections, for /api/cluster. */
export async function clusterSnapshot(): Promise<ClusterResponse> {
  const m = monitor();
  return m ? (await m).response() : { type: 'unavailable', reason: REPLAY };
}

/** Elections the list shows at most, as the live monitor keeps them. */
const REPLAY_EVENTS = 50;
const ELECTIONS: ReadonlySet<string> = new Set<ClusterEvent['kind']>([
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
export function replayedCluster(recording: Recording, positionMs: number): ClusterResponse {
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
      .map((e) => ({ ...e, kind: e.kind as ClusterEvent['kind'], source: e.source ?? 'poll' })),
    replay: { positionMs },
  };
}

/** The newest cluster health for the gate, with its age on this server's clock. */
export async function clusterEvidence(): Promise<ClusterEvidence> {
  const m = monitor();
  return m ? (await m).evidence() : { type: 'unavailable', reason: REPLAY };
}

/** GET /api/cluster; in a replay, `?positionMs=` is the tab's position in the recording. */
export async function clusterResponse(request: Request): Promise<Response> {
  const replay = loadedReplay();
  const headers = { 'cache-control': 'no-store' };
  if (!replay) return Response.json(await clusterSnapshot(), { headers });
  const asked = Number(
    new URL(request.url).searchParams.get('positionMs') ?? replay.info.durationMs,
  );
  const positionMs = Math.min(
    replay.info.durationMs,
    Math.max(0, Number.isFinite(asked) ? asked : 0),
  );
  return Response.json(replayedCluster(replay.recording, positionMs), { headers });
}
