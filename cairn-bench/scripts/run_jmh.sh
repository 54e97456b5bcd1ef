#!/usr/bin/env bash
# Builds the JMH benchmarks of cairn-bench (the self-contained cairn-bench/target/benchmarks.jar) and
# runs them with a JDK 21+ found the way ./cairn finds one; the arguments go to JMH unchanged.
#
#   cairn-bench/scripts/run_jmh.sh SigV4VerifyBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s -t 1
#   cairn-bench/scripts/run_jmh.sh -l                      (list the benchmarks)
#   env: SKIP_BUILD=1 (use the jar already built), MVN (the Maven command, default ./mvnw; word-split,
#        e.g. MVN="flock /tmp/build.lock ./mvnw" on a machine where builds must not overlap)
#
# Equivalent by hand:
#   ./mvnw -q -B -DskipTests -pl cairn-bench -am package
#   java -cp cairn-bench/target/benchmarks.jar org.openjdk.jmh.Main SigV4VerifyBenchmark ...
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
# shellcheck source=/dev/null
. "$ROOT/bin/find-jdk.sh"
MVN=${MVN:-./mvnw}
JAR=cairn-bench/target/benchmarks.jar
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086  # MVN is a command line
  $MVN -q -B -DskipTests -Dspotless.check.skip=true -pl cairn-bench -am package
fi
[ -f "$JAR" ] || { echo "no $JAR: build it with ./mvnw -q -B -DskipTests -pl cairn-bench -am package" >&2; exit 2; }
"$JAVA_HOME/bin/java" -version 2>&1 | head -1 >&2
exec "$JAVA_HOME/bin/java" -cp "$JAR" org.openjdk.jmh.Main "$@"
