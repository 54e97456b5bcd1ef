#!/usr/bin/env bash
# STS GetCallerIdentity under load: Cairn (strict SigV4 verification) and moto_server, same machine,
# same run, same wrk command, each driven with one SigV4-signed request replayed (sign_request.py).
#
#   cairn-bench/scripts/bench_get_caller_identity.sh          (bounded: about 1.5 min with the defaults)
#   env: RUNS (rounds, default 1; each round runs Cairn then moto), DURATION (wrk seconds, default 20),
#        WARMUP (seconds of wrk against Cairn before measuring, default 10), CONNS (default 64),
#        THREADS (wrk threads, default 2), SKIP_MOTO=1, RESULTS=FILE (append one TSV line per wrk run),
#        CAIRN_JAVA_OPTS (extra JVM flags, as for ./cairn)
# Needs: the built jar cairn-cli/target/cairn.jar (./mvnw -pl cairn-cli -am package -DskipTests),
#        a JDK 21+ (found like ./cairn does), wrk, curl, python3 with botocore; moto for the peer.
#
# Cairn runs from the jar with the same JVM flags as ./cairn (the launcher is not used so that it can
# never start a rebuild in the middle of a measurement), on a free port, with a fresh temporary data
# directory and --auth strict; the request is signed with the admin key it writes to DATA/credentials.
# moto_server (python3 -m moto.server) accepts any signature: its request is signed with key "test".
# Checks: the signed request is sent once before the load and must get HTTP 200 (sign_request.py --send),
# and during the load a wrk response() hook counting non-200 answers (plus wrk's own non-2xx and socket
# error counts). A run with any non-200 answer is reported as FAILED and the script exits 1.
# Figures: wrk Requests/sec, the 50% and 99% latency lines; median over RUNS; ratio Cairn/moto per round.
# Only 127.0.0.1 is contacted; both servers are stopped by PID on exit.
set -euo pipefail
RUNS=${RUNS:-1}; DURATION=${DURATION:-20}; WARMUP=${WARMUP:-10}; CONNS=${CONNS:-64}; THREADS=${THREADS:-2}
case "$RUNS" in [1-5]) ;; *) echo "RUNS must be 1..5" >&2; exit 2;; esac
case "$DURATION" in [1-9]|[1-2][0-9]|30) ;; *) echo "DURATION must be 1..30" >&2; exit 2;; esac
case "$WARMUP" in [0-9]|[1-2][0-9]|30) ;; *) echo "WARMUP must be 0..30" >&2; exit 2;; esac
case "$CONNS" in [1-9]|[1-9][0-9]|[1-2][0-9][0-9]) ;; *) echo "CONNS must be 1..299" >&2; exit 2;; esac
case "$THREADS" in [1-8]) ;; *) echo "THREADS must be 1..8" >&2; exit 2;; esac
PEERS=2; [ "${SKIP_MOTO:-0}" = 1 ] && PEERS=1
[ $((WARMUP + RUNS * DURATION * PEERS)) -le 240 ] || { echo "WARMUP + RUNS x DURATION x servers > 240 s of load" >&2; exit 2; }
for t in wrk curl python3; do command -v "$t" >/dev/null || { echo "missing $t (apt-get install -y wrk curl)" >&2; exit 2; }; done

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR="$ROOT/cairn-cli/target/cairn.jar"
[ -f "$JAR" ] || { echo "no $JAR: build it with ./mvnw -q -B -DskipTests -pl cairn-cli -am package" >&2; exit 2; }
# shellcheck source=/dev/null
. "$ROOT/bin/find-jdk.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-bench-gci.XXXXXX")
CAIRN_PID=""; MOTO_PID=""
stop_pid() { # name pid
  local name=$1 pid=$2
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" || true
  wait "$pid" 2>/dev/null || true
  echo "$name pid $pid stopped"
}
cleanup() { stop_pid cairn "$CAIRN_PID"; stop_pid moto_server "$MOTO_PID"; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_http() { # url pid seconds: until any HTTP 200 from url
  local url=$1 pid=$2 n=$(( $3 * 20 ))
  for _ in $(seq "$n"); do
    kill -0 "$pid" 2>/dev/null || { echo "server pid $pid exited" >&2; return 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = 200 ] && return 0
    sleep 0.05
  done
  echo "no HTTP 200 from $url in $3 s" >&2; return 1
}

JAVA_VERSION=$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)
MOTO_VERSION=$(python3 -c 'import moto;print(moto.__version__)' 2>/dev/null || echo none)
echo "date $(date -u +%Y-%m-%dT%H:%MZ); nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "java $JAVA_VERSION; $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); moto $MOTO_VERSION; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- Cairn -------------------------------------------------------------------------------------
CAIRN_PORT=$(free_port)
CAIRN="http://127.0.0.1:$CAIRN_PORT"
# shellcheck disable=SC2086  # CAIRN_JAVA_OPTS is a list of flags, as in ./cairn
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC ${CAIRN_JAVA_OPTS:-} \
  -jar "$JAR" serve --port "$CAIRN_PORT" --data "$WORK/cairn-data" --auth strict > "$WORK/cairn.log" 2>&1 &
CAIRN_PID=$!
wait_http "$CAIRN/_cairn/health" "$CAIRN_PID" 60 || { cat "$WORK/cairn.log" >&2; exit 1; }
echo "cairn pid $CAIRN_PID on $CAIRN (auth strict, fresh data dir)"
python3 "$HERE/sign_request.py" --endpoint "$CAIRN" --credentials-file "$WORK/cairn-data/credentials" \
  --profile cairn --count-status --send -o "$WORK/cairn.lua" 2> "$WORK/check.out" \
  || { echo "Cairn check FAILED:"; cat "$WORK/check.out"; exit 1; }
echo "check: signed GetCallerIdentity -> $(head -1 "$WORK/check.out")"
if [ "$WARMUP" -gt 0 ]; then
  echo "warm-up: ${WARMUP} s of wrk -t$THREADS -c$CONNS against Cairn"
  timeout $((WARMUP + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -s "$WORK/cairn.lua" "$CAIRN/" > "$WORK/warmup.out" 2>&1 || true
  grep -E 'Requests/sec|non-200' "$WORK/warmup.out" | sed 's/^/  warm-up /' || true
fi

# --- moto_server -------------------------------------------------------------------------------
if [ "$PEERS" = 2 ]; then
  MOTO_PORT=$(free_port)
  MOTO="http://127.0.0.1:$MOTO_PORT"
  python3 -m moto.server -H 127.0.0.1 -p "$MOTO_PORT" > "$WORK/moto.log" 2>&1 &
  MOTO_PID=$!
  wait_http "$MOTO/moto-api/" "$MOTO_PID" 60 || { cat "$WORK/moto.log" >&2; exit 1; }
  echo "moto_server $MOTO_VERSION pid $MOTO_PID on $MOTO"
  python3 "$HERE/sign_request.py" --endpoint "$MOTO" --access-key test --secret-key test \
    --count-status --send -o "$WORK/moto.lua" 2> "$WORK/check.out" \
    || { echo "moto check FAILED:"; cat "$WORK/check.out"; exit 1; }
  echo "check: moto GetCallerIdentity -> $(head -1 "$WORK/check.out")"
  # moto loads its STS backend on first use; a short warm-up so round 1 does not pay for it
  timeout 30 wrk -t"$THREADS" -c"$CONNS" -d2s -s "$WORK/moto.lua" "$MOTO/" > /dev/null 2>&1 || true
fi

# --- load ----------------------------------------------------------------------------------------
RES=$WORK/res.tsv
: > "$RES"
run_wrk() { # name endpoint lua round
  local name=$1 url=$2 lua=$3 round=$4
  timeout $((DURATION + 60)) wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$lua" "$url/" \
    > "$WORK/wrk.out" 2>&1 || true
  python3 - "$name" "$round" "$WORK/wrk.out" >> "$RES" <<'PY'
import re, sys
name, rnd, path = sys.argv[1:4]
t = open(path).read()
def ms(s):
    m = re.match(r"([\d.]+)(us|ms|s)$", s)
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
try:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    p50 = ms(re.search(r"\n\s+50%\s+(\S+)", t).group(1))
    p99 = ms(re.search(r"\n\s+99%\s+(\S+)", t).group(1))
    reqs = int(re.search(r"(\d+) requests in", t).group(1))
    non200 = int(re.search(r"non-200 responses: (\d+)", t).group(1))
except AttributeError:
    sys.stderr.write("could not parse wrk output:\n" + t)
    rps, p50, p99, reqs, non200 = 0.0, 0.0, 0.0, 0, -1
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
sock = re.search(r"Socket errors: (.*)", t)
print("\t".join(map(str, [name, rnd, rps, p50, p99, reqs, non200, bad.group(1) if bad else 0,
                          sock.group(1).strip().replace(" ", "") if sock else "-"])))
PY
  tail -n1 "$RES" | awk -F'\t' '{printf "%-6s round %s %10.1f req/s  p50 %8.2f ms  p99 %8.2f ms  requests %s  non-200 %s  non-2xx %s  socket errors %s\n",$1,$2,$3,$4,$5,$6,$7,$8,$9}'
}
echo "load: wrk -t$THREADS -c$CONNS -d${DURATION}s --latency -s <signed GetCallerIdentity>.lua, $RUNS round(s)"
for r in $(seq "$RUNS"); do
  run_wrk cairn "$CAIRN" "$WORK/cairn.lua" "$r"
  if [ "$PEERS" = 2 ]; then run_wrk moto "$MOTO" "$WORK/moto.lua" "$r"; fi
done
echo "Cairn RSS at end: $(awk '/VmRSS/{printf "%.0f MiB", $2/1024}' "/proc/$CAIRN_PID/status" 2>/dev/null || echo ?)"
if [ -n "$MOTO_PID" ]; then echo "moto RSS at end: $(awk '/VmRSS/{printf "%.0f MiB", $2/1024}' "/proc/$MOTO_PID/status" 2>/dev/null || echo ?)"; fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${RESULTS:-}" ]; then sed "s/^/$(date -u +%Y-%m-%dT%H:%MZ)\t/" "$RES" >> "$RESULTS"; fi

python3 - "$RES" "$THREADS" "$CONNS" "$DURATION" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
med = statistics.median
print("\nGetCallerIdentity, wrk -t%s -c%s -d%ss   median req/s (min-max)   p50 ms   p99 ms   non-200" % tuple(sys.argv[2:5]))
by = {}
for r in rows:
    by.setdefault(r[0], []).append(r)
for name, rs in by.items():
    v = [float(r[2]) for r in rs]
    print("%-38s %10.1f (%.0f-%.0f) %8.2f %8.2f %9d" % (name, med(v), min(v), max(v),
          med(float(r[3]) for r in rs), med(float(r[4]) for r in rs), sum(max(0, int(r[6])) for r in rs)))
if "cairn" in by and "moto" in by:
    pairs = [float(c[2]) / float(m[2]) for c, m in zip(by["cairn"], by["moto"]) if float(m[2]) > 0]
    if pairs:
        print("ratio Cairn/moto (req/s, per round): median %.1fx  (%s)" % (med(pairs), ", ".join("%.1f" % p for p in pairs)))
failed = [r for r in rows if r[0] == "cairn" and (int(r[6]) != 0 or float(r[2]) == 0)]
if failed:
    print("FAILED: Cairn answered non-200 (or wrk output unreadable) in round(s) %s" % ", ".join(r[1] for r in failed))
    sys.exit(1)
print("Cairn answers: all 200")
PY
