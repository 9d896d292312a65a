import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PhaseChange } from '@/lib/migration';

/** Who the scenario's phase changes are recorded as. */
export const SCENARIO_WHO = 'npm run record -- --scenario migration';

/**
 * One phase change through `scripts/cutover.ts`, the only writer of the phase bucket, as an
 * operator makes it: `set <phase>` or `group <name> <phase>`, with why. Resolves with the
 * change as the CLI recorded it; rejects with the CLI's own message when it refuses.
 */
export async function cutover(
  args: ['set', string] | ['group', string, string],
  why: string,
  env: NodeJS.ProcessEnv,
): Promise<PhaseChange> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/cutover.ts',
        ...args,
        '--why',
        why,
        '--who',
        SCENARIO_WHO,
        '--json',
      ],
      { env, timeout: 60_000 },
    );
    return JSON.parse(stdout) as PhaseChange;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`cutover ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
  }
}
