import { spawn } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { clusterConfig, readClusterEnv } from '@/lib/testing/cluster';
import {
  applyFault,
  backendOf,
  connectFaultTargets,
  FAULT_KINDS,
  probeSummaryFrom,
  recover,
} from '@/lib/testing/failover';
import { uniqueId } from '@/lib/testing/stack';
import { clusterPort } from '../playwright.config';

/**
 * The failover drill's short version (npm run drill:failover runs each fault 10 times and
 * measures): one of each fault on the 3-node clusters while a probe dual-writes with
 * Kafka acks=all and the latency page is open. Asserts what must hold whatever the
 * timing: a new leader each time, the election on the chart, the cluster whole again,
 * and nothing the brokers acknowledged lost.
 */
test('failover - one of each fault: a new leader, the election on the chart, nothing acknowledged lost', async ({
  page,
}) => {
  test.setTimeout(8 * 60_000);
  expect(readClusterEnv(), 'the cluster runs (bash scripts/stack-up.sh --cluster)').not.toBeNull();
  const config = clusterConfig();
  const env = { ...process.env, ...readClusterEnv() };
  const probeId = uniqueId('e2e-failover');

  const targets = await connectFaultTargets(config, 'cutover-e2e-failover');

  const probe = spawn(
    process.execPath,
    [
      ...['--import', 'tsx', 'scripts/probe.ts', '--rate', '300', '--probe-id', probeId],
      ...['--ledger', probeId, '--reset-ledger', '--grace-ms', '15000', '--acks', 'all'],
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  probe.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  probe.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise((r) => probe.once('exit', r));

  try {
    await page.goto(`http://127.0.0.1:${clusterPort}/latency?window=5m`);
    // The page follows the probe on both transports: windows have arrived on each. Not
    // "live" at one instant: a CI run once saw the Kafka feed only "connected, stale" or
    // "waiting" at every look for 60 s (and this test is about what the faults do).
    for (const b of ['kafka', 'nats'])
      await expect
        .poll(async () => windowsOn(page, b), {
          message: `windows merged from ${b}`,
          timeout: 90_000,
        })
        .toBeGreaterThan(0);
    const elections = page.locator('svg text').filter({ hasText: /^(NATS|Kafka): / });

    for (const kind of FAULT_KINDS) {
      const before = await elections.count();
      const o = await applyFault(kind, targets);
      expect(o.after, `${kind}: a new leader after ${o.before}`).not.toBeNull();
      if (backendOf(kind) === 'nats')
        await expect(
          page
            .locator('svg text')
            .filter({ hasText: `→ ${o.after}` })
            .first(),
          `${kind}: the election to ${o.after} on the chart`,
        ).toBeVisible({ timeout: 30_000 });
      else
        await expect
          .poll(() => elections.count(), {
            message: `${kind}: an election on the chart`,
            timeout: 30_000,
          })
          .toBeGreaterThan(before);
      expect(await recover(o, targets), `${kind}: the cluster whole again`).not.toBeNull();
    }
  } catch (err) {
    // What the probe said is the first thing to read when the page did not follow it.
    for (const b of ['kafka', 'nats'])
      console.error(`transport ${b}: ${await page.getByTestId(`transport-${b}`).textContent()}`);
    console.error(`probe stderr (last 4,000 characters):\n${stderr.slice(-4000)}`);
    throw err;
  } finally {
    probe.kill('SIGINT');
    await exited;
    await targets.close();
  }

  const summary = probeSummaryFrom<{
    parity: { matched: number; missing: Record<'kafka' | 'nats', number> } | null;
  }>(stdout);
  expect(summary.parity, stderr.slice(-2000)).not.toBeNull();
  expect(summary.parity!.matched).toBeGreaterThan(0);
  // Acknowledged and never delivered: none, on either side. Failed publishes are unsent.
  expect(summary.parity!.missing).toEqual({ kafka: 0, nats: 0 });
});

/** Windows the page has merged from one transport, as its transport strip says. */
async function windowsOn(page: Page, transport: string): Promise<number> {
  const text = (await page.getByTestId(`transport-${transport}`).textContent()) ?? '';
  return Number(/(\d+) windows/.exec(text)?.[1] ?? 0);
}
