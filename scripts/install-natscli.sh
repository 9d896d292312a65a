#!/usr/bin/env bash
# Installs the NATS CLI (for `nats bench` in the probe benchmark) with go install,
# like nats-server. Cached per version; only the benchmark needs it.
# 0.5.0 is the newest release known to build here (the proxy lists 0.5.1, which did not
# fetch whole). Its `nats bench js pub sync` reports latency per publish (send → ack);
# its consumers (js consume, fetch, ordered) report throughput only, so bench:probe
# measures JetStream end to end with a bare nats.js client beside it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NATSCLI_VERSION=0.5.0
bin="$TOOLS/natscli-v$NATSCLI_VERSION/nats"
if [[ -x $bin ]]; then
  echo "$bin"
  exit 0
fi
log "natscli $NATSCLI_VERSION: building from source (first time only)"
t0=$(now_ms)
GOBIN="$(dirname "$bin")" go install "github.com/nats-io/natscli/nats@v$NATSCLI_VERSION" >&2
log "natscli $NATSCLI_VERSION: installed in $(since "$t0")"
echo "$bin"
