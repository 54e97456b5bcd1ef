#!/usr/bin/env bash
# The server's heap holding a large event history: "Server heap with 10M events <= 512 MB", measured on the
# assembled server (the jar ./cairn runs), with LookupEvents over HTTP against it.
#
#   cairn-bench/scripts/bench_server_heap.sh        (about 12-20 min and ~13 GB of disk with the defaults)
#   env: COUNT (events, default 10000000), CAIRN_JAVA_OPTS (the server's extra JVM flags, as for ./cairn;
#        default -Xmx512m), DURATION (seconds of LookupEvents per attribute, default 20), WARMUP (seconds
#        of mixed lookups first, default 10), CLIENTS (concurrent closed-loop clients, default 2),
#        ATTRIBUTES (default none,EventName,Username,ReadOnly,AccessKeyId,EventId), ACCOUNT (the server's
#        --account-id, default 123456789012), CATCHUP_TIMEOUT (seconds, default 1500), IDLE_TIMEOUT
#        (seconds to wait for the server to go idle after the catch-up, default 300; 0 skips the wait),
#        LOADGEN (what sends the lookups: java, the default, or wrk; see step 5), JFR=1 (record the
#        server with Java Flight Recorder during the lookups, print its hottest methods and keep the
#        recording in TMPDIR)
# Needs: the built jars cairn-cli/target/cairn.jar and cairn-bench/target/benchmarks.jar
#        (./mvnw -q -B -DskipTests -pl cairn-cli,cairn-bench -am package), a JDK 21+ with jcmd and jstat
#        (found like ./cairn does), curl and python3 (for a free port and reading wrk's output); wrk for
#        LOADGEN=wrk (apt-get install -y wrk).
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
#  4b. waits until the server is idle: its CPU time grows by less than 0.1 s per second for 5 seconds in a
#     row (at most IDLE_TIMEOUT s). Lucene goes on merging segments after the catch-up, and that work
#     would otherwise be measured as the lookups' cost; the wait and the CPU it saw are in the summary;
#  5. LookupEvents over HTTP, DURATION s per attribute, queries for values that the events have (see the
#     javadoc of dev.cairn.bench.LookupEventsLoad): lookups/s, p50/p90/p99/max, non-200 answers.
#     LOADGEN=java: LookupEventsLoad itself runs CLIENTS closed-loop clients (JDK HttpClient, one
#     keep-alive connection each), WARMUP s of all attributes mixed first, and counts the events per
#     answer. It reads the ~60 KB answers at a cost of most of a core, which a 2-core machine takes from
#     the server. LOADGEN=wrk: LookupEventsLoad --emit-wrk writes one wrk script per attribute holding
#     its signed queries (once, just before the warm-up: WARMUP + attributes x DURATION <= 600 s stays
#     within the 15 minutes Cairn accepts a signature for; Cairn does not deduplicate, so replaying
#     them is fine), a warm-up of WARMUP s split across the attributes' scripts, then per attribute
#     wrk -t1 -cCLIENTS -dDURATIONs --timeout 30s --latency -s DIR/<attribute>.lua (--timeout as the
#     java clients' 30 s: wrk's default 2 s would leave slower lookups out of its latencies); the
#     figures are wrk's (percentiles from its --latency distribution, max from its Latency line), the
#     events per answer are not counted (shown as -);
#  5b. PACED_RATE=N (LOADGEN=wrk only): then each attribute again for DURATION s, paced at N lookups/s in
#     all (a wrk delay() hook in LuaJIT gives each request the next slot of a fixed schedule; a
#     connection still busy when its slot comes sends late, and its latency counts from when it was
#     sent, so stalls are under-counted as with any closed loop): the latency at a given load, where
#     the runs above measure the most the server answers, whose latency is mostly queueing;
#  6. jcmd GC.run again, RSS (anonymous and file-backed: Lucene maps its files), the
#     sizes of DATA/history and DATA/journal; stops the server by PID and prints a summary table.
# The jars are copied to the temporary directory first, so a rebuild meanwhile cannot change them under
# the run. Exit status 0 when every step ran and every lookup answered 200; 1 otherwise.
set -euo pipefail
COUNT=${COUNT:-10000000}; DURATION=${DURATION:-20}; WARMUP=${WARMUP:-10}; CLIENTS=${CLIENTS:-2}
ATTRIBUTES=${ATTRIBUTES:-none,EventName,Username,ReadOnly,AccessKeyId,EventId}
ACCOUNT=${ACCOUNT:-123456789012}; CATCHUP_TIMEOUT=${CATCHUP_TIMEOUT:-1500}
IDLE_TIMEOUT=${IDLE_TIMEOUT:-300}; LOADGEN=${LOADGEN:-java}; PACED_RATE=${PACED_RATE:-}
CAIRN_JAVA_OPTS=${CAIRN_JAVA_OPTS--Xmx512m}
case "$COUNT" in [1-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9][0-9]|[1-9][0-9][0-9][0-9][0-9][0-9][0-9]|[1-2][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;;
  *) echo "COUNT must be 1000..29999999" >&2; exit 2;; esac
case "$DURATION" in [1-9]|[1-9][0-9]|1[0-1][0-9]|120) ;; *) echo "DURATION must be 1..120" >&2; exit 2;; esac
case "$WARMUP" in [0-9]|[1-5][0-9]|60) ;; *) echo "WARMUP must be 0..60" >&2; exit 2;; esac
case "$CLIENTS" in [1-9]|[1-5][0-9]|6[0-4]) ;; *) echo "CLIENTS must be 1..64" >&2; exit 2;; esac
case "$ACCOUNT" in [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;; *) echo "ACCOUNT must be 12 digits" >&2; exit 2;; esac
case "$CATCHUP_TIMEOUT" in [1-9][0-9]|[1-9][0-9][0-9]|[1-3][0-9][0-9][0-9]) ;; *) echo "CATCHUP_TIMEOUT must be 10..3999" >&2; exit 2;; esac
case "$IDLE_TIMEOUT" in [0-9]|[1-9][0-9]|[1-9][0-9][0-9]|[1-3][0-9][0-9][0-9]) ;; *) echo "IDLE_TIMEOUT must be 0..3999" >&2; exit 2;; esac
case "$LOADGEN" in java|wrk) ;; *) echo "LOADGEN must be java or wrk" >&2; exit 2;; esac
case "$PACED_RATE" in "") ;; [1-9][0-9]|[1-9][0-9][0-9]|[1-9][0-9][0-9][0-9]|[1-4][0-9][0-9][0-9][0-9])
  [ "$LOADGEN" = wrk ] || { echo "PACED_RATE needs LOADGEN=wrk" >&2; exit 2; };;
  *) echo "PACED_RATE must be 10..49999 lookups/s" >&2; exit 2;; esac
NATTR=$(echo "$ATTRIBUTES" | tr ',' '\n' | grep -c .)
RUNS_PER_ATTRIBUTE=$([ -n "$PACED_RATE" ] && echo 2 || echo 1)
[ $((WARMUP + RUNS_PER_ATTRIBUTE * NATTR * DURATION)) -le 600 ] || {
  echo "WARMUP + attributes x DURATION (x 2 with PACED_RATE) must be at most 600 s" >&2; exit 2; }
for t in curl python3; do command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 2; }; done
if [ "$LOADGEN" = wrk ]; then command -v wrk >/dev/null || { echo "missing wrk for LOADGEN=wrk: apt-get install -y wrk" >&2; exit 2; }; fi

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

cpu_seconds() { # pid [decimals]: user + system CPU seconds used so far
  awk -v hz="$(getconf CLK_TCK)" -v d="${2:-1}" '{ sub(/.*\) /, ""); printf "%." d "f", ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo "?"
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
run_wrk() { # label attribute seconds [script]: wrk over DIR/<script or attribute>.lua (stopped by PID on
  # exit); 0 when every answer was 200, with no socket error and at least one lookup; appends a RESULT
  # line to load.txt
  local label=$1 attribute=$2 seconds=$3 script=${4:-$2} status=0 out="$WORK/wrk-${1// /-}.txt"
  CAIRN_RATE="$PACED_RATE" timeout $((seconds + 60)) wrk -t1 -c"$CLIENTS" -d"${seconds}s" --timeout 30s --latency \
    -s "$WORK/wrk/$script.lua" "$ENDPOINT/" > "$out" 2>&1 &
  CHILD_PID=$!
  wait "$CHILD_PID" || status=$?
  CHILD_PID=""
  python3 - "$label" "$attribute" "$out" "$status" "$WORK/load.txt" <<'PY' || { sed 's/^/    /' "$out"; return 1; }
import re, sys
label, attribute, path, status, results = sys.argv[1:6]
t = open(path).read()
def ms(s):
    m = re.match(r"([\d.]+)(us|ms|s|m|h)$", s)
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1e3, "m": 6e4, "h": 3.6e6}[m.group(2)]
try:
    requests, seconds = re.search(r"(\d+) requests in ([\d.]+)s", t).groups()
    requests, seconds = int(requests), float(seconds)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    pct = {p: ms(re.search(r"\n\s+%s%%\s+(\S+)" % p, t).group(1)) for p in (50, 90, 99)}
    top = ms(re.search(r"\n\s+Latency\s+\S+\s+\S+\s+(\S+)", t).group(1))
    non200 = int(re.search(r"non-200 responses: (\d+)", t).group(1))
except (AttributeError, ValueError):
    print("  %-16s could not read wrk's output (exit status %s):" % (label, status))
    sys.exit(1)
sock = re.search(r"Socket errors: (.*)", t)
sock = sock.group(1).strip() if sock else "none"
print("  %-16s %8d lookups in %.1f s = %8.1f/s  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms"
      "  non-200 %d  socket errors %s" % (label, requests, seconds, rate, pct[50], pct[90], pct[99], top, non200, sock))
first = re.search(r"first non-200 response: (.*)", t)
if first:
    print("    " + first.group(1)[:300])
if label == attribute or label.startswith("paced "):
    with open(results, "a") as f:
        f.write("RESULT\t%s\t%d\t%.2f\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t-\t-\n"
                % (label.replace(" ", "-"), requests, seconds, rate, pct[50], pct[90], pct[99], top, non200))
sys.exit(0 if status == "0" and non200 == 0 and sock == "none" and requests > 0 else 1)
PY
}
children_cpu() { # sets CHILDREN_CPU: user + system CPU seconds of this shell's finished children (times)
  times > "$WORK/times.txt"  # not in a pipe or $(...): a subshell would report its own children
  CHILDREN_CPU=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, a, /m|s/); t += a[1] * 60 + a[2] } printf "%.1f", t }' "$WORK/times.txt")
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

# --- 4b. wait until the server is idle (background merges done) ---------------------------------------------
T=$(now); SETTLE_CPU0=$(cpu_seconds "$CAIRN_PID" 2); SETTLE_NOTE=""
if [ "$IDLE_TIMEOUT" = 0 ]; then
  SETTLE_NOTE=" (skipped: IDLE_TIMEOUT=0)"
else
  echo "waiting until the server is idle (CPU < 0.1 s/s for 5 s in a row; at most $IDLE_TIMEOUT s)"
  QUIET=0; LAST_PRINT=0; PREV_T=$T; PREV_CPU=$SETTLE_CPU0; BUSY=""
  while :; do
    sleep 1
    kill -0 "$CAIRN_PID" 2>/dev/null || { echo "cairn exited while settling:" >&2; tail -30 "$WORK/cairn.log" >&2; CAIRN_PID=""; exit 1; }
    T_NOW=$(now); CPU_NOW=$(cpu_seconds "$CAIRN_PID" 2)
    BUSY=$(awk -v c0="$PREV_CPU" -v c1="$CPU_NOW" -v t0="$PREV_T" -v t1="$T_NOW" 'BEGIN { printf "%.2f", (c1 - c0) / (t1 - t0) }')
    PREV_T=$T_NOW; PREV_CPU=$CPU_NOW
    if awk -v b="$BUSY" 'BEGIN { exit !(b < 0.1) }'; then QUIET=$((QUIET + 1)); else QUIET=0; fi
    [ "$QUIET" -ge 5 ] && break
    ELAPSED=$(since "$T")
    if [ "${ELAPSED%.*}" -ge "$IDLE_TIMEOUT" ]; then
      SETTLE_NOTE=" (NOT idle after $IDLE_TIMEOUT s: still $BUSY s CPU per s; measuring anyway)"
      echo "warning: the server is not idle after $IDLE_TIMEOUT s (last second: $BUSY s CPU); measuring anyway" >&2
      break
    fi
    if [ $(( ${ELAPSED%.*} - LAST_PRINT )) -ge 30 ]; then
      LAST_PRINT=${ELAPSED%.*}
      echo "  ${ELAPSED} s: server CPU $BUSY s per s"
    fi
  done
fi
SETTLE_S=$(since "$T")
SETTLE_CPU=$(awk -v a="$SETTLE_CPU0" -v b="$(cpu_seconds "$CAIRN_PID" 2)" 'BEGIN { printf "%.1f", b - a }')
echo "settled: waited $SETTLE_S s, server CPU meanwhile $SETTLE_CPU s$SETTLE_NOTE"

# --- 5. LookupEvents over HTTP ----------------------------------------------------------------------------
LOOKUP_ARGS=(--endpoint "$ENDPOINT" --credentials "$DATA/credentials" --count "$COUNT" --now "$NOW_EPOCH"
  --account "$ACCOUNT" --attributes "$ATTRIBUTES")
if [ "$LOADGEN" = wrk ]; then
  # Signed now, used within WARMUP + attributes x DURATION <= 600 s (and Cairn accepts 15 minutes).
  run_child "$WORK/emit.txt" timeout 300 "${TOOL_JAVA[@]}" -Xmx256m dev.cairn.bench.LookupEventsLoad \
    "${LOOKUP_ARGS[@]}" --emit-wrk "$WORK/wrk" || { echo "LookupEventsLoad --emit-wrk failed" >&2; exit 1; }
fi
CPU0=$(cpu_seconds "$CAIRN_PID")
LOAD_STATUS=0
if [ "${JFR:-0}" = 1 ]; then
  "$JAVA_HOME/bin/jcmd" "$CAIRN_PID" JFR.start name=lookups settings=profile filename="$WORK/lookups.jfr" > /dev/null
fi
children_cpu; CLIENT_CPU0=$CHILDREN_CPU  # from here to the end of the load: the load generator's CPU
GC_LINES0=$(wc -l < "$WORK/gc.log")  # the collections after this line happened during the lookups
LOAD_T0=$(date +%s.%N)
if [ "$LOADGEN" = java ]; then
  run_child "$WORK/load.txt" timeout $((WARMUP + NATTR * DURATION + 120)) "${TOOL_JAVA[@]}" -Xmx256m \
    dev.cairn.bench.LookupEventsLoad "${LOOKUP_ARGS[@]}" --seconds "$DURATION" --warmup "$WARMUP" \
    --clients "$CLIENTS" || LOAD_STATUS=$?
else
  : > "$WORK/load.txt"
  echo "LookupEvents over HTTP: wrk -t1 -c$CLIENTS, $DURATION s per attribute, warm-up $WARMUP s split across the attributes"
  I=0
  for A in ${ATTRIBUTES//,/ }; do  # warm-up: WARMUP s in all, each attribute a share (warm-up answers do not fail the run)
    W=$(( WARMUP / NATTR + (I < WARMUP % NATTR ? 1 : 0) )); I=$((I + 1))
    [ "$W" -gt 0 ] || continue
    run_wrk "warm-up $A" "$A" "$W" || true
  done
  for A in ${ATTRIBUTES//,/ }; do
    run_wrk "$A" "$A" "$DURATION" || LOAD_STATUS=1
  done
  if [ -n "$PACED_RATE" ]; then
    echo "LookupEvents paced at $PACED_RATE lookups/s in all: wrk -t1 -c$CLIENTS, $DURATION s per attribute"
    for A in ${ATTRIBUTES//,/ }; do
      # wrk asks delay() before each request: the next slot of a fixed schedule (LuaJIT's ffi for a clock)
      { cat "$WORK/wrk/$A.lua"; cat <<'LUA'

-- appended by bench_server_heap.sh: requests at CAIRN_RATE/s in all, each at its slot of a fixed schedule
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_usec; } cairn_timeval; int gettimeofday(cairn_timeval *tv, void *tz); ]]
local tv = ffi.new("cairn_timeval")
local interval = 1000 / tonumber(os.getenv("CAIRN_RATE"))
local scheduled = nil
function delay()
  ffi.C.gettimeofday(tv, nil)
  local now = tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
  if scheduled == nil or scheduled < now - 1000 then scheduled = now end -- at most 1 s of backlog
  scheduled = scheduled + interval
  local wait = scheduled - now
  if wait <= 0 then return 0 end
  return math.floor(wait + 0.5)
end
LUA
      } > "$WORK/wrk/$A-paced.lua"
      run_wrk "paced $A" "$A" "$DURATION" "$A-paced" || LOAD_STATUS=1
    done
  fi
fi
children_cpu; CLIENT_CPU=$(awk -v a="$CLIENT_CPU0" -v b="$CHILDREN_CPU" 'BEGIN { printf "%.1f", b - a }')
# GC pauses during the lookups (-Xlog:gc lines end in the pause, "... 300M->120M(490M) 3.456ms"): they
# are in every latency percentile, so the summary says how much of the time and of p99 they can explain.
LOAD_SECONDS=$(awk -v a="$LOAD_T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
LOOKUP_GC=$(tail -n +"$((GC_LINES0 + 1))" "$WORK/gc.log" | awk -v s="$LOAD_SECONDS" '
  / Pause / { ms = $NF; sub(/ms$/, "", ms); ms += 0; n++; total += ms; if (ms > max) max = ms; if (/Pause Full/) full++
              if (ms > 10) over++ }
  END { printf "%d pauses (%d full), %.0f ms in all (%.2f %% of %.0f s), longest %.1f ms, %d over 10 ms",
               n, full, total, (s > 0 ? total / 10 / s : 0), s, max, over }')
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
printf '%-44s %s\n' "wait for background merges to settle" "$SETTLE_S s, server CPU $SETTLE_CPU s$SETTLE_NOTE"
printf '%-44s %s\n' "heap used after full GC, after lookups" "$HEAP_USED_MB MiB (committed $HEAP_COMMITTED_MB MiB)"
printf '%-44s %s\n' "GC during the run (-Xlog:gc)" "$GC_SUMMARY"
printf '%-44s %s\n' "OutOfMemoryError lines" "$OOM"
printf '%-44s %s\n' "RSS idle / after lookups / peak (VmHWM)" "$IDLE_RSS / $RSS_NOW / $RSS_PEAK MiB (after lookups: $RSS_ANON anon + $RSS_FILE file)"
printf '%-44s %s\n' "event history index on disk (DATA/history)" "$HISTORY_MB MiB ($(awk -v b="$HISTORY_MB" -v n="$COUNT" 'BEGIN { printf "%.0f", b * 1048576 / n }') bytes/event)"
printf '%-44s %s\n' "journal on disk (DATA/journal)" "$JOURNAL_MB MiB ($(awk -v b="$JOURNAL_MB" -v n="$COUNT" 'BEGIN { printf "%.0f", b * 1048576 / n }') bytes/event)"
printf '%-44s %s\n' "server stop" "$STOP_S s"
printf '%-44s %s\n' "GC pauses during the lookups" "$LOOKUP_GC"
printf '%-44s %s\n' "server CPU during the lookups" "$LOAD_CPU s (the load generator, $LOADGEN, and its helpers: $CLIENT_CPU s)"
echo
printf '%-12s %10s %10s %9s %9s %9s %9s %8s %10s %6s\n' "LookupEvents" "lookups" "per s" "p50 ms" "p90 ms" "p99 ms" "max ms" "non-200" "events/ans" "empty"
awk -F'\t' '$1 == "RESULT" { printf "%-12s %10d %10.1f %9.2f %9.2f %9.2f %9.2f %8d %10s %6s\n", $2, $3, $5, $6, $7, $8, $9, $10,
  $11 == "-" ? "-" : sprintf("%.1f", $11), $12 }' "$WORK/load.txt"
if [ "$LOADGEN" = java ]; then
  echo "($CLIENTS closed-loop clients over HTTP/1.1 keep-alive, ${DURATION} s per attribute, after ${WARMUP} s of warm-up)"
  if [ "$LOAD_STATUS" != 0 ]; then echo "FAILED: LookupEventsLoad exited $LOAD_STATUS (non-200 answers or no lookups)"; exit 1; fi
else
  echo "(wrk -t1 -c$CLIENTS: $CLIENTS closed-loop connections over HTTP/1.1 keep-alive, ${DURATION} s per attribute, after ${WARMUP} s of warm-up split across the attributes; wrk does not count events per answer)"
  if [ "$LOAD_STATUS" != 0 ]; then echo "FAILED: a wrk run had non-200 answers, socket errors, no lookups or unreadable output"; exit 1; fi
fi
