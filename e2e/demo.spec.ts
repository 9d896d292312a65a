import { expect, test, type Page } from '@playwright/test';
import { groupPhase, migrationPhase } from '@/lib/migration';
import { clusterAt, readRecording, replayInfo, stateAt } from '@/lib/replay/server';
import { replayPort } from '../playwright.config';

/**
 * The embedded default (`npm run demo`): the shipped recording of the migration scenario
 * (npm run record -- --scenario migration). Every moment is reached by URL, paused, so
 * what a page shows is what the recording held there.
 */
const demo = readRecording('data/recordings/demo.ndjson.gz');
const markers = replayInfo(demo, 1).markers;
const groups = demo.header.groups ?? [];

/** Where the timeline marks a phase change (ms), by its label. */
function phaseMs(label: string): number {
  const m = markers.find((x) => x.kind === 'phase' && x.label === label);
  if (!m) throw new Error(`the demo has no phase change "${label}"`);
  return m.positionMs;
}

/** A URL's whole seconds for a position (ms), rounded up so the moment is reached. */
const seconds = (ms: number) => Math.ceil(ms / 1000);

/** The states a page shows when it has nothing: none may be on screen once data is there. */
const NO_DATA = [
  'no-data',
  'parity-empty',
  'probe-table-empty',
  'groups-unavailable',
  'phase-unavailable',
  'cluster-unavailable',
];

async function expectNoNoData(page: Page): Promise<void> {
  for (const id of NO_DATA) await expect(page.getByTestId(id)).toHaveCount(0);
  await expect(page.getByText(/No data/)).toHaveCount(0);
}

test.describe('the shipped demo: the migration scenario', () => {
  test.use({ baseURL: `http://127.0.0.1:${replayPort}` });

  test('demo - the shipped recording is the migration scenario, with a board and every step marked', () => {
    expect(demo.header).toMatchObject({ v: 2, scenario: 'migration' });
    expect(groups.length).toBeGreaterThanOrEqual(3);
    const labels = markers.map((m) => `${m.kind} ${m.label}`);
    for (const phase of ['shadowing', 'cutover', 'standby'])
      expect(labels).toContain(`phase ${phase}`);
    for (const g of groups) expect(labels).toContain(`phase ${g.name}: cut-over`);
    expect(labels).toContain('fault corruption');
  });

  test('demo - every page shows the recorded migration late in the run, none says "No data"', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    // Past the standby: every step of the story has happened by then.
    const t = seconds(Math.min(phaseMs('standby') + 15_000, demo.durationMs));
    const state = stateAt(demo, t * 1000);
    expect(migrationPhase(state)).toBe('standby');

    await page.goto(`/?t=${t}&speed=0`);
    await expect(page.getByTestId('replay-position')).toHaveAttribute(
      'data-position-ms',
      String(t * 1000),
    );
    for (const backend of ['kafka', 'nats'])
      await expect(page.getByTestId(`p99-${backend}`)).toHaveAttribute('data-value-us', /^[1-9]/, {
        timeout: 20_000,
      });
    await expect(page.getByTestId('parity-card')).toBeVisible();
    await expect(page.getByTestId('migration-phase')).toHaveAttribute('data-phase', 'standby');
    await expectNoNoData(page);

    await page.goto(`/latency?t=${t}&speed=0`);
    await expect(page.getByTestId('summary-table')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('probe-table')).toBeVisible();
    await expectNoNoData(page);

    await page.goto(`/parity?t=${t}&speed=0`);
    await expect(page.getByTestId('parity-matched').first()).toBeVisible({ timeout: 20_000 });
    await expectNoNoData(page);

    await page.goto(`/groups?t=${t}&speed=0`);
    for (const g of groups)
      await expect(page.getByTestId(`group-${g.name}`)).toHaveAttribute('data-phase', 'cut-over');
    await expect(page.getByTestId('phase-history')).toContainText('standby');
    await expectNoNoData(page);

    await page.goto(`/cost?t=${t}&speed=0`);
    await expect(page.getByTestId('scenario-table')).toBeVisible({ timeout: 20_000 });
    await expectNoNoData(page);

    await page.goto(`/cluster?t=${t}&speed=0`);
    await expect(page.getByTestId('cluster-replay')).toBeVisible({ timeout: 20_000 });
    const health = (
      clusterAt(demo, t * 1000).snapshots.all?.snapshot as {
        health: { verdict: string };
      }
    ).health;
    await expect(page.getByTestId('cluster-verdict')).toHaveAttribute(
      'data-verdict',
      health.verdict,
    );
    await expectNoNoData(page);
  });

  test('demo - seeking to the cutover moment shows the groups cut over, one by one', async ({
    page,
  }) => {
    const lastCutMs = Math.max(...groups.map((g) => phaseMs(`${g.name}: cut-over`)));
    const t = seconds(lastCutMs) + 1;
    expect(migrationPhase(stateAt(demo, t * 1000))).toBe('cutover');
    await page.goto(`/groups?t=${t}&speed=0`);
    await expect(page.getByTestId('migration-phase')).toHaveAttribute('data-phase', 'cutover');
    for (const g of groups)
      await expect(page.getByTestId(`group-${g.name}`)).toHaveAttribute('data-phase', 'cut-over');
    await expectNoNoData(page);

    // Just before the last group's cut-over, it alone is still on dual read.
    const before = Math.floor(lastCutMs / 1000) - 1;
    await page.goto(`/groups?t=${before}&speed=0`);
    const state = stateAt(demo, before * 1000);
    for (const g of groups)
      await expect(page.getByTestId(`group-${g.name}`)).toHaveAttribute(
        'data-phase',
        groupPhase(state, g.name),
      );
    expect(groups.filter((g) => groupPhase(state, g.name) === 'dual-read')).toHaveLength(1);
  });

  test('demo - the cluster page shows the recorded NATS node failure at its moment', async ({
    page,
  }) => {
    const kill = demo.faults.find((f) => f.kind === 'node-kill');
    test.skip(!kill, 'the shipped demo was recorded on the single-node stack');
    const t = seconds(kill!.t) + 4;
    const recorded = clusterAt(demo, t * 1000).snapshots.all?.snapshot as {
      health: { verdict: string; problems: string[] };
    };
    await page.goto(`/cluster?t=${t}&speed=0`);
    await expect(page.getByTestId('cluster-replay')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('cluster-verdict')).toHaveAttribute(
      'data-verdict',
      recorded.health.verdict,
    );
    for (const p of recorded.health.problems)
      await expect(page.getByTestId('cluster-reasons')).toContainText(p);
  });
});
