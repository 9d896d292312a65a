import { sampleStreamResponse } from '@/lib/ingest';

export const dynamic = 'force-dynamic';

/** Kafka samples topic (or the replay) → server-sent events; the work lives in lib/kafka. */
export function GET(request: Request): Response {
  return sampleStreamResponse(request);
}
