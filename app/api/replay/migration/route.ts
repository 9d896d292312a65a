import { replayMigrationResponse } from '@/lib/ingest';

export const dynamic = 'force-dynamic';

/** The board and phases as recorded at ?positionMs=, in /api/migration's shape; lib/ingest. */
export function GET(request: Request): Response {
  return replayMigrationResponse(request);
}
