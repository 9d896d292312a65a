#!/usr/bin/env bash
# Stops the local broker stack started by stack-up.sh and deletes its temp data dirs:
# the single node and the cluster, or with --cluster the cluster only.
# Silent when nothing is running, so it is safe in traps and CI cleanup steps.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cluster_only=0
for arg in "$@"; do
  case $arg in
    --cluster) cluster_only=1 ;;
    *) die "stack-down.sh: unknown argument '$arg' (only --cluster)" ;;
  esac
done

# The cluster's nodes all at once: stopped one by one, the last Kafka nodes would wait
# for a controller quorum that is already gone.
cluster=()
for n in "${CLUSTER_NODES[@]}"; do cluster+=("kafka-n$n" "nats-n$n"); done
svc_stop_all "${cluster[@]}"
rm -f "$CLUSTER_ENV"
((cluster_only)) && exit 0

# Kafka first: it is the slower one to shut down; order is otherwise irrelevant.
svc_stop kafka
svc_stop nats
