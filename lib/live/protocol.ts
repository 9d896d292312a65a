import type { PublicConfig } from '@/lib/config';
import type { EvidenceBundle } from '@/lib/evidence';
import type { ReplayClock } from '@/lib/replay';
import type { EvidenceFile, LiveQuery, LiveUpdate } from './types';

/** From the page to the live worker. */
export type ToWorker =
  /** clock: a replay's, which is the engine's "now" (lib/replay/clock.ts); absent when live. */
  | { type: 'start'; config: PublicConfig; streamUrl: string; clock?: ReplayClock }
  /** The page has rendered and rested: send the next update once there is one. */
  | { type: 'pull' }
  | { type: 'query'; query: LiveQuery }
  | { type: 'export'; id: number; source: EvidenceBundle['source']; format: EvidenceFile['format'] }
  | { type: 'stop' };

/** From the live worker to the page. */
export type FromWorker =
  { type: 'update'; update: LiveUpdate } | { type: 'export'; id: number; file: EvidenceFile };
