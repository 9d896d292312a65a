#!/usr/bin/env bash
# One node of the cluster (scripts/cluster-up.sh), for failover drills:
#   cluster-node.sh kill  nats|kafka N   SIGKILL: a crash, nothing flushed or handed over
#   cluster-node.sh stop  nats|kafka N   SIGTERM: NATS shuts down cleanly, Kafka does a
#                                        controlled shutdown (leadership moves first)
#   cluster-node.sh start nats|kafka N   starts it again on the SAME data dir and waits
#                                        until it serves (it rejoins and catches up)
#   cluster-node.sh freeze nats|kafka N  SIGSTOP: a hung node, which still accepts TCP
#                                        connections (the kernel does) but answers nothing
#   cluster-node.sh thaw nats|kafka N    SIGCONT: the hung node runs on
#   cluster-node.sh status               every node: up (pid) or down
# N is 1..3. Prints the affected PID on stdout; progress goes to stderr.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { die "usage: cluster-node.sh kill|stop|start|freeze|thaw nats|kafka N  |  cluster-node.sh status"; }

if [[ ${1:-} == status ]]; then
  for kind in nats kafka; do
    for n in "${CLUSTER_NODES[@]}"; do
      if pid="$(svc_pid "$kind-n$n")"; then echo "$kind-n$n up $pid"; else echo "$kind-n$n down"; fi
    done
  done
  exit 0
fi

(($# == 3)) || usage
action=$1 kind=$2 n=$3
[[ $kind == nats || $kind == kafka ]] || usage
[[ " ${CLUSTER_NODES[*]} " == *" $n "* ]] || usage
name="$kind-n$n"

case $action in
  kill)
    pid="$(svc_pid "$name")" || die "$name is not running"
    svc_halt "$name" KILL 5
    echo "$pid"
    ;;
  stop)
    pid="$(svc_pid "$name")" || die "$name is not running"
    # A controlled shutdown waits for the controller to move this broker's leaderships.
    if [[ $kind == kafka ]]; then svc_halt "$name" TERM 60; else svc_halt "$name" TERM 30; fi
    echo "$pid"
    ;;
  freeze | thaw)
    pid="$(svc_pid "$name")" || die "$name is not running"
    if [[ $action == freeze ]]; then kill -STOP "$pid"; else kill -CONT "$pid"; fi
    log "$name: $action (pid $pid)"
    echo "$pid"
    ;;
  start)
    if pid="$(svc_pid "$name")"; then log "$name: already running (pid $pid)"; echo "$pid"; exit 0; fi
    data="$(cat "$RUN/$name.data" 2>/dev/null)" || data=""
    [[ -d $data ]] || die "$name has no data dir: start the cluster with stack-up.sh --cluster"
    t0=$(now_ms)
    if [[ $kind == nats ]]; then
      [[ -f $RUN/$name.conf ]] || die "$name has no config in $RUN"
      cluster_nats_launch "$n"
      cluster_wait nats "$n" 60 || die "$name did not come back (log: $LOGS/$name.log)"
    else
      [[ -f $RUN/$name/server.properties ]] || die "$name has no config in $RUN/$name"
      cluster_kafka_launch "$n"
      cluster_wait kafka "$n" 120 || die "$name did not come back (log: $LOGS/$name-server.log)"
    fi
    pid="$(svc_pid "$name")"
    log "$name: serving again in $(since "$t0") (pid $pid)"
    echo "$pid"
    ;;
  *) usage ;;
esac
