import { clusterEvidence } from '@/lib/cluster/server';
import { loadMigrationConfig, serverConfig } from '@/lib/config';
import { serverMetrics } from '@/lib/metrics';
import { slaPeriodMs } from './gate';
import { MigrationMonitor, type MigrationSnapshot } from './monitor';

export { MigrationMonitor, type GroupRow, type MigrationSnapshot } from './monitor';
export { MigrationStore, type StoreOptions } from './store';
export { jetStreamBacklog, kafkaLag } from './lag';

const holder = globalThis as typeof globalThis & { __cutoverMonitor?: MigrationMonitor };

/**
 * The board's snapshot for /api/migration. One monitor per server process, started by
 * the first request; in replay mode there are no brokers to ask, and the answer says where
 * the recording's board is.
 */
export async function migrationSnapshot(): Promise<MigrationSnapshot> {
  const config = serverConfig();
  if (config.source.type === 'replay') {
    return {
      type: 'unavailable',
      reason:
        'replay: the recording holds the board; each tab reads it at its own position from /api/replay/migration?positionMs=<ms>',
    };
  }
  const migration = loadMigrationConfig();
  if (!holder.__cutoverMonitor) {
    holder.__cutoverMonitor = new MigrationMonitor(config, migration);
    await holder.__cutoverMonitor.start();
  }
  const snapshot = holder.__cutoverMonitor.snapshot();
  if (snapshot.type !== 'live') return snapshot;
  const { gate } = migration;
  const targetLatency = serverMetrics().ingest.summary(
    gate.targetBackend,
    slaPeriodMs(gate),
    config.slaMs * 1000,
  );
  return { ...snapshot, targetLatency, cluster: await clusterEvidence() };
}

/** GET /api/migration. */
export async function migrationResponse(): Promise<Response> {
  return Response.json(await migrationSnapshot(), {
    headers: { 'cache-control': 'no-store' },
  });
}
