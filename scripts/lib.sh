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
NATS_WS_ALLOWED_ORIGINS="${CUTOVER_NATS_WS_ALLOWED_ORIGINS:-http://localhost:3000,http://127.0.0.1:3000,http://localhost:3100,http://127.0.0.1:3100,http://127.0.0.1:3300}"
NATS_PROBE_USER="${CUTOVER_NATS_PROBE_USER:-cutover-probe}"
NATS_PROBE_PASS="${CUTOVER_NATS_PROBE_PASS:-cutover-probe-dev}"
NATS_BROWSER_USER="${CUTOVER_NATS_BROWSER_USER:-cutover-browser}"
NATS_BROWSER_PASS="${CUTOVER_NATS_BROWSER_PASS:-cutover-browser-readonly}"
KAFKA_PORT="${CUTOVER_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${CUTOVER_KAFKA_CONTROLLER_PORT:-9093}"

log()  { printf '[cutover] %s\n' "$*" >&2; }
warn() { printf '[cutover] WARN: %s\n' "$*" >&2; }
die()  { printf '[cutover] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
# since T0_MS -> "1.2s"
since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)); }

# True if something accepts TCP connections on 127.0.0.1:PORT (no nc needed).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

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

# svc_stop NAME: SIGTERM, up to 15 s grace, then SIGKILL; then drop its PID file and
# temp data dir ($RUN/NAME.data holds the path). Quiet when there is nothing to do.
svc_stop() {
  local name=$1 pid data
  if pid="$(svc_pid "$name")"; then
    log "$name: stopping (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      warn "$name: still alive after 15s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  data="$(cat "$RUN/$name.data" 2>/dev/null)" || data=""
  # Only delete what mktemp gave us; a corrupted .data file must not rm -rf elsewhere.
  [[ $data == */cutover-"$name".* && -d $data ]] && rm -rf -- "$data"
  rm -f "$RUN/$name.pid" "$RUN/$name.data"
}
