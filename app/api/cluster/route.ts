import { clusterResponse } from '@/lib/cluster/server';

export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return clusterResponse();
}
