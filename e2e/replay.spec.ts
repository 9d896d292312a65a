import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { LatencyReceiver } from '@/lib/latency';
import { readRecording } from '@/lib/replay/server';
import {
  storyLag,
  STORY_FAULT_S,
  STORY_STEPS,
  writeStoryRecording,
} from '@/lib/testing/replay-story';
import { replayPort } from '../playwright.config';

const demoFile = 'data/recordings/demo.ndjson.gz';

/** The figures a tab that watched the recording up to positionMs shows (all probes). */
function expectedAt(file: string, positionMs: number, periodMs: number) {
  const r = readRecording(file);
  let clockMs = r.startMs;
  const live = new LatencyReceiver({ now: () => clockMs, summaryRefreshMs: 0 });
  for (const [i, m] of r.messages.entries()) {
    if (m.t > positionMs) break;
    clockMs = r.startMs + m.t;
    if (r.kinds[i] === 'e2e') live.receive(m.d, 'kafka', clockMs);
  }
  clockMs = r.startMs + positionMs;
  return {
    windowP99Us: (backend: string) => live.all.summary(backend, periodMs, 120_000).p99Us,
    latestP99Us: (backend: string) => live.all.latest(backend)!.p99Us,
  };
}

const position = async (page: Page) =>
  Number(await page.getByTestId('replay-position').getAttribute('data-position-ms'));

test.describe('the shipped recording', () => {
  test.use({ baseURL: `http://127.0.0.1:${replayPort}` });

  test('replay - the embedded default shows the shipped recording, labelled as a replay', async ({
    page,
  }) => {
    await page.goto('/');
    const banner = page.getByTestId('replay-banner');
    await expect(banner).toContainText('REPLAY — not live data');
    await expect(banner).toContainText(/recording of a real probe run made on \d{4}-\d{2}-\d{2}/);
    // The tab's replay arrives through the same SSE route as live Kafka data. The scenario
    // starts on Kafka alone: NATS joins when the shadow run does (e2e/demo.spec.ts).
    await expect(page.getByTestId('p99-kafka')).toHaveAttribute('data-value-us', /^[1-9]\d*$/, {
      timeout: 20_000,
    });
    await expect(page.getByTestId('transport-nats')).toHaveAttribute('data-state', 'off');
    await expect(page.getByTestId('transport-kafka')).toHaveAttribute('data-state', 'live');
    // The position went into the URL, at the server's default speed.
    await expect(page).toHaveURL(/[?&]t=\d+/);
    await expect(page).toHaveURL(/[?&]speed=5(&|$)/);
    await page.screenshot({ path: test.info().outputPath('replay.png'), fullPage: true });
  });

  test('replay - a link to a moment lands on it: the figures of the minute before it, held', async ({
    page,
  }) => {
    const expected = expectedAt(demoFile, 120_000, 60_000);
    await page.goto('/?window=1m&t=120&speed=0');
    await expect(page.getByTestId('replay-position')).toHaveAttribute('data-position-ms', '120000');
    for (const backend of ['kafka', 'nats']) {
      await expect(page.getByTestId(`window-p99-${backend}`)).toHaveAttribute(
        'data-value-us',
        String(expected.windowP99Us(backend)),
        { timeout: 20_000 },
      );
      await expect(page.getByTestId(`p99-${backend}`)).toHaveAttribute(
        'data-value-us',
        String(expected.latestP99Us(backend)),
      );
    }
    // The shipped recording carries the board: its groups, at their phases then.
    await page.goto('/groups?t=120&speed=0');
    await expect(page.getByTestId('group-board')).toBeVisible();
    await expect(page.getByTestId('groups-unavailable')).toHaveCount(0);
  });
});

/** A version 2 recording with a scripted migration over the version 1 demo's windows (lib/testing). */
const storyPort = replayPort + 59;
const storyFile = path.resolve('.cutover/e2e/replay-story.ndjson.gz');
let storyServer: ChildProcess | null = null;

test.describe('a version 2 recording: every page from the recording', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ baseURL: `http://127.0.0.1:${storyPort}` });

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    mkdirSync(path.dirname(storyFile), { recursive: true });
    await writeStoryRecording(storyFile);
    storyServer = spawn(
      'node_modules/.bin/next',
      ['start', '-p', String(storyPort), '-H', '127.0.0.1'],
      {
        stdio: 'ignore',
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
          CUTOVER_SOURCE: 'replay',
          CUTOVER_REPLAY_FILE: storyFile,
          CUTOVER_REPLAY_SPEED: '1',
        },
      },
    );
    await expect(async () => {
      const res = await fetch(`http://127.0.0.1:${storyPort}/api/replay`);
      expect(res.ok).toBe(true);
    }).toPass({ timeout: 90_000, intervals: [500] });
  });

  test.afterAll(() => {
    storyServer?.kill('SIGTERM');
  });

  test('replay - seeking to the cutover moment by URL shows the groups cut over, lag as recorded', async ({
    page,
  }) => {
    await page.goto('/groups?t=151&speed=0');
    const ingest = page.getByTestId('group-telemetry-ingest');
    await expect(ingest).toHaveAttribute('data-phase', 'cut-over');
    await expect(page.getByTestId('group-alerting')).toHaveAttribute('data-phase', 'cut-over');
    await expect(page.getByTestId('migration-phase')).toHaveAttribute('data-phase', 'cutover');
    // The last poll at or before 151 s is the one at 150 s.
    await expect(page.getByTestId('lag-telemetry-ingest')).toHaveAttribute(
      'data-value',
      String(storyLag('telemetry-ingest', 150).lag),
    );
    await expect(page.getByTestId('phase-history')).toContainText('story step at 140 s');
    await expect(page.getByTestId('groups-unavailable')).toHaveCount(0);
    await expect(page.getByTestId('phase-unavailable')).toHaveCount(0);

    // Seeking back rebuilds the moment: not just skipping ahead.
    await page.getByTestId('replay-timeline').fill('50000');
    await page.getByTestId('replay-timeline').dispatchEvent('pointerup');
    await expect(page).toHaveURL(/[?&]t=50(&|$)/);
    await expect(ingest).toHaveAttribute('data-phase', 'shadow');
    await expect(page.getByTestId('migration-phase')).toHaveAttribute('data-phase', 'shadowing');
    await expect(page.getByTestId('lag-telemetry-ingest')).toHaveAttribute(
      'data-value',
      String(storyLag('telemetry-ingest', 50).lag),
    );
  });

  test("replay - the gate judges the recorded groups and cluster at the tab's moment", async ({
    page,
  }) => {
    await page.goto('/?t=151&speed=0');
    await expect(page.getByTestId('gate-groups')).toHaveAttribute('data-state', 'pass');
    await expect(page.getByTestId('gate-groups')).toContainText('2 groups within thresholds');
    await expect(page.getByTestId('gate-cluster')).toHaveAttribute('data-state', 'pass');
    // During the recorded node failure the cluster check fails, from the recording too.
    await page.goto('/?t=84&speed=0');
    await expect(page.getByTestId('gate-cluster')).toHaveAttribute('data-state', 'fail');
    await expect(page.getByTestId('gate-cluster')).toContainText('cutover-n1 is down');
  });

  test('replay - pause holds the figures and the position', async ({ page }) => {
    await page.goto('/?window=1m&t=100&speed=4');
    await expect(page.getByTestId('window-p99-nats')).toHaveAttribute('data-value-us', /^[1-9]/, {
      timeout: 20_000,
    });
    await page.getByTestId('replay-toggle').click();
    await expect(page).toHaveURL(/[?&]speed=0(&|$)/);
    await expect(page.getByTestId('replay-toggle')).toHaveAttribute('aria-pressed', 'true');
    const at = await position(page);
    const t = Math.floor(at / 1000);
    // What a tab that watched up to the paused moment shows, once the pause has rebuilt it.
    const expected = expectedAt(storyFile, at, 60_000);
    await expect(page.getByTestId('window-p99-nats')).toHaveAttribute(
      'data-value-us',
      String(expected.windowP99Us('nats')),
      { timeout: 20_000 },
    );
    const p99 = await page.getByTestId('window-p99-nats').getAttribute('data-value-us');
    const headline = await page.getByTestId('headline').textContent();
    await page.waitForTimeout(3_000);
    expect(await position(page)).toBe(at);
    await expect(page.getByTestId('window-p99-nats')).toHaveAttribute('data-value-us', p99!);
    await expect(page.getByTestId('headline')).toHaveText(headline!);
    await expect(page).toHaveURL(new RegExp(`[?&]t=${t}(&|$)`));
  });

  test('replay - speed changes move the position at 1×, 4× and 16×', async ({ page }) => {
    await page.goto('/?t=10&speed=1');
    await expect(page.getByTestId('replay-speed-1')).toHaveAttribute('aria-pressed', 'true');
    const toggle = page.getByTestId('replay-toggle');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    for (const speed of [1, 4, 16]) {
      // Paused, a speed is the one play resumes at; play, wait, pause: the paused position
      // is the controller's own, whatever the page managed to draw in between.
      await page.getByTestId(`replay-speed-${speed}`).click();
      await expect(page.getByTestId(`replay-speed-${speed}`)).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      const from = await position(page);
      const playStart = Date.now();
      await toggle.click();
      const playEnd = Date.now();
      await expect(page).toHaveURL(new RegExp(`[?&]speed=${speed}(&|$)`));
      await page.waitForTimeout(2_000);
      const pauseStart = Date.now();
      await toggle.click();
      const pauseEnd = Date.now();
      await expect(toggle).toHaveAttribute('aria-pressed', 'true');
      await expect(page).toHaveURL(/[?&]speed=0(&|$)/);
      const moved = (await position(page)) - from;
      expect(moved).toBeGreaterThanOrEqual(speed * (pauseStart - playEnd) - 50);
      expect(moved).toBeLessThanOrEqual(speed * (pauseEnd - playStart) + 50);
    }
  });

  test('replay - the timeline marks phase changes and faults; a mark seeks there', async ({
    page,
  }) => {
    await page.goto('/?t=0&speed=0');
    const marks = page.getByTestId('replay-marker');
    await expect(marks.and(page.locator('[data-kind="phase"]'))).toHaveCount(STORY_STEPS.length);
    await expect(marks.and(page.locator('[data-kind="fault"]'))).toHaveCount(1);
    await expect(marks.and(page.locator('[data-kind="cluster"]'))).toHaveCount(2);
    await marks.and(page.locator('[data-kind="fault"]')).click();
    await expect(page.getByTestId('replay-position')).toHaveAttribute(
      'data-position-ms',
      String(STORY_FAULT_S * 1000),
    );
    await expect(page).toHaveURL(new RegExp(`[?&]t=${STORY_FAULT_S}(&|$)`));
  });

  test('replay - the banner and the position stay on every page', async ({ page }) => {
    await page.goto('/?t=30&speed=1');
    for (const [link, path] of [
      ['Latency', '/latency'],
      ['Parity', '/parity'],
      ['Groups', '/groups'],
      ['Cost', '/cost'],
      ['Cluster', '/cluster'],
      ['Overview', '/'],
    ] as const) {
      const before = await position(page);
      await page
        .getByRole('navigation', { name: 'pages' })
        .getByRole('link', { name: link })
        .click();
      await expect(page).toHaveURL(new RegExp(`^[^?]*${path === '/' ? '/' : path}\\?.*t=\\d+`));
      await expect(page.getByTestId('replay-banner')).toContainText('REPLAY — not live data');
      await expect(page.getByTestId('replay-controls')).toBeVisible();
      // Navigating keeps the tab's replay going: it does not start over.
      expect(await position(page)).toBeGreaterThanOrEqual(before);
    }
    await page.screenshot({ path: test.info().outputPath('replay-v2.png'), fullPage: true });
  });
});
