#!/usr/bin/env bash
# `npm test`: every kind of test against the real stack, then one closing line
# "N passed, N failed". Sets up what is missing and starts the brokers (the single node and
# the 3-node cluster) if they are not running, and stops again what it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export NEXT_TELEMETRY_DISABLED=1
export CUTOVER_SOURCE=live

bash "$SCRIPTS/setup.sh"

started_stack=0 started_cluster=0
cleanup() {
  ((started_cluster)) && bash "$SCRIPTS/stack-down.sh" --cluster
  # The single node only: a cluster somebody else started stays up.
  ((started_stack)) && { svc_stop kafka; svc_stop nats; }
  started_stack=0 started_cluster=0
}
trap cleanup EXIT
if ! svc_pid nats >/dev/null || ! svc_pid kafka >/dev/null; then
  started_stack=1
  bash "$SCRIPTS/stack-up.sh"
fi
# The 3-node cluster too (its tests read .cutover/run/cluster.env); stopped afterwards only
# if no node of it was running before.
(($(cluster_running) == 0)) && started_cluster=1
bash "$SCRIPTS/stack-up.sh" --cluster

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
