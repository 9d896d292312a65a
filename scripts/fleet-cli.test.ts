import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function fleet(...args: string[]) {
  const r = spawnSync('node', ['--import', 'tsx', 'scripts/fleet.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('fleet - command line', { timeout: 60_000 }, () => {
  it('documents its flags in --help', () => {
    const r = fleet('--help');
    expect(r.status).toBe(0);
    for (const flag of ['--probes', '--probe-id', '--reset-ledger', '--shard i/N', 'docs/fleet.md'])
      expect(r.out).toContain(flag);
  });

  it.each([
    [[], '--probes N is required'],
    [['--probes', 'two'], '--probes must be a positive integer, got "two"'],
    [['--probes=0'], '--probes must be a positive integer, got "0"'],
    [['--probes', '2', '--shard', '1/2'], '--shard is set by the fleet'],
    [['--probes', '2', '--probe-id', 'has.dots'], '--probe-id must leave room for -2'],
  ])('refuses %j before starting a probe', (args, message) => {
    const r = fleet(...args);
    expect(r.status).toBe(2);
    expect(r.err).toContain(message);
  });

  it("passes the probes' own flags on, and their refusals back, each line with its probe's id", () => {
    const r = fleet('--probes', '2', '--probe-id', 'cli', '--rate', 'fast');
    // The first probe to refuse stops the fleet (the other may be stopped before it says so).
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/\[cli-[12]\] probe: --rate must be a positive integer, got "fast"/);
  });
});
