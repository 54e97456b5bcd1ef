#!/bin/sh
# One start of a server, for timing the whole process from outside (hyperfine, /usr/bin/time):
# launches it on a free 127.0.0.1 port, polls every 10 ms until its first HTTP 200, stops it by PID
# (SIGTERM) and waits for it to exit. The timed figure is therefore start-up + one poll + shutdown.
#
#   cairn-bench/scripts/start_until_ready.sh cairn     java -jar cairn-cli/target/cairn.jar serve, new data dir
#   cairn-bench/scripts/start_until_ready.sh moto      python3 -m moto.server, until GET /moto-api/ answers 200
#   hyperfine -N -w 1 -r 7 'cairn-bench/scripts/start_until_ready.sh cairn' \
#                          'cairn-bench/scripts/start_until_ready.sh moto'
# env: CAIRN_JAVA_OPTS (extra JVM flags, as for ./cairn). Needs curl and python3 (for a free port).
# The JDK is found the way ./cairn finds it; that search runs before the server starts and is timed too
# (set JAVA_HOME to a JDK 21+ to make it one quick check).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
case "${1:-}" in
  cairn)
    . "$ROOT/bin/find-jdk.sh"
    DATA=$(mktemp -d "${TMPDIR:-/tmp}/cairn-start.XXXXXX")
    # shellcheck disable=SC2086  # CAIRN_JAVA_OPTS is a list of flags, as in ./cairn
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC ${CAIRN_JAVA_OPTS:-} \
      -jar "$ROOT/cairn-cli/target/cairn.jar" serve --port "$PORT" --data "$DATA/data" >/dev/null 2>&1 &
    URL=http://127.0.0.1:$PORT/_cairn/health ;;
  moto)
    DATA=""
    python3 -m moto.server -H 127.0.0.1 -p "$PORT" >/dev/null 2>&1 &
    URL=http://127.0.0.1:$PORT/moto-api/ ;;
  *) echo "usage: $0 cairn|moto" >&2; exit 2 ;;
esac
PID=$!
status=1
i=0
while [ $i -lt 6000 ]; do  # at most about 60 s
  if ! kill -0 "$PID" 2>/dev/null; then echo "server exited before answering" >&2; break; fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL" || true)" = 200 ]; then status=0; break; fi
  i=$((i + 1))
  sleep 0.01
done
kill -TERM "$PID" 2>/dev/null || true
wait "$PID" 2>/dev/null || true
[ -n "$DATA" ] && rm -rf "$DATA"
exit $status
