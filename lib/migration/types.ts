/** Phases of the whole migration, in order (the case study's plan, with its 72-hour standby). */
export const MIGRATION_PHASES = [
  'proof-of-concept',
  'shadowing',
  'cutover',
  'standby',
  'decommissioned',
] as const;
export type MigrationPhase = (typeof MIGRATION_PHASES)[number];

/** Phases of one consumer group, in order. */
export const GROUP_PHASES = [
  'kafka-only',
  'shadow',
  'dual-read',
  'cut-over',
  'decommissioned',
] as const;
export type GroupPhase = (typeof GROUP_PHASES)[number];

/** Who changed what, when and why: one entry of the phase history. */
export interface PhaseRecord<P extends string = string> {
  phase: P;
  /** The phase it left, null for the first record. */
  from: P | null;
  sinceMs: number;
  who: string;
  why: string;
}

/** A phase change in the history, for the migration or for one group. */
export type PhaseChange =
  | ({ scope: 'migration' } & PhaseRecord<MigrationPhase>)
  | ({ scope: 'group'; group: string } & PhaseRecord<GroupPhase>);

/** A phase change as a mark on a time axis ("shadowing", "alerting: dual-read"). */
export interface PhaseAnnotation {
  atMs: number;
  label: string;
}

/** The current phases; groups never changed are in their first phase with sinceMs null. */
export interface MigrationState {
  migration: PhaseRecord<MigrationPhase> | null;
  groups: Record<string, PhaseRecord<GroupPhase> | null>;
}

export type TransitionRequest =
  { scope: 'migration'; to: MigrationPhase } | { scope: 'group'; group: string; to: GroupPhase };

/** Why a requested phase change was refused; `reason` is stable, `message` says what to do. */
export class ImpossibleTransition extends Error {
  constructor(
    readonly reason:
      | 'unknown_phase'
      | 'unknown_group'
      | 'same_phase'
      | 'skips_phase'
      | 'terminal'
      | 'migration_not_ready'
      | 'groups_not_ready'
      | 'rollback_window_open'
      | 'conflict'
      | 'missing_reason',
    message: string,
  ) {
    super(message);
    this.name = 'ImpossibleTransition';
  }
}
