#!/usr/bin/env bash
# Installs nats-server by building it with the Go toolchain: the Go module proxy is
# reachable from our machines, GitHub release downloads are not. Cached per version.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ -x $NATS_BIN ]]; then
  log "nats-server $NATS_VERSION: cached at $NATS_BIN"
  exit 0
fi
command -v go >/dev/null || die "go is required to build nats-server"

log "nats-server $NATS_VERSION: building from source (about a minute, first time only)"
t0=$(now_ms)
# go install only writes the binary once the build succeeded, so an interrupted
# run never leaves a half-built binary that the cache check above would accept.
GOBIN="$(dirname "$NATS_BIN")" go install "github.com/nats-io/nats-server/v2@v$NATS_VERSION"
log "nats-server $NATS_VERSION: installed in $(since "$t0") -> $("$NATS_BIN" --version)"
