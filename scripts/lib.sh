# shellcheck shell=bash disable=SC2034  # settings are used by the sourcing scripts
# Shared settings and helpers for the local broker stack scripts. Sourced, not run.
# Everything is overridable from the environment so CI and parallel checkouts can
# move ports/dirs without editing scripts.
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$SCRIPTS")"
# Absolute paths: the run dir is matched against process command lines (svc_pid).
TOOLS="$(realpath -m "${CUTOVER_TOOLS_DIR:-$ROOT/.tools}")"
RUN="$(realpath -m "${CUTOVER_RUN_DIR:-$ROOT/.cutover/run}")"
LOGS="$(realpath -m "${CUTOVER_LOG_DIR:-$ROOT/.cutover/logs}")"

NATS_VERSION=2.11.17
NATS_BIN="$TOOLS/nats-server-v$NATS_VERSION/nats-server"
KAFKA_VERSION=3.7.2
KAFKA_HOME="$TOOLS/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"

NATS_PORT="${CUTOVER_NATS_PORT:-4222}"
NATS_MONITOR_PORT="${CUTOVER_NATS_MONITOR_PORT:-8222}"
NATS_WS_PORT="${CUTOVER_NATS_WS_PORT:-4223}"
NATS_WS_ALLOWED_ORIGINS="${CUTOVER_NATS_WS_ALLOWED_ORIGINS:-http://localhost:3000,http://127.0.0.1:3000,http://localhost:3100,http://127.0.0.1:3100,http://localhost:3200,http://127.0.0.1:3200,http://127.0.0.1:3300}"
NATS_PROBE_USER="${CUTOVER_NATS_PROBE_USER:-cutover-probe}"
NATS_PROBE_PASS="${CUTOVER_NATS_PROBE_PASS:-cutover-probe-dev}"
NATS_BROWSER_USER="${CUTOVER_NATS_BROWSER_USER:-cutover-browser}"
NATS_BROWSER_PASS="${CUTOVER_NATS_BROWSER_PASS:-cutover-browser-readonly}"
KAFKA_PORT="${CUTOVER_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${CUTOVER_KAFKA_CONTROLLER_PORT:-9093}"

# The cluster (bash scripts/stack-up.sh --cluster) runs beside the single node: node N
# (1..3) of each kind listens on its base port + N - 1 (.cutover/cluster-contract.md).
CLUSTER_NODES=(1 2 3)
CLUSTER_NATS_PORT="${CUTOVER_CLUSTER_NATS_PORT:-4250}"
CLUSTER_NATS_WS_PORT="${CUTOVER_CLUSTER_NATS_WS_PORT:-4260}"
CLUSTER_NATS_MONITOR_PORT="${CUTOVER_CLUSTER_NATS_MONITOR_PORT:-8250}"
CLUSTER_NATS_ROUTE_PORT="${CUTOVER_CLUSTER_NATS_ROUTE_PORT:-6250}"
CLUSTER_KAFKA_PORT="${CUTOVER_CLUSTER_KAFKA_PORT:-9192}"
CLUSTER_KAFKA_CONTROLLER_PORT="${CUTOVER_CLUSTER_KAFKA_CONTROLLER_PORT:-9292}"
# Three brokers beside NATS, the probe, the dashboard and Chromium on 2 cores / 24 GiB.
CLUSTER_KAFKA_HEAP="${CUTOVER_CLUSTER_KAFKA_HEAP:--Xms256m -Xmx512m}"
CLUSTER_REPLICAS=3
CLUSTER_KAFKA_MIN_ISR=2
CLUSTER_ENV="$RUN/cluster.env"

log()  { printf '[cutover] %s\n' "$*" >&2; }
warn() { printf '[cutover] WARN: %s\n' "$*" >&2; }
die()  { printf '[cutover] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
# since T0_MS -> "1.2s"
since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)); }

# True if something accepts TCP connections on 127.0.0.1:PORT (no nc needed).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Refuse to start next to a foreign listener: readiness probes would hit it and
# report success for a broker that never started.
require_free_ports() {
  local p
  for p in "$@"; do port_open "$p" && die "127.0.0.1:$p is already in use (another broker running?)"; done
  return 0
}

# wait_for SECONDS PID CMD... : poll CMD until it succeeds. Gives up early if PID
# (the process being waited on) dies, so a crash doesn't cost the whole timeout.
wait_for() {
  local timeout=$1 pid=$2; shift 2
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || { warn "process $pid exited while waiting for: $*"; return 1; }
    (( $(now_ms) < deadline )) || { warn "timed out after ${timeout}s waiting for: $*"; return 1; }
    sleep 0.25
  done
}

# svc_pid NAME: print the PID from $RUN/NAME.pid if that process is alive AND its
# command line mentions $RUN (guards against a stale PID file whose PID was reused
# by an unrelated process, e.g. after a reboot, which we must never kill).
svc_pid() {
  local pid
  pid="$(cat "$RUN/$1.pid" 2>/dev/null)" || return 1
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$RUN/" || return 1
  echo "$pid"
}

# svc_halt NAME [SIGNAL] [GRACE_S]: sends SIGNAL (default TERM) and waits up to GRACE_S
# (default 15) for the process to exit, then SIGKILLs it. Keeps its data dir, so the
# service can be started again on the same data (a cluster node rejoining).
svc_halt() {
  local name=$1 sig=${2:-TERM} grace=${3:-15} pid
  pid="$(svc_pid "$name")" || { rm -f "$RUN/$name.pid"; return 0; }
  log "$name: stopping with SIG$sig (pid $pid)"
  kill "-$sig" "$pid" 2>/dev/null || true
  # A frozen process (a drill's SIGSTOP) acts on the signal only once it runs again.
  kill -CONT "$pid" 2>/dev/null || true
  for _ in $(seq $((grace * 4))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$name: still alive after ${grace}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$RUN/$name.pid"
}

# svc_drop_data NAME: deletes the temp data dir recorded in $RUN/NAME.data.
svc_drop_data() {
  local name=$1 data
  data="$(cat "$RUN/$name.data" 2>/dev/null)" || data=""
  # Only delete what mktemp gave us; a corrupted .data file must not rm -rf elsewhere.
  [[ $data == */cutover-"$name".* && -d $data ]] && rm -rf -- "$data"
  rm -f "$RUN/$name.data"
}

# svc_stop NAME: SIGTERM, up to 15 s grace, then SIGKILL; then drop its PID file and
# temp data dir ($RUN/NAME.data holds the path). Quiet when there is nothing to do.
svc_stop() {
  svc_halt "$1" TERM 15
  svc_drop_data "$1"
}

# svc_stop_all NAME...: svc_stop for several services at once. A KRaft quorum whose
# nodes leave one by one keeps the last ones waiting for controllers that are gone.
svc_stop_all() {
  local name pids=()
  for name in "$@"; do svc_halt "$name" TERM 15 & pids+=($!); done
  for name in "${pids[@]}"; do wait "$name" || true; done
  for name in "$@"; do svc_drop_data "$name"; done
}

# Startup failed: show why, then tear down so the next run doesn't see a half-started service.
start_failed() {
  local name=$1; shift
  warn "$name did not become ready; last 40 log lines:"
  tail -n 40 "$@" >&2 || true
  svc_stop "$name"
  die "$name failed to start (logs: $*)"
}

# NATS config strings are double-quoted; escape what would break out of them.
q() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }

# nats_conf CLIENT_PORT MONITOR_PORT WS_PORT STORE_DIR [EXTRA]: a NATS config on stdout,
# the same listeners and users for the single node and every cluster node; EXTRA is
# appended verbatim (server name, cluster block).
nats_conf() {
  local port=$1 monitor=$2 ws=$3 store=$4 extra=${5:-} origins="" o list
  # Comma list -> quoted config array; `read` trims the blanks around each entry.
  IFS=, read -ra list <<<"$NATS_WS_ALLOWED_ORIGINS"
  for o in "${list[@]}"; do
    read -r o <<<"$o" || true
    [[ -n $o ]] && origins+="${origins:+, }$(q "$o")"
  done
  cat <<CONF
# Generated by scripts/stack-up.sh; edits are overwritten on the next start.
listen: "127.0.0.1:$port"
http: "127.0.0.1:$monitor"

websocket {
  listen: "127.0.0.1:$ws"
  no_tls: true   # loopback dev only
  allowed_origins: [$origins]
}

jetstream {
  store_dir: $(q "$store")
}

authorization {
  users: [
    # Server-side probe: needs JetStream API, KV and inboxes, so no restrictions.
    { user: $(q "$NATS_PROBE_USER"), password: $(q "$NATS_PROBE_PASS") }
    # Browser dashboard: WebSocket only, read-only on the cutover.v1 subjects.
    {
      user: $(q "$NATS_BROWSER_USER"), password: $(q "$NATS_BROWSER_PASS")
      allowed_connection_types: ["WEBSOCKET"]
      permissions: {
        publish: { deny: ">" }
        subscribe: { allow: ["cutover.v1.>"] }
      }
    }
  ]
}
$extra
CONF
}

# nats_healthy MONITOR_PORT: 200 only once JetStream is up, not merely the client port.
nats_healthy() {
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
    "http://127.0.0.1:$1/healthz?js-enabled-only=true") == 200 ]]
}

# kafka_log4j SERVER_LOG: a reload4j config on stdout that writes the broker's log to
# SERVER_LOG, truncated per start so readiness only ever sees this run's lines.
kafka_log4j() {
  cat <<CONF
# Generated by scripts/stack-up.sh. Read by reload4j (log4j 1.x API).
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$1
# Truncate per start, so readiness only ever sees this run's "Kafka Server started".
log4j.appender.file.Append=false
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
# Per-request, per-partition and per-segment chatter.
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel\$=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log=WARN
log4j.logger.org.apache.kafka.storage=WARN
log4j.logger.kafka.cluster.Partition=WARN
log4j.logger.kafka.authorizer.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
CONF
}

# kafka_java DIR: the java command line (as words) for a Kafka node configured in DIR.
kafka_java() {
  printf '%s\n' java "-Dlog4j.configuration=file:$1/log4j.properties" -cp "$KAFKA_LIBS/*"
}

# A KRaft cluster id as StorageTool random-uuid makes it (16 random bytes, URL-safe
# base64, never starting with '-'), without starting a JVM for it.
kafka_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    [[ $id != -* ]] && { echo "$id"; return; }
  done
}

# kafka_started SERVER_LOG PORT: the port opens before the broker finishes
# recovery/registration; the log line (KafkaBroker.STARTED_MESSAGE) marks the point
# where it actually serves clients.
kafka_started() {
  port_open "$2" && grep -qF "Kafka Server started" "$1" 2>/dev/null
}

# ---- cluster nodes (scripts/cluster-up.sh writes their configs, cluster-node.sh restarts them)

# cluster_nats_launch N: starts cluster NATS node N from its config in $RUN (its store dir
# is whatever that config names, so a restart rejoins with its data). Does not wait.
cluster_nats_launch() {
  local n=$1 name="nats-n$1" pid
  require_free_ports $((CLUSTER_NATS_PORT + n - 1)) $((CLUSTER_NATS_MONITOR_PORT + n - 1)) \
    $((CLUSTER_NATS_WS_PORT + n - 1)) $((CLUSTER_NATS_ROUTE_PORT + n - 1))
  # Appended, not truncated: a drill's kills and restarts stay readable in one file.
  printf '\n==== %s start %s\n' "$name" "$(date -u +%FT%TZ)" >>"$LOGS/$name.log"
  nohup "$NATS_BIN" -c "$RUN/$name.conf" >>"$LOGS/$name.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$RUN/$name.pid"
}

# cluster_nats_ready N: JetStream up on node N and the node knows the meta leader.
cluster_nats_ready() {
  local monitor=$((CLUSTER_NATS_MONITOR_PORT + $1 - 1))
  nats_healthy "$monitor" || return 1
  # /jsz is pretty-printed: squeeze the blanks out before matching.
  curl -s --max-time 2 "http://127.0.0.1:$monitor/jsz" | tr -d ' \n' |
    grep -qE '"meta_cluster":\{[^}]*"leader":"[^"]+"'
}

# cluster_kafka_launch N: starts cluster Kafka node N on its formatted data dir. Does not wait.
cluster_kafka_launch() {
  local n=$1 name="kafka-n$1" dir="$RUN/kafka-n$1" pid java heap
  require_free_ports $((CLUSTER_KAFKA_PORT + n - 1)) $((CLUSTER_KAFKA_CONTROLLER_PORT + n - 1))
  mapfile -t java < <(kafka_java "$dir")
  read -ra heap <<<"$CLUSTER_KAFKA_HEAP"
  # The server log is truncated per start (readiness); keep the previous run's beside it.
  [[ -f $LOGS/$name-server.log ]] && mv -f "$LOGS/$name-server.log" "$LOGS/$name-server.log.1"
  printf '\n==== %s start %s\n' "$name" "$(date -u +%FT%TZ)" >>"$LOGS/$name.log"
  nohup "${java[@]}" "${heap[@]}" kafka.Kafka "$dir/server.properties" >>"$LOGS/$name.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$RUN/$name.pid"
}

cluster_kafka_ready() {
  kafka_started "$LOGS/kafka-n$1-server.log" $((CLUSTER_KAFKA_PORT + $1 - 1))
}

# cluster_wait KIND N SECONDS: waits for node N of KIND (nats|kafka) to be ready; on
# failure prints its log's tail and returns 1 (the caller decides what to tear down).
cluster_wait() {
  local kind=$1 n=$2 timeout=$3 name="$1-n$2" pid
  pid="$(cat "$RUN/$name.pid" 2>/dev/null)" || { warn "$name: no PID file"; return 1; }
  if ! wait_for "$timeout" "$pid" "cluster_${kind}_ready" "$n"; then
    warn "$name did not become ready; last 30 log lines:"
    if [[ $kind == kafka ]]; then tail -n 30 "$LOGS/$name-server.log" "$LOGS/$name.log" >&2 || true
    else tail -n 30 "$LOGS/$name.log" >&2 || true; fi
    return 1
  fi
}

# cluster_running: how many of the cluster's six nodes are up.
cluster_running() {
  local kind n up=0
  for kind in nats kafka; do
    for n in "${CLUSTER_NODES[@]}"; do svc_pid "$kind-n$n" >/dev/null && up=$((up + 1)); done
  done
  echo "$up"
}

# The cluster's seed lists, comma-separated, as the contract's cluster.env has them.
cluster_list() {
  local scheme=$1 base=$2 out="" n
  for n in "${CLUSTER_NODES[@]}"; do out+="${out:+,}${scheme}127.0.0.1:$((base + n - 1))"; done
  echo "$out"
}
