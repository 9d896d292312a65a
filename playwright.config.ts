import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { readClusterEnv } from './lib/testing/cluster';

const port = Number(process.env.E2E_PORT ?? 3100);
export const replayPort = port + 1;
/** The dashboard on the 3-node cluster (scripts/stack-up.sh --cluster; its WS origins allow it). */
export const clusterPort = 3200;

/**
 * The live server's migration config: the shipped file (cost table and all) with one
 * consumer group, a KV bucket and stream the tests own, and a 5-second SLA hold so the
 * gate test can satisfy every condition quickly. Written, not checked in, so it follows
 * config/cutover.json.
 */
export const E2E_GROUP = {
  name: 'e2e-ingest',
  language: 'go',
  kafkaGroupId: 'e2e-gate-ingest',
  stream: 'E2E_GATE',
  durable: 'e2e-ingest',
};
export const E2E_BUCKET = 'cutover_migration_e2e';
/** The parity ledger the e2e gate judges (a report of any other ledger must not count). */
export const E2E_LEDGER = 'e2e-gate';
export const e2eConfigFile = path.resolve('.cutover/e2e/cutover.json');
const shipped = JSON.parse(readFileSync('config/cutover.json', 'utf8')) as Record<string, object>;
mkdirSync(path.dirname(e2eConfigFile), { recursive: true });
writeFileSync(
  e2eConfigFile,
  JSON.stringify({
    ...shipped,
    consumerGroups: [E2E_GROUP],
    probe: {},
    migration: { bucket: E2E_BUCKET, standbyHours: 72 },
    gate: { ...shipped.gate, slaHoldSeconds: 5, parityLedger: E2E_LEDGER },
  }),
);

// Debian's Chromium (Playwright cannot download its own browsers here).
export default defineConfig({
  testDir: 'e2e',
  outputDir: '.cutover/test-results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: '.cutover/reports/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 1000 } },
    },
  ],
  webServer: [
    {
      // `npm test` builds first; the server is the production one, as users run it.
      command: `npx next start -p ${port} -H 127.0.0.1`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: {
        NEXT_TELEMETRY_DISABLED: '1',
        CUTOVER_SOURCE: 'live',
        CUTOVER_CONFIG: e2eConfigFile,
        // Tests assert exact figures of the windows they publish; the last minute of other
        // tests' windows would mix in. The replay server keeps the default (replay.spec).
        CUTOVER_RECENT_SECONDS: '0',
      },
    },
    {
      // The embedded default: the shipped recording, here at 5× so the test sees data soon.
      command: `npx next start -p ${replayPort} -H 127.0.0.1`,
      url: `http://127.0.0.1:${replayPort}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: { NEXT_TELEMETRY_DISABLED: '1', CUTOVER_SOURCE: 'replay', CUTOVER_REPLAY_SPEED: '5' },
    },
    {
      // The cluster's dashboard (e2e/failover.spec.ts): the seed lists of cluster.env. Without
      // a cluster it still starts, on the single node's defaults, and the spec says so.
      command: `npx next start -p ${clusterPort} -H 127.0.0.1`,
      url: `http://127.0.0.1:${clusterPort}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: {
        NEXT_TELEMETRY_DISABLED: '1',
        CUTOVER_SOURCE: 'live',
        CUTOVER_RECENT_SECONDS: '0',
        ...(readClusterEnv() ?? {}),
      },
    },
  ],
});
