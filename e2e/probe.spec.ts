import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { uniqueId } from '@/lib/testing/stack';
import { openDashboard } from './helpers';

test('probe - its live windows reach the page over both transports', async ({ page }) => {
  test.setTimeout(90_000);
  await openDashboard(page);
  const probe = spawn(
    'node',
    [
      '--import',
      'tsx',
      'scripts/probe.ts',
      '--rate',
      '200',
      '--duration',
      '15',
      '--probe-id',
      uniqueId('e2e'),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  probe.stdout.on('data', (d: Buffer) => (output += d.toString()));
  probe.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    for (const backend of ['kafka', 'nats']) {
      await expect(page.getByTestId(`p99-${backend}`)).toHaveAttribute(
        'data-value-us',
        /^[1-9]\d*$/,
        { timeout: 45_000 },
      );
    }
    // Both paths delivered windows: one as the first copy, the other as duplicates or firsts.
    for (const t of ['nats', 'kafka']) {
      await expect(page.getByTestId(`transport-${t}`)).toHaveAttribute('data-state', 'live');
    }
    await expect(page.getByRole('img', { name: /latency percentiles per second/ })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('overview-live.png'), fullPage: true });
  } finally {
    probe.kill('SIGINT');
    await new Promise((r) => probe.once('exit', r));
  }
  expect(output).toContain('"backend": "nats"');
});
