#!/usr/bin/env bash
# Stops the local broker stack started by stack-up.sh and deletes its temp data dirs.
# Silent when nothing is running, so it is safe in traps and CI cleanup steps.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Kafka first: it is the slower one to shut down; order is otherwise irrelevant.
svc_stop kafka
svc_stop nats
