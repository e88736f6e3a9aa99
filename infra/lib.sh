# shellcheck shell=bash
# Shared helpers for Parley's local infrastructure scripts. Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# log MESSAGE... : one progress line on stderr (stdout stays free for function results).
log() {
  printf '[parley-infra] %s\n' "$*" >&2
}

# die MESSAGE... : log an error and exit non-zero.
die() {
  printf '[parley-infra] ERROR: %s\n' "$*" >&2
  exit 1
}

# java_major JAVA_BIN : prints the major version of the given java executable (e.g. 17, 21, 25).
java_major() {
  local bin=$1 line ver
  [[ -x $bin ]] || return 1
  line=$("$bin" -version 2>&1 | grep -m1 -E 'version "[^"]+"') || return 1
  ver=${line#*version \"}
  ver=${ver%%\"*}
  if [[ $ver == 1.* ]]; then   # 1.8.0_xxx style
    ver=${ver#1.}
  fi
  ver=${ver%%[.+-]*}
  [[ $ver =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$ver"
}

# find_jdk21 : prints a JAVA_HOME whose java is >= 21.
#   1. $JAVA_HOME if it qualifies;
#   2. otherwise the newest qualifying JDK among /usr/lib/jvm/* and the `java` on PATH.
# Returns 1 (printing nothing) if there is none.
find_jdk21() {
  local min=21 major best="" best_major=0 cand java_on_path
  if [[ -n ${JAVA_HOME:-} ]]; then
    major=$(java_major "$JAVA_HOME/bin/java" 2>/dev/null) || major=0
    if (( major >= min )); then
      printf '%s\n' "$JAVA_HOME"
      return 0
    fi
  fi
  local -a cands=()
  for cand in /usr/lib/jvm/*; do
    [[ -x $cand/bin/java && ! -L $cand ]] && cands+=("$cand")
  done
  if java_on_path=$(command -v java 2>/dev/null); then
    java_on_path=$(readlink -f "$java_on_path")
    cands+=("$(dirname "$(dirname "$java_on_path")")")
  fi
  for cand in "${cands[@]}"; do
    major=$(java_major "$cand/bin/java" 2>/dev/null) || continue
    if (( major >= min && major > best_major )); then
      best=$cand
      best_major=$major
    fi
  done
  [[ -n $best ]] || return 1
  printf '%s\n' "$best"
}

# port_open HOST PORT : true if something accepts TCP connections on HOST:PORT.
port_open() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# wait_for_port HOST PORT TIMEOUT_S : waits until HOST:PORT accepts connections; false on timeout.
wait_for_port() {
  local host=$1 port=$2 timeout_s=$3 deadline
  deadline=$(( SECONDS + timeout_s ))
  until port_open "$host" "$port"; do
    (( SECONDS >= deadline )) && return 1
    sleep 0.5
  done
}
