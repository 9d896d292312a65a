import { metricsResponse } from '@/lib/metrics';

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint; the work lives in lib/metrics. */
export function GET(request: Request): Promise<Response> {
  return metricsResponse(request);
}
