#!/usr/bin/env bash
# Start-up to ready: the time from launching the server process to its first HTTP 200, for
#   cairn-fresh     java -jar cairn-cli/target/cairn.jar serve, a new empty data dir each start
#                   (creates the admin user and key, fsyncs the metadata log, writes credentials)
#   cairn-existing  the same with one data dir made by an earlier (untimed) start, reused every time
#   moto            python3 -m moto.server (the peer), first answer from GET /moto-api/
# Cairn's "ready" is the first 200 from GET /_cairn/health. Also measured, per start: the first 200 to a
# SigV4-signed STS GetCallerIdentity (Cairn: signed with the admin key from DATA/credentials; moto: any
# key), the CPU seconds (user + system) the server process had used when it was ready (less sensitive
# than wall time to other load on the machine), and the time from SIGTERM to the process's exit.
#
#   cairn-bench/scripts/bench_startup.sh             (bounded: about 1 min with the defaults)
#   env: RUNS (starts per variant, default 5, 1..15), SKIP_MOTO=1, CAIRN_JAVA_OPTS (extra JVM flags)
# Needs: the built jar (./mvnw -pl cairn-cli -am package -DskipTests), a JDK 21+ (found like ./cairn
#        does), python3 with botocore; moto for the peer.
#
# The JVM is started with the same flags as ./cairn (the launcher itself is not timed: it may rebuild,
# and its JDK search runs java more than once). The variants are interleaved, rotating their order in
# each round, so a slow spell on the machine does not land on one variant. The clock is Python's
# monotonic clock, read just before the process is spawned; the poller retries every 5 ms.
# Only 127.0.0.1 is contacted; every process started is stopped by PID (SIGTERM, then SIGKILL).
set -euo pipefail
RUNS=${RUNS:-5}
case "$RUNS" in [1-9]|1[0-5]) ;; *) echo "RUNS must be 1..15" >&2; exit 2;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR="$ROOT/cairn-cli/target/cairn.jar"
[ -f "$JAR" ] || { echo "no $JAR: build it with ./mvnw -q -B -DskipTests -pl cairn-cli -am package" >&2; exit 2; }
# shellcheck source=/dev/null
. "$ROOT/bin/find-jdk.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-bench-startup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

python3 - "$JAVA_HOME/bin/java" "$JAR" "$WORK" "$RUNS" "${SKIP_MOTO:-0}" "$HERE" "${CAIRN_JAVA_OPTS:-}" <<'PY'
import http.client, os, platform, shlex, signal, socket, statistics, subprocess, sys, tempfile, time

java, jar, work, runs, skip_moto, here, java_opts = sys.argv[1:8]
runs = int(runs)
sys.path.insert(0, here)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import sign_request  # noqa: E402  (botocore is imported here, before any clock starts)
from botocore.credentials import Credentials  # noqa: E402

DEADLINE = time.monotonic() + 170  # the whole script stays under 3 minutes
CAIRN_CMD = [java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", *shlex.split(java_opts),
             "-jar", jar, "serve", "--auth", "strict"]
MOTO_CMD = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def get(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        r.read()
        return r.status
    finally:
        c.close()


def cpu_seconds(pid):
    """user + system CPU seconds the process has used so far (all its threads)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def stop(proc):
    """SIGTERM, then SIGKILL after 15 s; returns seconds from SIGTERM to exit."""
    if proc.poll() is not None:
        return float("nan")
    t = time.monotonic()
    os.kill(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(5)
    return time.monotonic() - t


def start_once(variant, data_dir=None, timeout=60):
    port = free_port()
    if variant == "moto":
        cmd, ready_path = MOTO_CMD + ["-p", str(port)], "/moto-api/"
    else:
        cmd, ready_path = CAIRN_CMD + ["--port", str(port), "--data", data_dir], "/_cairn/health"
    log = open(os.path.join(work, "server.log"), "ab")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        ready = None
        while time.monotonic() - t0 < timeout:
            if proc.poll() is not None:
                raise RuntimeError("%s exited with %s (see its log)" % (variant, proc.returncode))
            try:
                if get(port, "GET", ready_path) == 200:
                    ready = time.monotonic() - t0
                    break
            except (ConnectionError, OSError, http.client.HTTPException):
                pass
            time.sleep(0.005)
        cpu = cpu_seconds(proc.pid) if ready is not None else None
        if ready is None:
            raise RuntimeError("%s: no 200 from %s in %d s" % (variant, ready_path, timeout))
        if variant == "moto":
            creds = Credentials("test", "test")
        else:
            creds = sign_request.profile_credentials(os.path.join(data_dir, "credentials"), "cairn")
        method, path, headers, body = sign_request.sign("http://127.0.0.1:%d" % port, creds, "us-east-1", "sts")
        status = get(port, method, path, body.encode(), dict(headers))
        first_call = time.monotonic() - t0
        if status != 200:
            raise RuntimeError("%s: GetCallerIdentity answered %d" % (variant, status))
        rss = None
        try:
            with open("/proc/%d/status" % proc.pid) as f:
                rss = next(int(l.split()[1]) / 1024 for l in f if l.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
        return {"ready": ready, "cpu": cpu, "first_call": first_call, "stop": stop(proc), "rss": rss}
    finally:
        if proc.poll() is None:
            stop(proc)
        log.close()


def java_version():
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    return out.splitlines()[0] if out else "?"


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


print("date %s; nproc %d; %s; %s; python %s; load average at start: %s" % (
    time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime()), os.cpu_count(), platform.machine(), java_version(),
    platform.python_version(), loadavg()), flush=True)
print("cairn: java %s --port P --data DIR" % " ".join(
    shlex.quote("cairn-cli/target/cairn.jar" if a == jar else a) for a in CAIRN_CMD[1:]), flush=True)
print("moto: python3 -m moto.server -H 127.0.0.1 -p P", flush=True)

variants = ["cairn-fresh", "cairn-existing"] + ([] if skip_moto == "1" else ["moto"])
existing = os.path.join(work, "existing")
start_once("cairn-existing", existing)  # untimed: creates the data dir the cairn-existing runs reuse
if "moto" in variants:
    start_once("moto")  # untimed: the first moto start also fills the OS page cache and .pyc files
print("untimed preparation done (existing data dir made; one moto start)", flush=True)

results = {v: [] for v in variants}
for r in range(runs):
    order = variants[r % len(variants):] + variants[:r % len(variants)]
    for v in order:
        if time.monotonic() > DEADLINE:
            print("time bound reached; stopping early", flush=True)
            break
        d = tempfile.mkdtemp(dir=work, prefix="fresh-") if v == "cairn-fresh" else existing
        res = start_once(v, d)
        results[v].append(res)
        print("round %d %-15s ready %6.3f s (cpu %5.2f s)  first GetCallerIdentity %6.3f s  stop %5.3f s  "
              "RSS at ready %s MiB" % (r + 1, v, res["ready"], res["cpu"], res["first_call"], res["stop"],
                 "%.0f" % res["rss"] if res["rss"] else "?"), flush=True)

med = statistics.median
print("\nstart-up, %d run(s) per variant   ready: median (min-max) s   cpu at ready s   first GetCallerIdentity s"
      "   stop s   (medians)" % runs)
for v, rs in results.items():
    if not rs:
        continue
    ready = [x["ready"] for x in rs]
    print("%-15s %28.3f (%.3f-%.3f) %16.2f %28.3f %8.3f" % (v, med(ready), min(ready), max(ready),
          med(x["cpu"] for x in rs), med(x["first_call"] for x in rs), med(x["stop"] for x in rs)))
if results.get("moto") and results["cairn-fresh"]:
    m = med(x["ready"] for x in results["moto"])
    print("ratio ready Cairn/moto: fresh %.2fx, existing %.2fx" % (
        med(x["ready"] for x in results["cairn-fresh"]) / m, med(x["ready"] for x in results["cairn-existing"]) / m))
print("load average at end: %s" % loadavg())
PY
