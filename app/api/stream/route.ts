import { streamSamples } from '@/lib/kafka';

export const dynamic = 'force-dynamic';

/** Kafka samples topic → server-sent events; the work lives in lib/kafka. */
export function GET(request: Request): Response {
  return streamSamples(request);
}
