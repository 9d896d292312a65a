'use client';

import { useMemo } from 'react';
import { electionLabel, latestCluster } from '@/lib/cluster';
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
  const elections = (response?.type === 'live' ? response.events : []).map((e) => ({
    atMs: e.atMs,
    label: electionLabel(e),
    kind: 'election' as const,
  }));
  // A new array every poll; keep the same one while nothing changed (the chart is memoised).
  const key = JSON.stringify(elections);
  return useMemo(
    () => [...phases.map((p) => ({ ...p, kind: 'phase' as const })), ...elections],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [phases, key],
  );
}
