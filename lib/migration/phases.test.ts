import { describe, expect, it } from 'vitest';
import { checkTransition, ImpossibleTransition, type MigrationState } from '.';

const state = (m: MigrationState['migration'], groups: Record<string, string | null>) =>
  ({
    migration: m,
    groups: Object.fromEntries(
      Object.entries(groups).map(([g, p]) => [
        g,
        p ? { phase: p, from: null, sinceMs: 0, who: 't', why: 't' } : null,
      ]),
    ),
  }) as MigrationState;
const at = (phase: string, sinceMs = 0) =>
  ({ phase, from: null, sinceMs, who: 't', why: 't' }) as MigrationState['migration'];

function reason(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(ImpossibleTransition);
    return (err as ImpossibleTransition).reason;
  }
}

const ctx = (s: MigrationState, nowMs = 0) => ({ state: s, standbyHours: 72, nowMs });

describe('migration - phase rules', () => {
  it('moves one step forward or back, never skipping', () => {
    const s = state(null, { a: null });
    expect(reason(() => checkTransition({ scope: 'migration', to: 'shadowing' }, ctx(s)))).toBe(
      null,
    );
    expect(reason(() => checkTransition({ scope: 'migration', to: 'cutover' }, ctx(s)))).toBe(
      'skips_phase',
    );
    expect(
      reason(() => checkTransition({ scope: 'migration', to: 'proof-of-concept' }, ctx(s))),
    ).toBe('same_phase');
    const shadowing = state(at('shadowing'), { a: null });
    expect(
      reason(() => checkTransition({ scope: 'migration', to: 'proof-of-concept' }, ctx(shadowing))),
    ).toBe(null);
  });

  it('keeps groups within what the migration allows', () => {
    const poc = state(null, { a: null });
    expect(
      reason(() => checkTransition({ scope: 'group', group: 'a', to: 'shadow' }, ctx(poc))),
    ).toBe('migration_not_ready');
    const shadowing = state(at('shadowing'), { a: 'dual-read' });
    expect(
      reason(() => checkTransition({ scope: 'group', group: 'a', to: 'cut-over' }, ctx(shadowing))),
    ).toBe('migration_not_ready');
    const cutover = state(at('cutover'), { a: 'dual-read' });
    expect(
      reason(() => checkTransition({ scope: 'group', group: 'a', to: 'cut-over' }, ctx(cutover))),
    ).toBe(null);
    expect(
      reason(() => checkTransition({ scope: 'group', group: 'zz', to: 'shadow' }, ctx(cutover))),
    ).toBe('unknown_group');
  });

  it('needs every group cut over for standby, and refuses rolling back past a group', () => {
    const s = state(at('cutover'), { a: 'cut-over', b: 'dual-read' });
    expect(reason(() => checkTransition({ scope: 'migration', to: 'standby' }, ctx(s)))).toBe(
      'groups_not_ready',
    );
    expect(reason(() => checkTransition({ scope: 'migration', to: 'shadowing' }, ctx(s)))).toBe(
      'groups_not_ready',
    );
    const all = state(at('cutover'), { a: 'cut-over', b: 'cut-over' });
    expect(reason(() => checkTransition({ scope: 'migration', to: 'standby' }, ctx(all)))).toBe(
      null,
    );
  });

  it('keeps Kafka until the 72-hour standby rollback window has passed', () => {
    const enteredMs = Date.UTC(2026, 10, 1);
    const s = state(at('standby', enteredMs), { a: 'cut-over' });
    const early = () =>
      checkTransition({ scope: 'migration', to: 'decommissioned' }, ctx(s, enteredMs + 71 * 3.6e6));
    expect(reason(early)).toBe('rollback_window_open');
    expect(() => early()).toThrow(/72-hour standby rollback window is still open \(1\.0 h left/);
    expect(
      reason(() =>
        checkTransition(
          { scope: 'migration', to: 'decommissioned' },
          ctx(s, enteredMs + 72 * 3.6e6),
        ),
      ),
    ).toBe(null);
    const done = state(at('decommissioned'), { a: 'cut-over' });
    expect(reason(() => checkTransition({ scope: 'migration', to: 'standby' }, ctx(done)))).toBe(
      'terminal',
    );
  });
});
