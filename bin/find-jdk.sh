# shellcheck shell=sh
# Finds a JDK 21 or newer and exports JAVA_HOME to it. Sourced by ./mvnw and ./cairn.
# Order: $JAVA_HOME, then `java` on the PATH, then the JDKs under the system's JVM folders.
# Exits with an install hint when there is none.

cairn_java_major() {
  # Prints the feature version of the JDK home $1 (17, 21, 25, ...), or nothing. The home's `release`
  # file answers without starting a JVM; only a JDK without one is asked by running its java.
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1)
    if [ -n "$v" ]; then
      echo "$v"
      return 0
    fi
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

cairn_jdk_ok() {
  # True when $1 is a JDK home (has bin/java and bin/javac) of version 21 or newer.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  v=$(cairn_java_major "$1")
  [ -n "$v" ] && [ "$v" -ge 21 ]
}

cairn_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && cairn_jdk_ok "$JAVA_HOME"; then
    return 0
  fi
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if cairn_jdk_ok "$home"; then
      JAVA_HOME=$home
      export JAVA_HOME
      return 0
    fi
  fi
  best=""
  best_v=0
  case $- in *f*) set +f; cairn_noglob=1 ;; *) cairn_noglob=0 ;; esac
  # CAIRN_JDK_DIRS (space-separated patterns) replaces the usual JVM folders; the tests use it.
  # shellcheck disable=SC2086
  for dir in ${CAIRN_JDK_DIRS:-/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home}; do
    [ -d "$dir" ] || continue
    cairn_jdk_ok "$dir" || continue
    v=$(cairn_java_major "$dir")
    if [ "$v" -gt "$best_v" ]; then
      best=$dir
      best_v=$v
    fi
  done
  [ "$cairn_noglob" = 1 ] && set -f
  if [ -n "$best" ]; then
    JAVA_HOME=$best
    export JAVA_HOME
    return 0
  fi
  cat >&2 <<'MSG'
cairn: no JDK 21 or newer found (looked at $JAVA_HOME, `java` on the PATH, and /usr/lib/jvm).
Install one, for example:
  Debian 13, Ubuntu 24.04:  sudo apt-get install openjdk-21-jdk-headless
  older Debian or Ubuntu:   the Temurin 21 package from adoptium.net (apt repository)
  macOS:                    brew install openjdk@21
or set JAVA_HOME to the home of a JDK 21 or newer.
MSG
  exit 1
}

cairn_find_jdk
