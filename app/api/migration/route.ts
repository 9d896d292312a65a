import { migrationResponse } from '@/lib/migration/server';

export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return migrationResponse();
}
