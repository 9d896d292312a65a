'use client';

import { useMemo } from 'react';
import type { PhaseAnnotation } from '@/components/latency/percentile-chart';
import { useMigration } from './use-migration';

/** Recorded phase changes as chart annotations ("shadowing", "alerting: dual-read"). */
export function usePhaseAnnotations(): PhaseAnnotation[] {
  const state = useMigration();
  const history =
    state.type === 'ok' && state.snapshot.type === 'live' ? state.snapshot.history : null;
  return useMemo(
    () =>
      (history ?? []).map((c) => ({
        atMs: c.sinceMs,
        label: c.scope === 'migration' ? c.phase : `${c.group}: ${c.phase}`,
      })),
    [history],
  );
}
