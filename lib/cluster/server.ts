import {
  loadMigrationConfig,
  serverConfig,
  type MigrationConfig,
  type ServerConfig,
} from '@/lib/config';
import { loadedReplay } from '@/lib/ingest';
import { clusterResponseAt } from '@/lib/replay/server';
import { ClusterMonitor, type ClusterMonitorOptions } from './monitor';
import type { ClusterEvidence, ClusterResponse } from './types';

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
  return Response.json(clusterResponseAt(replay.recording, positionMs), { headers });
}
