'use client';

import { useMemo } from 'react';
import { electionLabel, latestCluster, type ClusterEvent } from '@/lib/cluster';
import { useCluster } from './use-cluster';
import { usePhaseAnnotations } from './use-phase-annotations';

/** A marker on the latency charts' time axis. */
export interface ChartAnnotation {
  atMs: number;
  label: string;
  kind: 'phase' | 'election';
}

/**
 * What the latency charts mark on their time axis: the recorded phase changes and the
 * leader elections of both clusters ("NATS: IOT_SENSORS leader → cutover-n2", "Kafka:
 * controller → node 3"), so a p99 spike sits next to its cause.
 */
export function useChartAnnotations(): ChartAnnotation[] {
  const phases = usePhaseAnnotations();
  const state = useCluster();
  const response = latestCluster(state);
  const elections = electionMarks(response?.type === 'live' ? response.events : []);
  // A new array every poll; keep the same one while nothing changed (the chart is memoised).
  const key = JSON.stringify(elections);
  return useMemo(
    () => [...phases.map((p) => ({ ...p, kind: 'phase' as const })), ...elections],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [phases, key],
  );
}

/**
 * One marker per backend and instant: a poll that sees several topics' leaders move at
 * once would otherwise draw their labels over each other ("… and 2 more"; the cluster
 * page lists them all).
 */
function electionMarks(events: readonly ClusterEvent[]): ChartAnnotation[] {
  const groups = new Map<string, ClusterEvent[]>();
  for (const e of events) {
    const key = `${e.atMs}|${e.backend}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((g) => ({
    atMs: g[0]!.atMs,
    label: electionLabel(g[0]!) + (g.length > 1 ? ` and ${g.length - 1} more` : ''),
    kind: 'election',
  }));
}
