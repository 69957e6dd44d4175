# Shared by Paddock's launchers (sourced, not run): finds java, and builds the checkout when needed.
# Expects PADDOCK_HOME. Defines JAVA, SERVER_JAR, LIB_DIR and build_if_needed.
#   PADDOCK_SKIP_BUILD=1   never build, even if the sources are newer than the build

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
elif type -p java > /dev/null; then
  JAVA=java
else
  echo "Error: JAVA_HOME is not set and java could not be found in PATH." >&2
  exit 1
fi

# The server module's jar and its runtime dependencies (every main module but the client, shell and bench).
SERVER_JAR="$PADDOCK_HOME/paddock-server/target/paddock-server-0.1.0.jar"
LIB_DIR="$PADDOCK_HOME/paddock-server/target/lib"

# needs_build MARKER: true if MARKER is missing or any main source or pom of the checkout is newer than it.
needs_build() {
  [ -e "$1" ] || return 0
  [ -n "$(find "$PADDOCK_HOME" -path '*/target' -prune -o -path '*/.git' -prune -o -path '*/src/test' -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -name '*.jute' \) -newer "$1" -print -quit 2>/dev/null)" ]
}

# build_if_needed MARKER...: runs "mvn -q -B -DskipTests install" unless every MARKER is newer than the sources.
build_if_needed() {
  local stale=""
  for m in "$@"; do
    if needs_build "$m"; then
      stale="$m"
    fi
  done
  [ -d "$LIB_DIR" ] || stale="$LIB_DIR"
  [ -z "$stale" ] && return 0
  if [ "${PADDOCK_SKIP_BUILD:-}" = "1" ]; then
    [ -e "$stale" ] && return 0
    echo "Paddock is not built ($stale missing) and PADDOCK_SKIP_BUILD=1." >&2
    exit 1
  fi
  if ! type -p mvn > /dev/null; then
    echo "Paddock needs building but mvn is not on PATH." >&2
    exit 1
  fi
  echo "Building Paddock (mvn -q -B -DskipTests install in $PADDOCK_HOME) ..." >&2
  if ! (cd "$PADDOCK_HOME" && mvn -q -B -DskipTests install); then
    echo "Build failed." >&2
    exit 1
  fi
  touch "$@"
}
