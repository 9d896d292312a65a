'use client';

import { useEffect, useState } from 'react';
import { refreshCluster, subscribeCluster, type ClusterFeedState } from '@/lib/cluster';

/** Both clusters as the server sees them (nodes, health, elections), refreshed every 2 s. */
export function useCluster(): { state: ClusterFeedState; refresh: () => void } {
  const [state, setState] = useState<ClusterFeedState>({ type: 'loading' });
  useEffect(() => subscribeCluster(setState), []);
  return { state, refresh: refreshCluster };
}
