import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { uniqueId } from '@/lib/testing/stack';
import { openDashboard } from './helpers';

test('parity - a probe run with one corrupted and one withheld copy shows both in the counts and the drill-down', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openDashboard(page, '/parity');
  await expect(page.getByTestId('parity-empty')).toBeVisible();
  const id = uniqueId('parity');
  // 150 messages; the 120th's NATS copy is corrupted and the 90th's Kafka copy never sent.
  const probe = spawn(
    'node',
    [
      '--import',
      'tsx',
      'scripts/probe.ts',
      ...['--rate', '50', '--duration', '3', '--grace-ms', '2000'],
      ...['--probe-id', id, '--ledger', id, '--reset-ledger'],
      ...['--inject', 'corrupt:nats:120', '--inject', 'drop:kafka:90'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  probe.stdout.on('data', (d: Buffer) => (output += d.toString()));
  probe.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => probe.once('exit', r));
  try {
    expect(await exited, output).toBe(0);
    await expect(page.getByTestId('parity-shadowed')).toHaveText('150', { timeout: 20_000 });
    await expect(page.getByTestId('parity-matched')).toHaveAttribute('data-value', '148');
    await expect(page.getByTestId('parity-mismatches-nats')).toHaveAttribute('data-value', '1');
    await expect(page.getByTestId('parity-mismatches-kafka')).toHaveAttribute('data-value', '0');
    await expect(page.getByTestId('parity-missing-kafka')).toHaveAttribute('data-value', '1');
    await expect(page.getByTestId('parity-missing-nats')).toHaveAttribute('data-value', '0');

    // The drill-down lists exactly the two offending messages, each with what was wrong.
    const offenders = page.getByTestId('offender');
    await expect(offenders).toHaveCount(2);
    await page.getByRole('button', { name: /checksum mismatch/ }).click();
    await expect(offenders).toHaveCount(1);
    await expect(offenders.first()).toHaveAttribute('data-side', 'nats');
    await expect(offenders.first()).toContainText("the nats copy's CRC32 differs");
    await page.getByRole('button', { name: /^missing/ }).click();
    await expect(offenders).toHaveCount(1);
    await expect(offenders.first()).toHaveAttribute('data-side', 'kafka');
    await expect(offenders.first()).toContainText('never arrived on kafka');
    await page.screenshot({ path: test.info().outputPath('parity.png'), fullPage: true });
  } finally {
    if (probe.exitCode === null) probe.kill('SIGINT');
  }
});
