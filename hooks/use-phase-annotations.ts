'use client';

import { useMemo } from 'react';
import type { PhaseAnnotation } from '@/lib/migration';
import { useMigration } from './use-migration';

/** Recorded phase changes as chart annotations ("shadowing", "alerting: dual-read"). */
export function usePhaseAnnotations(): PhaseAnnotation[] {
  const state = useMigration();
  const history =
    state.type === 'ok' && state.snapshot.type === 'live' ? state.snapshot.history : [];
  const annotations = history.map((c) => ({
    atMs: c.sinceMs,
    label: c.scope === 'migration' ? c.phase : `${c.group}: ${c.phase}`,
  }));
  // Every poll brings a new array; keep the same one while nothing changed, so the
  // memoised chart does not redraw every 2 s for nothing.
  const key = JSON.stringify(annotations);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => annotations, [key]);
}
