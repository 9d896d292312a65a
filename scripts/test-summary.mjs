// Sums the Vitest (unit + integration) and Playwright (e2e) JSON reports into the one
// closing line CI reads: "N passed, N failed". A missing report counts as a failure.
import { existsSync, readFileSync } from 'node:fs';

const [vitestPath, playwrightPath, ...extraFailures] = process.argv.slice(2);
let passed = 0;
let failed = extraFailures.length;
let skipped = 0;
for (const why of extraFailures) console.log(`FAILED step: ${why}`);

if (existsSync(vitestPath)) {
  const v = JSON.parse(readFileSync(vitestPath, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
  console.log(
    `vitest (unit + integration): ${v.numPassedTests} passed, ${v.numFailedTests} failed`,
  );
} else {
  failed += 1;
  console.log('vitest: no report');
}

if (existsSync(playwrightPath)) {
  const { stats } = JSON.parse(readFileSync(playwrightPath, 'utf8'));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  skipped += stats.skipped;
  console.log(
    `playwright (e2e): ${stats.expected + stats.flaky} passed (${stats.flaky} flaky), ${stats.unexpected} failed`,
  );
} else {
  failed += 1;
  console.log('playwright: no report');
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
