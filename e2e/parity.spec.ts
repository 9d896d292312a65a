import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { emptyTotals, encodeParity, paritySubject, type ParityReport } from '@/lib/parity';
import { uniqueId } from '@/lib/testing/stack';
import { openDashboard, Publisher } from './helpers';

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
    // Nothing came after the grace period (the withheld copy was never sent), and a fresh
    // probe id has no earlier run; its JetStream durables read only its own subjects.
    for (const side of ['kafka', 'nats']) {
      await expect(page.getByTestId(`parity-late-${side}`)).toHaveAttribute('data-value', '0');
      await expect(page.getByTestId(`parity-stale-${side}`)).toHaveAttribute('data-value', '0');
    }
    await expect(page.getByTestId('parity-foreign-nats')).toHaveAttribute('data-value', '0');
    // Kafka groups read the whole topic: other probes' messages there are counted, not measured.
    await expect(page.getByTestId('parity-foreign-kafka')).toHaveAttribute('data-value', /^\d+$/);

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

test('parity - late, foreign and stale show per side with what they mean, and — from a probe that does not report them', async ({
  page,
}) => {
  await openDashboard(page, '/parity');
  const publisher = await Publisher.open();
  const zero = { kafka: 0, nats: 0 };
  const report = (
    probeId: string,
    totals: ParityReport['totals'],
    extra: Pick<ParityReport, 'foreign' | 'stale'> = {},
  ) =>
    encodeParity({
      probeId,
      ledger: probeId,
      atMs: Date.now(),
      target: 1000,
      inFlight: 0,
      totals,
      ratePerSecond: 10,
      etaSeconds: null,
      offenders: [],
      ...extra,
    });
  /** Re-sends until the page shows this run (choosing it once there are several). */
  const show = async (probeId: string, text: string, visible: () => Promise<void>) => {
    await expect(async () => {
      publisher.publishRaw(paritySubject(probeId), text);
      await publisher.flush();
      const runs = page.getByLabel('shadow run');
      if (await runs.isVisible()) await runs.selectOption(`${probeId}|${probeId}`);
      await visible();
    }).toPass({ intervals: [500, 1000, 2000], timeout: 30_000 });
  };
  try {
    const newer = uniqueId('parity-new');
    await show(
      newer,
      report(
        newer,
        { ...emptyTotals(), shadowed: 40, matched: 37, late: { kafka: 2, nats: 0 } },
        { foreign: { kafka: 1800, nats: 0 }, stale: { kafka: 0, nats: 199 } },
      ),
      () =>
        expect(page.getByTestId('parity-late-kafka')).toHaveAttribute('data-value', '2', {
          timeout: 3000,
        }),
    );
    await expect(page.getByTestId('parity-late-nats')).toHaveText('0');
    await expect(page.getByTestId('parity-foreign-kafka')).toHaveText('1,800');
    await expect(page.getByTestId('parity-foreign-nats')).toHaveText('0');
    await expect(page.getByTestId('parity-stale-kafka')).toHaveText('0');
    await expect(page.getByTestId('parity-stale-nats')).toHaveText('199');
    const problems = page.getByRole('region', { name: 'parity problems' });
    await expect(problems).toContainText('delivered after the grace period');
    await expect(problems).toContainText("another probe's messages");
    await expect(problems).toContainText("an earlier run's messages");

    // As a probe from before these counts reports: no late, foreign or stale at all.
    const older = uniqueId('parity-old');
    await show(
      older,
      report(older, {
        shadowed: 40,
        matched: 37,
        mismatches: zero,
        missing: { kafka: 1, nats: 0 },
        duplicates: zero,
        unknown: zero,
      }),
      () => expect(page.getByTestId('parity-late-kafka')).toHaveText('—', { timeout: 3000 }),
    );
    for (const kind of ['late', 'foreign', 'stale'])
      for (const side of ['kafka', 'nats'])
        await expect(page.getByTestId(`parity-${kind}-${side}`)).toHaveAttribute('data-value', '');
    await expect(page.getByTestId('parity-missing-kafka')).toHaveAttribute('data-value', '1');
  } finally {
    await publisher.close();
  }
});
