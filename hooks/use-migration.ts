'use client';

import { useEffect, useState } from 'react';
import { subscribeMigration, type MigrationFeedState } from '@/lib/migration';

/** The server's migration snapshot (phases, groups, history), refreshed every 2 s. */
export function useMigration(): MigrationFeedState {
  const [state, setState] = useState<MigrationFeedState>({ type: 'loading' });
  useEffect(() => subscribeMigration(setState), []);
  return state;
}
