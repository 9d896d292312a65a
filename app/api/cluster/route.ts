import { clusterResponse } from '@/lib/cluster/server';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return clusterResponse(request);
}
