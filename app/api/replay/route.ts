import { replayStateResponse } from '@/lib/ingest';

export const dynamic = 'force-dynamic';

/** The replay's timeline and what it held at ?positionMs= (cluster, probes, gate); lib/ingest. */
export function GET(request: Request): Response {
  return replayStateResponse(request);
}
