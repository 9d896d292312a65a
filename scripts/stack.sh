#!/usr/bin/env bash
# `npm run stack`: the whole thing on this machine. Installs what is missing, starts
# NATS and Kafka on loopback, builds and serves the dashboard, runs the probe against
# both brokers, and on Ctrl-C stops all of it (the probe prints its summary first).
# `npm run stack -- --cluster`: the same on the 3-node NATS and Kafka clusters
# (scripts/cluster-up.sh), the dashboard and probe given every node's address.
# Other arguments go to the probe, e.g. `npm run stack -- --rate 5000`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export NEXT_TELEMETRY_DISABLED=1
# The brokers are ours and running: read them, not the shipped recording.
export CUTOVER_SOURCE=live
port="${PORT:-3000}"

cluster=0
[[ ${CUTOVER_CLUSTER:-0} == 1 ]] && cluster=1
probe_args=()
for arg in "$@"; do
  if [[ $arg == --cluster ]]; then cluster=1; else probe_args+=("$arg"); fi
done

bash "$SCRIPTS/setup.sh"
if ((cluster)); then
  bash "$SCRIPTS/stack-up.sh" --cluster
  # The seed lists, replicas and min ISR, for the dashboard and the probe alike.
  # shellcheck source=/dev/null
  source "$CLUSTER_ENV"
else
  bash "$SCRIPTS/stack-up.sh"
fi

pids=()
shutdown() {
  trap - INT TERM EXIT
  log "stopping probe, dashboard and brokers"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((cluster)); then bash "$SCRIPTS/stack-down.sh" --cluster; else bash "$SCRIPTS/stack-down.sh"; fi
}
trap shutdown INT TERM EXIT

log "dashboard: building (log in $LOGS/next-build.log)"
npx next build >"$LOGS/next-build.log" 2>&1 || { tail -40 "$LOGS/next-build.log"; die "next build failed"; }
node_modules/.bin/next start -p "$port" >"$LOGS/dashboard.log" 2>&1 &
pids+=($!)
wait_for 60 "${pids[0]}" curl -fsS -o /dev/null "http://127.0.0.1:$port/" || die "dashboard did not start, see $LOGS/dashboard.log"

node --import tsx scripts/probe.ts "${probe_args[@]}" &
pids+=($!)
log "Cutover is live at http://localhost:$port  (Ctrl-C stops everything)"
wait "${pids[@]}"
