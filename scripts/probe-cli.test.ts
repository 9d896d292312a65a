import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function probe(...args: string[]) {
  const r = spawnSync('node', ['--import', 'tsx', 'scripts/probe.ts', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('probe - command line', { timeout: 30_000 }, () => {
  it('documents every flag in --help', () => {
    const r = probe('--help');
    expect(r.status).toBe(0);
    for (const flag of [
      '--rate',
      '--duration',
      '--devices',
      '--metrics',
      '--backends',
      '--replicas',
      '--acks',
      '--ledger',
      '--inject',
    ]) {
      expect(r.out).toContain(flag);
    }
  });

  it.each([
    [['--rate', 'fast'], '--rate must be a positive integer, got "fast"'],
    [['--rate=-5'], '--rate must be a positive integer, got "-5"'],
    [['--backends', 'kafka,rabbit'], '--backends takes kafka and/or nats'],
    [['--inject', 'explode:nats:10'], '--inject takes corrupt:<kafka|nats>:N'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--acks', '1'], '--acks takes all or leader, got "1"'],
    [['--probe-id', 'has.dots'], '--probe-id must match'],
  ])('refuses %j with a clear error before touching a broker', (args, message) => {
    const r = probe(...args);
    expect(r.status).toBe(2);
    expect(r.err).toContain(message);
  });
});
