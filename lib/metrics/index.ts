import { serverConfig } from '@/lib/config';
import { ServerIngest } from './ingest';
import { createMetrics, type CutoverMetrics } from './registry';

export { ServerIngest } from './ingest';
export { createMetrics, latencyBuckets, MAX_BACKEND_LABELS, type CutoverMetrics } from './registry';

// One registry per process on globalThis: dev-mode module reloads would otherwise register every metric twice.
const holder = globalThis as typeof globalThis & {
  __cutoverMetrics?: { metrics: CutoverMetrics; ingest: ServerIngest };
};

/** The process-wide metrics and the ingest that feeds them. */
export function serverMetrics(): { metrics: CutoverMetrics; ingest: ServerIngest } {
  if (!holder.__cutoverMetrics) {
    const config = serverConfig();
    const metrics = createMetrics(config.slaMs);
    holder.__cutoverMetrics = {
      metrics,
      ingest: new ServerIngest(metrics, { skewToleranceMs: config.skewToleranceMs }),
    };
  }
  return holder.__cutoverMetrics;
}

/** Handles GET /api/metrics: the Prometheus exposition, behind an optional bearer token. */
export async function metricsResponse(
  request: Request,
  token = serverConfig().metricsToken,
): Promise<Response> {
  if (token && request.headers.get('authorization') !== `Bearer ${token}`) {
    return new Response('unauthorized\n', {
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  const { registry } = serverMetrics().metrics;
  return new Response(await registry.metrics(), {
    headers: { 'Content-Type': registry.contentType },
  });
}
