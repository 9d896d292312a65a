#!/usr/bin/env bash
# Installs everything Cutover needs on a fresh Debian machine, and nothing twice:
# Debian's Chromium (Playwright cannot download browsers here), npm dependencies,
# nats-server (built with go install) and the Kafka jars (Maven Central).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

# prometheus (with promtool) for the metrics test against a real Prometheus.
apt_packages=(chromium fonts-dejavu-core prometheus)
[[ ${1:-} == --app-only ]] && apt_packages=()
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  log "apt: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install.
stamp="node_modules/.cutover-lock.sha"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  log "npm: installing dependencies from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

# --app-only: the replay demo needs no broker binaries.
[[ ${1:-} == --app-only ]] && exit 0
bash "$SCRIPTS/install-nats.sh"
bash "$SCRIPTS/install-kafka.sh"
