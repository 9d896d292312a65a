import { spawn } from 'node:child_process';
import { connect } from '@nats-io/transport-node';
import { expect, test } from '@playwright/test';
import { percentileUs } from '@/lib/latency';
import { decodeSample, SAMPLES_PREFIX } from '@/lib/samples';
import { uniqueId } from '@/lib/testing/stack';
import { config, openDashboard } from './helpers';

test('probe - its live windows reach the page over both transports', async ({ page }) => {
  test.setTimeout(90_000);
  const probeId = uniqueId('e2e');
  // The e2e p99 of every window this run publishes, per backend and second, as it went out.
  const published = new Map<string, Map<number, number>>();
  const nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
  });
  nc.subscribe(`${SAMPLES_PREFIX}*.${probeId}`, {
    callback: (_err, m) => {
      const w = decodeSample(m.data);
      if (w.metric !== 'e2e') return;
      const seconds = published.get(w.backend) ?? new Map<number, number>();
      seconds.set(w.windowStartMs, percentileUs(w.histogram, 99));
      published.set(w.backend, seconds);
    },
  });
  // The page shows this probe only: each second it draws is one window of this run.
  await openDashboard(page, `/?probe=${probeId}`);
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
      probeId,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  probe.stdout.on('data', (d: Buffer) => (output += d.toString()));
  probe.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    for (const backend of ['kafka', 'nats']) {
      const p99 = page.getByTestId(`p99-${backend}`);
      await expect
        .poll(
          async () => {
            const shown = Number(await p99.getAttribute('data-value-us'));
            return shown > 0 && [...(published.get(backend)?.values() ?? [])].includes(shown);
          },
          { message: `${backend}: the p99 of one of this run's windows`, timeout: 45_000 },
        )
        .toBe(true);
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
    await nc.close();
  }
  expect(output).toContain('"backend": "nats"');
});
