#!/usr/bin/env bash
# `npm run reliability`: the long fault drills (bench/reliability.ts) on a broker stack of
# their own. They restart, freeze and stop brokers, so they must never touch the stack on
# the default ports that tests and other checkouts share: ports, run and log dirs all
# move (each overridable), and the stack is torn down afterwards. Needs `next build` first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CUTOVER_RUN_DIR="${CUTOVER_RELIABILITY_RUN_DIR:-$PWD/.cutover/run-reliability}"
export CUTOVER_LOG_DIR="${CUTOVER_RELIABILITY_LOG_DIR:-$PWD/.cutover/logs-reliability}"
export CUTOVER_NATS_PORT="${CUTOVER_RELIABILITY_NATS_PORT:-5222}"
export CUTOVER_NATS_WS_PORT=$((CUTOVER_NATS_PORT + 1))
export CUTOVER_NATS_MONITOR_PORT=$((CUTOVER_NATS_PORT + 4000))
export CUTOVER_KAFKA_PORT="${CUTOVER_RELIABILITY_KAFKA_PORT:-9592}"
export CUTOVER_KAFKA_CONTROLLER_PORT=$((CUTOVER_KAFKA_PORT + 1))
export RELIABILITY_PORT="${RELIABILITY_PORT:-3602}"
export CUTOVER_NATS_WS_ALLOWED_ORIGINS="http://127.0.0.1:$RELIABILITY_PORT"
export NEXT_TELEMETRY_DISABLED=1
unset CUTOVER_NATS_URL CUTOVER_NATS_WS_URL CUTOVER_KAFKA_BROKERS

[[ -f .next/BUILD_ID ]] || npx next build
bash scripts/stack-up.sh
trap 'bash scripts/stack-down.sh' EXIT
node --import tsx bench/reliability.ts
