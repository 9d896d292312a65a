#!/usr/bin/env bash
# Installs Apache Kafka as plain jars from Maven Central (the release tarball host is
# not reachable from our machines). scripts/kafka/pom.xml lists what goes on the
# classpath; Maven copies the resolved runtime closure into $KAFKA_LIBS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pom="$SCRIPTS/kafka/pom.xml"
marker="$KAFKA_HOME/.installed"
# The marker holds the pom's hash, so editing the pom triggers a reinstall.
want="$(sha256sum "$pom" | cut -d' ' -f1)"
if [[ -f $marker && $(cat "$marker") == "$want" ]]; then
  log "kafka $KAFKA_VERSION: cached at $KAFKA_LIBS"
  exit 0
fi
command -v mvn >/dev/null || die "mvn is required to fetch Kafka"
command -v java >/dev/null || die "java (17+) is required to run Kafka"

log "kafka $KAFKA_VERSION: fetching jars from Maven Central"
t0=$(now_ms)
# Start clean: leftovers from another pom version would end up on the classpath too.
rm -rf "$KAFKA_LIBS" "$marker"
mvn -q -B -f "$pom" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS"
echo "$want" >"$marker"
jars=("$KAFKA_LIBS"/*.jar)
log "kafka $KAFKA_VERSION: installed ${#jars[@]} jars in $(since "$t0")"
