#!/usr/bin/env bash
# Runs the baseline (dev.kefu.bench.BareWebFlux, compiled into gateway/target/test-classes) from the gateway's
# boot jar, with the JVM flags the devstack gives the gateway, so both sides run the same libraries and flags.
#   start-bare.sh PORT [GATEWAY_JAR]      (build first: ./mvnw -B -q -DskipTests package; the test classes are compiled
#                                          by test-compile, which package runs even with -DskipTests)
# Runs in the foreground; start it with & and stop it by its pid.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
port="${1:?usage: start-bare.sh PORT [GATEWAY_JAR]}"
jar="${2:-$root/gateway/target/gateway.jar}"
classes="$(mktemp -d)"
# Only the bench classes on the loader path: the gateway's own test classes would bring test configuration.
mkdir -p "$classes/dev/kefu" && cp -r "$root/gateway/target/test-classes/dev/kefu/bench" "$classes/dev/kefu/"
exec java ${BARE_JVM_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} -Dloader.path="$classes" \
  -Dloader.main=dev.kefu.bench.BareWebFlux -cp "$jar" org.springframework.boot.loader.launch.PropertiesLauncher \
  --server.port="$port" --spring.application.name=bare-webflux
