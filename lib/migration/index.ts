// The browser-safe half of the migration domain: phases, rules, the gate, and the page's
// poll of /api/migration. The broker-facing half (KV store, lag polling) is in ./server.
export { checkTransition, groupPhase, migrationPhase, type TransitionContext } from './phases';
export {
  duration,
  evaluateGate,
  slaPeriodMs,
  type CheckState,
  type GateCheck,
  type GateInputs,
  type GateVerdict,
} from './gate';
export { formatUtc } from './format';
export {
  latestSnapshot,
  setMigrationSource,
  subscribeMigration,
  type MigrationFeedState,
  type MigrationSource,
} from './browser-feed';
export type { GroupRow, MigrationSnapshot } from './monitor';
export type { JetStreamBacklog, KafkaLag } from './lag';
export {
  GROUP_PHASES,
  ImpossibleTransition,
  MIGRATION_PHASES,
  type GroupPhase,
  type MigrationPhase,
  type MigrationState,
  type PhaseAnnotation,
  type PhaseChange,
  type PhaseRecord,
  type TransitionRequest,
} from './types';
