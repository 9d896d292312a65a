#!/usr/bin/env bash
# `npm run drill:failover`: the failover drill (bench/failover.ts) on the 3-node clusters.
# Starts them if they are not running (and stops them afterwards if it did), builds the
# dashboard if there is no build, and runs the drill with the clusters' seed lists.
# FAILOVER_REPS (default 10) runs of each fault; FAILOVER_RATE (2000) msg/s; FAILOVER_KINDS
# (e.g. kafka_freeze) only some faults, FAILOVER_NAME the docs section they go to.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export NEXT_TELEMETRY_DISABLED=1

started=0
if [[ ! -f $RUN/cluster.env ]] || ! svc_pid nats-n1 >/dev/null; then
  bash "$SCRIPTS/stack-up.sh" --cluster
  started=1
fi
cleanup() { ((started)) && bash "$SCRIPTS/stack-down.sh" --cluster; started=0; }
trap cleanup EXIT

# shellcheck source=/dev/null
source "$RUN/cluster.env"
export CUTOVER_SOURCE=live
[[ -f .next/BUILD_ID ]] || npx next build
node --import tsx bench/failover.ts
