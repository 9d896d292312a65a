#!/usr/bin/env bash
# `npm run demo`: the dashboard on its embedded default, a replay of a real probe run
# recorded against real brokers (data/recordings/demo.ndjson.gz; CUTOVER_REPLAY_FILE picks
# another, docs/recording.md). Needs only Node.js: no broker is installed or started. Every
# page says it is a replay, and each tab replays from the position in its URL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export NEXT_TELEMETRY_DISABLED=1
port="${PORT:-3000}"

bash "$SCRIPTS/setup.sh" --app-only
mkdir -p "$LOGS"
log "dashboard: building (log in $LOGS/next-build.log)"
npx next build >"$LOGS/next-build.log" 2>&1 || { tail -40 "$LOGS/next-build.log"; die "next build failed"; }
log "Cutover (replay) at http://localhost:$port  (Ctrl-C stops it)"
log "the banner's timeline seeks, pauses and plays at 1×/4×/16×; ?t=SECONDS&speed=N in a link lands on that moment"
exec node_modules/.bin/next start -p "$port"
