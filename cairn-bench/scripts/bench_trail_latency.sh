#!/usr/bin/env bash
# Trail delivery latency: the time from a call's answer to its event being readable in the trail's bucket,
# at a fixed call rate. The issue's figure: "at 10k events/s, p99 <= flush interval + 2 s".
#
#   cairn-bench/scripts/bench_trail_latency.sh [FLUSH]     FLUSH: --trail-flush-interval in seconds (default 1)
#   env: RATE (calls/s, default 10000), DURATION (measured seconds, default 30), WARMUP (seconds of load
#        before measuring, default 5), CONNS (connections, default 128), DRAIN (seconds to wait for the
#        last events after the load, default FLUSH + 10), CAIRN_JAVA_OPTS (extra JVM flags, as for ./cairn),
#        PROBE_JAVA_OPTS (JVM flags of the probe)
# Needs: the built jars cairn-cli/target/cairn.jar (./mvnw -pl cairn-cli -am package -DskipTests) and
#        cairn-bench/target/benchmarks.jar (./mvnw -pl cairn-bench -am package -DskipTests), a JDK 21+
#        (found like ./cairn does), the aws CLI, curl and python3 (for a free port).
#
# Steps: starts `./cairn serve` (CAIRN_NO_BUILD=1: never a rebuild mid-run) on 127.0.0.1, a free port, a
# fresh temporary data dir, --auth strict and --trail-flush-interval FLUSH; makes a bucket and a logging
# trail with the aws CLI and the admin key Cairn writes to DATA/credentials (profile cairn); runs
# dev.cairn.bench.DeliveryLatencyProbe from benchmarks.jar, which sends signed STS GetCallerIdentity calls
# open-loop at RATE/s, notes each answer's x-amzn-RequestId and arrival, polls DATA/buckets/BUCKET every
# 20 ms for new log files and prints the achieved rate, answered/delivered/missing counts, the latency
# percentiles and the verdict (see the probe's javadoc). Also printed: the load average at start and end
# and the server's CPU seconds during the probe.
# Exit status: the probe's (0 target met, 1 missed, 2 could not run). Only 127.0.0.1 is contacted; the
# server is stopped by PID and the data dir removed on exit, whatever happens.
set -euo pipefail
FLUSH=${1:-1}
FLUSH=${FLUSH%s}
RATE=${RATE:-10000}; DURATION=${DURATION:-30}; WARMUP=${WARMUP:-5}; CONNS=${CONNS:-128}
DRAIN=${DRAIN:-$((FLUSH + 10))}
case "$FLUSH" in [1-9]|[1-9][0-9]|[1-5][0-9][0-9]) ;; *) echo "FLUSH must be 1..599 seconds" >&2; exit 2;; esac
case "$RATE" in [1-9]|[1-9][0-9]|[1-9][0-9][0-9]|[1-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9]) ;; *) echo "RATE must be 1..99999" >&2; exit 2;; esac
case "$DURATION" in [1-9]|[1-9][0-9]|[1-2][0-9][0-9]|300) ;; *) echo "DURATION must be 1..300" >&2; exit 2;; esac
case "$WARMUP" in [0-9]|[1-5][0-9]|60) ;; *) echo "WARMUP must be 0..60" >&2; exit 2;; esac
case "$CONNS" in [1-9]|[1-9][0-9]|[1-9][0-9][0-9]|1000) ;; *) echo "CONNS must be 1..1000" >&2; exit 2;; esac
case "$DRAIN" in [0-9]|[1-9][0-9]|[1-5][0-9][0-9]) ;; *) echo "DRAIN must be 0..599" >&2; exit 2;; esac
[ $((WARMUP + DURATION + DRAIN)) -le 600 ] || { echo "WARMUP + DURATION + DRAIN must be at most 600 s" >&2; exit 2; }
for t in aws curl python3; do command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 2; }; done

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR="$ROOT/cairn-cli/target/cairn.jar"
BENCH_JAR="$ROOT/cairn-bench/target/benchmarks.jar"
[ -f "$JAR" ] || { echo "no $JAR: build it with ./mvnw -q -B -DskipTests -pl cairn-cli -am package" >&2; exit 2; }
[ -f "$BENCH_JAR" ] || { echo "no $BENCH_JAR: build it with ./mvnw -q -B -DskipTests -pl cairn-bench -am package" >&2; exit 2; }
# shellcheck source=/dev/null
. "$ROOT/bin/find-jdk.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-bench-latency.XXXXXX")
CAIRN_PID=""; PROBE_PID=""
stop_pid() { # name pid
  local name=$1 pid=$2
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" || true
  wait "$pid" 2>/dev/null || true
  echo "$name pid $pid stopped"
}
cleanup() { stop_pid probe "$PROBE_PID"; stop_pid cairn "$CAIRN_PID"; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_seconds() { # pid: user + system CPU seconds used so far
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo "?"
}

PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
ENDPOINT="http://127.0.0.1:$PORT"
DATA="$WORK/data"
BUCKET=cairn-latency-bench
echo "date $(date -u +%Y-%m-%dT%H:%MZ); nproc $(nproc); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?)"
echo "java $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

CAIRN_NO_BUILD=1 "$ROOT/cairn" serve --host 127.0.0.1 --port "$PORT" --data "$DATA" --auth strict \
  --trail-flush-interval "${FLUSH}s" > "$WORK/cairn.log" 2>&1 &
CAIRN_PID=$!
for _ in $(seq 1200); do  # at most about 60 s
  kill -0 "$CAIRN_PID" 2>/dev/null || { echo "cairn exited:" >&2; cat "$WORK/cairn.log" >&2; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$ENDPOINT/_cairn/health" || true)" = 200 ] && break
  sleep 0.05
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$ENDPOINT/_cairn/health" || true)" = 200 ] \
  || { echo "no HTTP 200 from $ENDPOINT/_cairn/health in 60 s" >&2; cat "$WORK/cairn.log" >&2; exit 1; }
echo "cairn pid $CAIRN_PID on $ENDPOINT (auth strict, fresh data dir, --trail-flush-interval ${FLUSH}s)"

awscli() { # the aws CLI against Cairn with the admin key only, whatever the caller's environment holds
  timeout 60 env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL \
    AWS_SHARED_CREDENTIALS_FILE="$DATA/credentials" AWS_CONFIG_FILE=/dev/null AWS_PROFILE=cairn \
    AWS_DEFAULT_REGION=us-east-1 aws --endpoint-url "$ENDPOINT" "$@"
}
awscli s3 mb "s3://$BUCKET" > /dev/null
awscli cloudtrail create-trail --name latency-bench --s3-bucket-name "$BUCKET" > /dev/null
awscli cloudtrail start-logging --name latency-bench
echo "trail latency-bench logging to s3://$BUCKET"

CPU_BEFORE=$(cpu_seconds "$CAIRN_PID")
T0=$(date +%s.%N)
# shellcheck disable=SC2086  # PROBE_JAVA_OPTS is a list of flags
timeout $((WARMUP + DURATION + DRAIN + 90)) "$JAVA_HOME/bin/java" -XX:+UseParallelGC -Xms512m -Xmx2g \
  ${PROBE_JAVA_OPTS:-} -cp "$BENCH_JAR" dev.cairn.bench.DeliveryLatencyProbe \
  --endpoint "$ENDPOINT" --credentials "$DATA/credentials" --profile cairn --region us-east-1 \
  --bucket-dir "$DATA/buckets/$BUCKET" --flush-interval "$FLUSH" --rate "$RATE" --duration "$DURATION" \
  --warmup "$WARMUP" --drain "$DRAIN" --connections "$CONNS" &
PROBE_PID=$!
status=0
wait "$PROBE_PID" || status=$?
PROBE_PID=""
T1=$(date +%s.%N)
CPU_AFTER=$(cpu_seconds "$CAIRN_PID")
echo "server    CPU $(awk -v a="$CPU_BEFORE" -v b="$CPU_AFTER" -v t0="$T0" -v t1="$T1" \
  'BEGIN { printf "%.1f s in %.1f s of probe wall time (%.2f cores)", b - a, t1 - t0, (b - a) / (t1 - t0) }');" \
  "RSS $(awk '/VmRSS/{printf "%.0f MiB", $2/1024}' "/proc/$CAIRN_PID/status" 2>/dev/null || echo ?)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
if grep -qE ' (WARN|ERROR) ' "$WORK/cairn.log"; then
  echo "server warnings and errors (first 10):"; grep -E ' (WARN|ERROR) ' "$WORK/cairn.log" | head -10
fi
exit "$status"
