import {
  GROUP_PHASES,
  ImpossibleTransition,
  MIGRATION_PHASES,
  type GroupPhase,
  type MigrationPhase,
  type MigrationState,
  type TransitionRequest,
} from './types';

export interface TransitionContext {
  state: MigrationState;
  /** Standby lasts this long before Kafka may be decommissioned (the rollback window). */
  standbyHours: number;
  nowMs: number;
}

/** The migration's current phase; proof of concept until someone records otherwise. */
export function migrationPhase(state: MigrationState): MigrationPhase {
  return state.migration?.phase ?? 'proof-of-concept';
}

/** A group's current phase; Kafka only until someone records otherwise. */
export function groupPhase(state: MigrationState, group: string): GroupPhase {
  return state.groups[group]?.phase ?? 'kafka-only';
}

const at = <P extends string>(list: readonly P[], p: P) => list.indexOf(p);

/**
 * Checks a requested phase change against the rules, throwing ImpossibleTransition with
 * a message that says why and what would make it possible. Rules: one step forward or
 * one step back (a rollback) at a time; decommissioned is final; groups move only as far
 * as the migration allows (dual read needs shadowing, cut-over needs cutover, decommission
 * needs the migration decommissioned); standby needs every group cut over; decommission
 * needs the standby's rollback window to have passed.
 */
export function checkTransition(req: TransitionRequest, ctx: TransitionContext): void {
  const { state } = ctx;
  if (req.scope === 'migration') {
    if (!MIGRATION_PHASES.includes(req.to)) {
      throw new ImpossibleTransition(
        'unknown_phase',
        `unknown migration phase "${req.to}"; phases: ${MIGRATION_PHASES.join(' → ')}`,
      );
    }
    const from = migrationPhase(state);
    stepCheck('migration', MIGRATION_PHASES, from, req.to);
    const groups = Object.keys(state.groups);
    if (req.to === 'standby') {
      const notCut = groups.filter((g) => groupPhase(state, g) !== 'cut-over');
      if (notCut.length > 0) {
        throw new ImpossibleTransition(
          'groups_not_ready',
          `standby needs every consumer group cut over; not yet: ${notCut.join(', ')}`,
        );
      }
    }
    if (req.to === 'decommissioned') {
      const sinceMs = state.migration?.sinceMs ?? ctx.nowMs;
      const openUntilMs = sinceMs + ctx.standbyHours * 3_600_000;
      if (ctx.nowMs < openUntilMs) {
        const hours = ((openUntilMs - ctx.nowMs) / 3_600_000).toFixed(1);
        throw new ImpossibleTransition(
          'rollback_window_open',
          `the ${ctx.standbyHours}-hour standby rollback window is still open (${hours} h left, until ${new Date(openUntilMs).toISOString()}); Kafka cannot be decommissioned yet`,
        );
      }
    }
    if (at(MIGRATION_PHASES, req.to) < at(MIGRATION_PHASES, from)) {
      // Rolling the migration back must not leave groups beyond what it allows.
      const ahead = groups.filter((g) => !groupAllowed(groupPhase(state, g), req.to));
      if (ahead.length > 0) {
        throw new ImpossibleTransition(
          'groups_not_ready',
          `cannot go back to ${req.to} while these groups are beyond it: ${ahead.join(', ')}; roll them back first`,
        );
      }
    }
    return;
  }

  if (!(req.group in state.groups)) {
    throw new ImpossibleTransition(
      'unknown_group',
      `unknown consumer group "${req.group}"; groups: ${Object.keys(state.groups).join(', ')}`,
    );
  }
  if (!GROUP_PHASES.includes(req.to)) {
    throw new ImpossibleTransition(
      'unknown_phase',
      `unknown group phase "${req.to}"; phases: ${GROUP_PHASES.join(' → ')}`,
    );
  }
  stepCheck(`group ${req.group}`, GROUP_PHASES, groupPhase(state, req.group), req.to);
  const m = migrationPhase(state);
  if (!groupAllowed(req.to, m)) {
    throw new ImpossibleTransition(
      'migration_not_ready',
      `group ${req.group} cannot be ${req.to} while the migration is in ${m}; it needs ${requiredMigrationPhase(req.to)}`,
    );
  }
}

function stepCheck<P extends string>(what: string, list: readonly P[], from: P, to: P): void {
  const i = at(list, from);
  const j = at(list, to);
  if (i === j) throw new ImpossibleTransition('same_phase', `${what} is already in ${to}`);
  if (i === list.length - 1) {
    throw new ImpossibleTransition('terminal', `${what} is ${from}; that is final`);
  }
  if (Math.abs(j - i) > 1) {
    const next = list[i + 1];
    const prev = i > 0 ? list[i - 1] : null;
    throw new ImpossibleTransition(
      'skips_phase',
      `${what} cannot go from ${from} to ${to}: one step at a time (next: ${next}${prev ? `, or back to ${prev}` : ''})`,
    );
  }
}

/** The earliest migration phase in which a group may be in a given phase. */
function requiredMigrationPhase(p: GroupPhase): MigrationPhase {
  switch (p) {
    case 'kafka-only':
      return 'proof-of-concept';
    case 'shadow':
    case 'dual-read':
      return 'shadowing';
    case 'cut-over':
      return 'cutover';
    case 'decommissioned':
      return 'decommissioned';
  }
}

function groupAllowed(p: GroupPhase, m: MigrationPhase): boolean {
  return at(MIGRATION_PHASES, m) >= at(MIGRATION_PHASES, requiredMigrationPhase(p));
}
