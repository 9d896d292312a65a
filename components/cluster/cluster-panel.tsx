'use client';

import { card, muted } from '@/components/ui';
import { useCluster } from '@/hooks/use-cluster';
import { latestCluster, type ClusterHealth } from '@/lib/cluster';
import { formatClock } from '@/lib/latency';
import { Chip, type Tone } from './chips';
import { ClusterSkeleton } from './cluster-skeleton';
import { ElectionList } from './election-list';
import { KafkaNodes } from './kafka-nodes';
import { NatsNodes } from './nats-nodes';
import { StaleAnswer } from '@/components/stale-answer';

const VERDICT: Record<ClusterHealth['verdict'], { tone: Tone; text: string }> = {
  healthy: { tone: 'ok', text: 'HEALTHY' },
  degraded: { tone: 'bad', text: 'DEGRADED' },
  unknown: { tone: 'warn', text: 'NO EVIDENCE' },
};

/**
 * Both clusters per node, from the server's poll of the NATS monitoring endpoints and the
 * Kafka admin API (every 2 s), with the verdict the gate's cluster check uses; in a replay,
 * as the recording holds them at the tab's position.
 */
export function ClusterPanel() {
  const state = useCluster();
  const response = latestCluster(state);
  if (response === null) {
    return state.type === 'error' ? (
      <p className={`${card} ${muted}`} role="status">
        Cluster view unavailable: {state.message}
      </p>
    ) : (
      <ClusterSkeleton />
    );
  }
  if (response.type === 'unavailable') {
    return (
      <p className={`${card} border-dashed ${muted}`} data-testid="cluster-unavailable">
        No data: {response.reason}.
      </p>
    );
  }
  const { snapshot, health, events } = response;
  const verdict = VERDICT[health.verdict];
  return (
    <div className="space-y-6">
      <section className={card} aria-label="cluster health" data-testid="cluster-health">
        <header className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="flex items-center gap-3 text-lg font-semibold">
            Replication{' '}
            <span data-testid="cluster-verdict" data-verdict={health.verdict}>
              <Chip tone={verdict.tone}>{verdict.text}</Chip>
            </span>
          </h2>
          <p className={`text-xs ${muted}`}>
            {state.type === 'error' ? (
              <StaleAnswer message={state.message} />
            ) : response.replay ? (
              <span data-testid="cluster-replay">
                {`replay: as recorded at ${formatClock(snapshot.atMs)} · ${snapshot.expectedReplicas} replica${snapshot.expectedReplicas === 1 ? '' : 's'} expected`}
              </span>
            ) : (
              `polled ${formatClock(snapshot.atMs)} · every 2 s · ${snapshot.expectedReplicas} replica${snapshot.expectedReplicas === 1 ? '' : 's'} expected`
            )}
          </p>
        </header>
        {health.problems.length + health.unknowns.length > 0 ? (
          <ul className="mt-3 space-y-1 text-sm" data-testid="cluster-reasons">
            {health.problems.map((p) => (
              <li key={p} className="text-red-700 dark:text-red-300">
                ✗ {p}
              </li>
            ))}
            {health.unknowns.map((u) => (
              <li key={u} className="text-amber-700 dark:text-amber-300">
                ? {u}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-sm text-emerald-700 dark:text-emerald-300">
            Every stream replica in sync, every partition&apos;s ISR complete.
          </p>
        )}
        <dl className={`mt-3 grid gap-1 text-xs ${muted} sm:grid-cols-[4rem_1fr]`}>
          <dt className="font-medium">NATS</dt>
          <dd data-testid="cluster-evidence-nats">{health.evidence.nats}</dd>
          <dt className="font-medium">Kafka</dt>
          <dd data-testid="cluster-evidence-kafka">{health.evidence.kafka}</dd>
        </dl>
      </section>
      <NatsNodes view={snapshot.nats} health={health.nats} />
      <KafkaNodes view={snapshot.kafka} health={health.kafka} />
      <ElectionList events={events} />
    </div>
  );
}
