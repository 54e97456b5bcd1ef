#!/usr/bin/env bash
# The server's heap holding a large event history: "Server heap with 10M events <= 512 MB", measured on the
# assembled server (the jar ./cairn runs), with LookupEvents over HTTP against it.
#
#   cairn-bench/scripts/bench_server_heap.sh        (about 12-20 min and ~13 GB of disk with the defaults)
#   env: COUNT (events, default 10000000), CAIRN_JAVA_OPTS (the server's extra JVM flags, as for ./cairn;
#        default -Xmx512m), DURATION (seconds of LookupEvents per attribute, default 20), WARMUP (seconds
#        of mixed lookups first, default 10), CLIENTS (concurrent closed-loop clients, default 2),
#        ATTRIBUTES (default none,EventName,Username,ReadOnly,AccessKeyId,EventId), ACCOUNT (the server's
#        --account-id, default 123456789012), CATCHUP_TIMEOUT (seconds, default 1500), JFR=1 (record the
#        server with Java Flight Recorder during the lookups, print its hottest methods and keep the
#        recording in TMPDIR)
# Needs: the built jars cairn-cli/target/cairn.jar and cairn-bench/target/benchmarks.jar
#        (./mvnw -q -B -DskipTests -pl cairn-cli,cairn-bench -am package), a JDK 21+ with jcmd and jstat
#        (found like ./cairn does), curl and python3 (for a free port).
#
# Steps, all on 127.0.0.1 with a fresh temporary data directory (removed at the end, whatever happens):
#  1. starts the server once (--auth strict) so that it initialises the data directory and writes the admin
#     key to DATA/credentials, and stops it;
#  2. dev.cairn.bench.FillJournal appends COUNT synthetic CloudTrail management events of ACCOUNT (the
#     admin's) to DATA/journal, as the server's recorder would, times spread over the last 80 days;
#  3. starts the server again with CAIRN_JAVA_OPTS (and -Xlog:gc to a file) and waits until event history
#     has indexed everything: cairn_history_lag = 0 and cairn_history_indexed_events >= COUNT in
#     /_cairn/metrics; reports the catch-up time and rate and the server's CPU time;
#  4. jcmd GC.run: the heap used after that full GC (its -Xlog:gc line; GC.heap_info and jstat -gc are
#     printed too), events indexed, idle;
#  5. dev.cairn.bench.LookupEventsLoad: CLIENTS clients send signed LookupEvents for DURATION s per
#     attribute (values that the events have; see its javadoc): lookups/s, p50/p99;
#  6. jcmd GC.run again, RSS (anonymous and file-backed: Lucene maps its files), the
#     sizes of DATA/history and DATA/journal; stops the server by PID and prints a summary table.
# The jars are copied to the temporary directory first, so a rebuild meanwhile cannot change them under
# the run. Exit status 0 when every step ran and every lookup answered 200; 1 otherwise.
set -euo pipefail
COUNT=${COUNT:-10000000}; DURATION=${DURATION:-20}; WARMUP=${WARMUP:-10}; CLIENTS=${CLIENTS:-2}
ATTRIBUTES=${ATTRIBUTES:-none,EventName,Username,ReadOnly,AccessKeyId,EventId}
ACCOUNT=${ACCOUNT:-123456789012}; CATCHUP_TIMEOUT=${CATCHUP_TIMEOUT:-1500}
CAIRN_JAVA_OPTS=${CAIRN_JAVA_OPTS--Xmx512m}
case "$COUNT" in [1-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9][0-9][0-9]|[1-2][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;;
  *) echo "COUNT must be 1000..29999999" >&2; exit 2;; esac
case "$DURATION" in [1-9]|[1-9][0-9]|1[0-1][0-9]|120) ;; *) echo "DURATION must be 1..120" >&2; exit 2;; esac
case "$WARMUP" in [0-9]|[1-5][0-9]|60) ;; *) echo "WARMUP must be 0..60" >&2; exit 2;; esac
case "$CLIENTS" in [1-9]|[1-5][0-9]|6[0-4]) ;; *) echo "CLIENTS must be 1..64" >&2; exit 2;; esac
case "$ACCOUNT" in [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;; *) echo "ACCOUNT must be 12 digits" >&2; exit 2;; esac
case "$CATCHUP_TIMEOUT" in [1-9][0-9]|[1-9][0-9][0-9]|[1-3][0-9][0-9][0-9]) ;; *) echo "CATCHUP_TIMEOUT must be 10..3999" >&2; exit 2;; esac
NATTR=$(echo "$ATTRIBUTES" | tr ',' '\n' | grep -c .)
[ $((WARMUP + NATTR * DURATION)) -le 600 ] || { echo "WARMUP + attributes x DURATION must be at most 600 s" >&2; exit 2; }
for t in curl python3; do command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 2; }; done

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR="$ROOT/cairn-cli/target/cairn.jar"
BENCH_JAR="$ROOT/cairn-bench/target/benchmarks.jar"
[ -f "$JAR" ] || { echo "no $JAR: build it with ./mvnw -q -B -DskipTests -pl cairn-cli -am package" >&2; exit 2; }
[ -f "$BENCH_JAR" ] || { echo "no $BENCH_JAR: build it with ./mvnw -q -B -DskipTests -pl cairn-bench -am package" >&2; exit 2; }
# shellcheck source=/dev/null
. "$ROOT/bin/find-jdk.sh"
for t in jcmd jstat; do [ -x "$JAVA_HOME/bin/$t" ] || { echo "no $JAVA_HOME/bin/$t: a full JDK is needed" >&2; exit 2; }; done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-bench-heap.XXXXXX")
NEED_KB=$((COUNT * 2))  # ~1.2 KB of journal and ~0.4 KB of index per event, with room to spare
AVAIL_KB=$(df -Pk "$WORK" | awk 'NR==2{print $4}')
[ "$AVAIL_KB" -gt "$NEED_KB" ] || { echo "need about $((NEED_KB / 1048576)) GB free in $WORK, have $((AVAIL_KB / 1048576)) GB" >&2; rmdir "$WORK"; exit 2; }
CAIRN_PID=""; CHILD_PID=""
stop_pid() { # name pid [seconds]
  local name=$1 pid=$2 n=$(( ${3:-15} * 10 ))
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  for _ in $(seq "$n"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { echo "$name pid $pid did not stop in ${3:-15} s: killed"; kill -KILL "$pid"; } || true
  wait "$pid" 2>/dev/null || true
  echo "$name pid $pid stopped"
}
cleanup() {
  stop_pid child "$CHILD_PID"; stop_pid cairn "$CAIRN_PID" 60
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp "$JAR" "$WORK/cairn.jar"; cp "$BENCH_JAR" "$WORK/benchmarks.jar"
DATA="$WORK/data"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
ENDPOINT="http://127.0.0.1:$PORT"
TOOL_JAVA=("$JAVA_HOME/bin/java" -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -cp "$WORK/benchmarks.jar")

cpu_seconds() { # pid: user + system CPU seconds used so far
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo "?"
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
metric() { # name: its value in /_cairn/metrics (first sample), or empty
  { curl -s --max-time 10 "$ENDPOINT/_cairn/metrics" || true; } \
    | awk -v m="$1" '!done && ($1 == m || index($1, m "{") == 1) { printf "%.0f", $2; done = 1 }'
}
start_server() { # log, extra JVM flags...
  local log=$1; shift
  # shellcheck disable=SC2086  # CAIRN_JAVA_OPTS is a list of flags, as in ./cairn
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC "$@" $CAIRN_JAVA_OPTS \
    -jar "$WORK/cairn.jar" serve --host 127.0.0.1 --port "$PORT" --data "$DATA" --auth strict \
    --account-id "$ACCOUNT" > "$log" 2>&1 &
  CAIRN_PID=$!
  for _ in $(seq 2400); do  # at most about 120 s
    kill -0 "$CAIRN_PID" 2>/dev/null || { echo "cairn exited:" >&2; cat "$log" >&2; CAIRN_PID=""; exit 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$ENDPOINT/_cairn/health" || true)" = 200 ] && return 0
    sleep 0.05
  done
  echo "no HTTP 200 from $ENDPOINT/_cairn/health in 120 s" >&2; cat "$log" >&2; exit 1
}
heap_after_full_gc() { # label: runs a full GC; sets HEAP_USED_MB and HEAP_COMMITTED_MB from its -Xlog:gc line
  "$JAVA_HOME/bin/jcmd" "$CAIRN_PID" GC.run > /dev/null
  # The collection's own line, "Pause Full (Diagnostic Command) 120M->20M(321M)": the heap right after it.
  # (GC.heap_info, printed for the record, runs a moment later: eden may hold new allocations by then.)
  local line
  line=$(grep 'Pause Full (Diagnostic Command)' "$WORK/gc.log" | tail -1 || true)
  echo "  [$1] gc.log: ${line##*\] }"
  read -r HEAP_USED_MB HEAP_COMMITTED_MB < <(echo "$line" | sed -n 's/.* [0-9]*M->\([0-9]*\)M(\([0-9]*\)M).*/\1 \2/p') || true
  HEAP_USED_MB=${HEAP_USED_MB:-?}; HEAP_COMMITTED_MB=${HEAP_COMMITTED_MB:-?}  # another collector logs otherwise
  "$JAVA_HOME/bin/jcmd" "$CAIRN_PID" GC.heap_info | sed -n '2,$p' | sed "s/^/  [$1] /"
  "$JAVA_HOME/bin/jstat" -gc "$CAIRN_PID" | sed "s/^/  [$1] jstat -gc: /"
}
rss() { # "VmRSS (RssAnon anon + RssFile file), VmHWM peak" in MiB
  awk '/^(VmRSS|RssAnon|RssFile|VmHWM):/ { v[$1] = $2 / 1024 }
       END { printf "%.0f %.0f %.0f %.0f\n", v["VmRSS:"], v["RssAnon:"], v["RssFile:"], v["VmHWM:"] }' "/proc/$CAIRN_PID/status"
}
run_child() { # output file, command...: runs it in the background (stopped by PID on exit), shows its output
  local out=$1; shift
  : > "$out"
  "$@" > "$out" 2>&1 &
  CHILD_PID=$!
  tail --pid="$CHILD_PID" -n +1 -f "$out" | grep -v -e '^SLF4J' -e '^RESULT' || true
  local status=0
  wait "$CHILD_PID" || status=$?
  CHILD_PID=""
  return "$status"
}
mb() { du -sb "$1" 2>/dev/null | awk '{ printf "%.0f", $1 / 1048576 }'; }

echo "date $(date -u +%Y-%m-%dT%H:%MZ); nproc $(nproc); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?)$(git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || echo ' (with uncommitted changes)')"
echo "java $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "COUNT $COUNT; server JVM flags: --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC $CAIRN_JAVA_OPTS; data $DATA"

# --- 1. initialise the data directory ------------------------------------------------------------------
start_server "$WORK/cairn-init.log"
stop_pid "cairn (initial start)" "$CAIRN_PID" 60; CAIRN_PID=""
[ -f "$DATA/credentials" ] || { echo "no $DATA/credentials after the first start" >&2; exit 1; }
echo "initialised $DATA (admin key in DATA/credentials, account $ACCOUNT)"

# --- 2. fill the journal ---------------------------------------------------------------------------------
NOW_EPOCH=$(date +%s)
T=$(now)
run_child "$WORK/fill.txt" timeout 1800 "${TOOL_JAVA[@]}" -Xmx1g dev.cairn.bench.FillJournal \
  "$DATA" "$COUNT" "$ACCOUNT" "$NOW_EPOCH" || { echo "FillJournal failed" >&2; exit 1; }
FILL_S=$(since "$T")
JOURNAL_MB=$(mb "$DATA/journal")
echo "fill: $COUNT events in $FILL_S s; journal $JOURNAL_MB MiB"

# --- 3. start with the events and wait for event history ------------------------------------------------
T=$(now)
start_server "$WORK/cairn.log" "-Xlog:gc:file=$WORK/gc.log"
READY_S=$(since "$T")
echo "cairn pid $CAIRN_PID on $ENDPOINT ready in $READY_S s"
CAUGHT_UP=0; LAST_PRINT=0; LAG=""; INDEXED=""
while :; do
  ELAPSED=$(since "$T")
  LAG=$(metric cairn_history_lag); INDEXED=$(metric cairn_history_indexed_events)
  if [ -n "$LAG" ] && [ -n "$INDEXED" ] && [ "$LAG" = 0 ] && [ "$INDEXED" -ge "$COUNT" ]; then CAUGHT_UP=1; break; fi
  kill -0 "$CAIRN_PID" 2>/dev/null || { echo "cairn exited while indexing:" >&2; tail -30 "$WORK/cairn.log" >&2; CAIRN_PID=""; exit 1; }
  if [ "${ELAPSED%.*}" -ge "$CATCHUP_TIMEOUT" ]; then break; fi
  if [ $(( ${ELAPSED%.*} - LAST_PRINT )) -ge 30 ]; then
    LAST_PRINT=${ELAPSED%.*}
    echo "  ${ELAPSED} s: indexed ${INDEXED:-?} events, lag ${LAG:-?} bytes, RSS $(rss | cut -d' ' -f1) MiB"
  fi
  sleep 1
done
CATCHUP_S=$(since "$T")
CATCHUP_CPU=$(cpu_seconds "$CAIRN_PID")
if [ "$CAUGHT_UP" != 1 ]; then
  echo "event history did not catch up in $CATCHUP_TIMEOUT s: indexed ${INDEXED:-?}, lag ${LAG:-?}" >&2
  tail -30 "$WORK/cairn.log" >&2
  exit 1
fi
RATE=$(awk -v n="$INDEXED" -v s="$CATCHUP_S" 'BEGIN { printf "%.0f", n / s }')
RATE_READY=$(awk -v n="$INDEXED" -v s="$CATCHUP_S" -v r="$READY_S" 'BEGIN { printf "%.0f", n / (s - r) }')
echo "caught up: $INDEXED events indexed in $CATCHUP_S s from launch ($RATE events/s; $RATE_READY events/s from ready), server CPU $CATCHUP_CPU s"

# --- 4. heap idle, after a full GC ------------------------------------------------------------------------
heap_after_full_gc "idle, caught up"
IDLE_USED=$HEAP_USED_MB; IDLE_COMMITTED=$HEAP_COMMITTED_MB
read -r IDLE_RSS IDLE_ANON IDLE_FILE _ < <(rss)
echo "idle: heap used after full GC $IDLE_USED MiB of $IDLE_COMMITTED MiB committed; RSS $IDLE_RSS MiB ($IDLE_ANON anon + $IDLE_FILE file)"

# --- 5. LookupEvents over HTTP ----------------------------------------------------------------------------
CPU0=$(cpu_seconds "$CAIRN_PID")
LOAD_STATUS=0
if [ "${JFR:-0}" = 1 ]; then
  "$JAVA_HOME/bin/jcmd" "$CAIRN_PID" JFR.start name=lookups settings=profile filename="$WORK/lookups.jfr" > /dev/null
fi
run_child "$WORK/load.txt" timeout $((WARMUP + NATTR * DURATION + 120)) "${TOOL_JAVA[@]}" -Xmx256m \
  dev.cairn.bench.LookupEventsLoad --endpoint "$ENDPOINT" --credentials "$DATA/credentials" --count "$COUNT" \
  --now "$NOW_EPOCH" --account "$ACCOUNT" --attributes "$ATTRIBUTES" --seconds "$DURATION" --warmup "$WARMUP" \
  --clients "$CLIENTS" || LOAD_STATUS=$?
if [ "${JFR:-0}" = 1 ]; then
  "$JAVA_HOME/bin/jcmd" "$CAIRN_PID" JFR.stop name=lookups > /dev/null
  echo "server hot methods during the lookups (JFR execution samples):"
  "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$WORK/lookups.jfr" 2>&1 | sed -n '1,30p' | sed 's/^/  /' || true
  KEPT_JFR="${TMPDIR:-/tmp}/cairn-bench-heap-lookups-$(date +%s).jfr"
  cp "$WORK/lookups.jfr" "$KEPT_JFR" && echo "recording kept in $KEPT_JFR (delete it when done)"
fi
LOAD_CPU=$(awk -v a="$CPU0" -v b="$(cpu_seconds "$CAIRN_PID")" 'BEGIN { printf "%.1f", b - a }')

# --- 6. heap after the lookups, sizes, stop ---------------------------------------------------------------
heap_after_full_gc "after lookups"
read -r RSS_NOW RSS_ANON RSS_FILE RSS_PEAK < <(rss)
HISTORY_MB=$(mb "$DATA/history"); JOURNAL_MB=$(mb "$DATA/journal")
T=$(now)
stop_pid cairn "$CAIRN_PID" 60; CAIRN_PID=""
STOP_S=$(since "$T")
# The heap after each collection during the whole run (-Xlog:gc: "Pause ... 300M->120M(490M)").
GC_SUMMARY=$(awk '/Pause/ && match($0, /[0-9]+M->[0-9]+M\([0-9]+M\)/) {
    s = substr($0, RSTART, RLENGTH); split(s, a, /M->|M\(|M\)/); n++
    if ($0 ~ /Pause Full/) { full++; if (a[2] > maxfull) maxfull = a[2] } else if (a[2] > maxyoung) maxyoung = a[2] }
    END { printf "%d collections (%d full); heap after a young GC at most %d MiB, after a full GC at most %d MiB", n, full, maxyoung, maxfull }' "$WORK/gc.log")
OOM=$(cat "$WORK/cairn.log" "$WORK/gc.log" 2>/dev/null | grep -c OutOfMemoryError || true)
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
if grep -qE ' (WARN|ERROR) ' "$WORK/cairn.log"; then
  echo "server warnings and errors (first 10):"; grep -E ' (WARN|ERROR) ' "$WORK/cairn.log" | head -10
fi

# --- summary ----------------------------------------------------------------------------------------------
echo
echo "=== Cairn server with $COUNT events (JVM: $CAIRN_JAVA_OPTS -XX:+UseParallelGC) ==="
printf '%-44s %s\n' "fill (FillJournal, journal appends)" "$FILL_S s ($(awk -v n="$COUNT" -v s="$FILL_S" 'BEGIN { printf "%.0f", n / s }') events/s)"
printf '%-44s %s\n' "server start to ready" "$READY_S s"
printf '%-44s %s\n' "event history catch-up (from launch)" "$CATCHUP_S s, $RATE events/s ($RATE_READY from ready), server CPU $CATCHUP_CPU s"
printf '%-44s %s\n' "heap used after full GC, idle" "$IDLE_USED MiB (committed $IDLE_COMMITTED MiB)"
printf '%-44s %s\n' "heap used after full GC, after lookups" "$HEAP_USED_MB MiB (committed $HEAP_COMMITTED_MB MiB)"
printf '%-44s %s\n' "GC during the run (-Xlog:gc)" "$GC_SUMMARY"
printf '%-44s %s\n' "OutOfMemoryError lines" "$OOM"
printf '%-44s %s\n' "RSS idle / after lookups / peak (VmHWM)" "$IDLE_RSS / $RSS_NOW / $RSS_PEAK MiB (after lookups: $RSS_ANON anon + $RSS_FILE file)"
printf '%-44s %s\n' "event history index on disk (DATA/history)" "$HISTORY_MB MiB ($(awk -v b="$HISTORY_MB" -v n="$COUNT" 'BEGIN { printf "%.0f", b * 1048576 / n }') bytes/event)"
printf '%-44s %s\n' "journal on disk (DATA/journal)" "$JOURNAL_MB MiB ($(awk -v b="$JOURNAL_MB" -v n="$COUNT" 'BEGIN { printf "%.0f", b * 1048576 / n }') bytes/event)"
printf '%-44s %s\n' "server stop" "$STOP_S s"
printf '%-44s %s\n' "server CPU during the lookups" "$LOAD_CPU s"
echo
printf '%-12s %10s %10s %9s %9s %9s %9s %8s %10s %6s\n' "LookupEvents" "lookups" "per s" "p50 ms" "p90 ms" "p99 ms" "max ms" "non-200" "events/ans" "empty"
awk -F'\t' '$1 == "RESULT" { printf "%-12s %10d %10.1f %9.2f %9.2f %9.2f %9.2f %8d %10.1f %6d\n", $2, $3, $5, $6, $7, $8, $9, $10, $11, $12 }' "$WORK/load.txt"
echo "($CLIENTS closed-loop clients over HTTP/1.1 keep-alive, ${DURATION} s per attribute, after ${WARMUP} s of warm-up)"
if [ "$LOAD_STATUS" != 0 ]; then echo "FAILED: LookupEventsLoad exited $LOAD_STATUS (non-200 answers or no lookups)"; exit 1; fi
