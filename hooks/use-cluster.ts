'use client';

import { useEffect, useState } from 'react';
import { subscribeCluster, type ClusterFeedState } from '@/lib/cluster';

/**
 * Both clusters as the server sees them (nodes, health, elections), every 2 s and at
 * once when the tab comes back into view.
 */
export function useCluster(): ClusterFeedState {
  const [state, setState] = useState<ClusterFeedState>({ type: 'loading' });
  useEffect(() => subscribeCluster(setState), []);
  return state;
}
