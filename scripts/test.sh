#!/usr/bin/env bash
# `npm test`: every kind of test against the real stack, then one closing line
# "N passed, N failed". Sets up what is missing and starts the brokers if they are
# not running (and stops them again afterwards if it started them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export NEXT_TELEMETRY_DISABLED=1
export CUTOVER_SOURCE=live

bash "$SCRIPTS/setup.sh"

started_stack=0
if ! svc_pid nats >/dev/null || ! svc_pid kafka >/dev/null; then
  bash "$SCRIPTS/stack-up.sh"
  started_stack=1
fi
cleanup() { ((started_stack)) && bash "$SCRIPTS/stack-down.sh"; started_stack=0; }
trap cleanup EXIT

reports="$ROOT/.cutover/reports"
rm -rf "$reports" && mkdir -p "$reports"
failed_steps=()

log "lint and typecheck"
npx eslint . --max-warnings=0 || failed_steps+=("lint (npm run lint)")
npx prettier --check . >/dev/null || failed_steps+=("formatting (npm run format:check)")
npx tsc --noEmit || failed_steps+=("typecheck (npm run typecheck)")

log "unit + integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json" || true

log "production build for the e2e tests"
if npx next build >"$LOGS/next-build.log" 2>&1; then
  log "e2e tests (playwright, Debian chromium)"
  npx playwright test || true
else
  tail -40 "$LOGS/next-build.log"
  failed_steps+=("next build (see $LOGS/next-build.log)")
fi

# Stop the brokers first so that the summary is the very last line of output.
cleanup
trap - EXIT
exec node "$SCRIPTS/test-summary.mjs" "$reports/vitest.json" "$reports/playwright.json" "${failed_steps[@]}"
