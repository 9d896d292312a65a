import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { niceFor } from './priority';

describe('probe - thread priority', () => {
  it('raises senders more than consumers, and leaves both alone when normal', () => {
    expect(niceFor('raised', 'sender')).toBe(-10);
    expect(niceFor('raised', 'consumer')).toBe(-5);
    expect(niceFor('normal', 'sender')).toBe(0);
    expect(niceFor('normal', 'consumer')).toBe(0);
  });

  // Without the privilege (here: root with CAP_SYS_NICE dropped, via util-linux setpriv),
  // the thread says why and runs on at its priority, rather than failing the probe.
  const canDrop = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(!canDrop)('runs on at normal priority, saying why, when it may not raise', () => {
    const r = spawnSync(
      'setpriv',
      [
        '--bounding-set=-sys_nice',
        '--inh-caps=-sys_nice',
        process.execPath,
        '--import',
        'tsx',
        '-e',
        "import('./lib/probe/priority.ts').then((m) => console.log('took', (m.setThreadNice ?? m.default.setThreadNice)(-10, 'kafka sender thread')))",
      ],
      { encoding: 'utf8' },
    );
    expect(r.stdout.trim()).toBe('took false');
    expect(r.stderr).toContain('kafka sender thread stays at normal priority');
    expect(r.stderr).toContain('EACCES');
  });
});
