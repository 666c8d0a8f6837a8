#!/usr/bin/env bash
# Where a plaintext server's CPU goes, under the load benchmark's non-pipelined load:
#
#   mio-bench/profile.sh STACK [SECONDS]      e.g. mio-bench/profile.sh mio-epoll 5
#
# STACK is any stack run.sh knows (mio-epoll, mio-selector, nio, netty-epoll, netty-epoll-unsafe,
# netty-nio). Needs target/benchmarks.jar (run.sh builds it) and wrk. Three bounded windows of
# SECONDS each, on a server started with JFR's CPU-time sampler:
#   1. perf (when it works here): samples split by DSO (kernel, JIT-compiled Java, libjvm, libc)
#      and the hottest user-mode symbols, JIT names from the JVM's perf map;
#   2. strace -c: system calls per request;
#   3. the JFR recording of the whole run: hot methods (CPU time, user and kernel alike).
# BENCH_PROFILE_FLAGS adds JVM flags (e.g. -Dbench.shortReadDrains=true for the experiment in
# MioHttpServer). Writes results/raw/profile-STACK.txt. Profiling costs CPU: never mix these figures with run.sh's.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STACK="${1:?usage: profile.sh STACK [SECONDS]}"
SECONDS_PER_WINDOW="${2:-5}"
JAR="$BENCH_DIR/target/benchmarks.jar"
RAW="$BENCH_DIR/results/raw"
NAME="$STACK${BENCH_PROFILE_TAG:+-$BENCH_PROFILE_TAG}" # BENCH_PROFILE_TAG names a variant's files
OUT="$RAW/profile-$NAME.txt"
JAVA="${BENCH_JAVA:-}"
if [ -z "$JAVA" ]; then
  for j in /usr/lib/jvm/*/bin/java; do
    v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then JAVA="$j"; break; fi
  done
fi
[ -x "$JAVA" ] || { echo "no JDK 25 found" >&2; exit 1; }
[ -f "$JAR" ] || { echo "$JAR missing: run mio-bench/run.sh (or ./mvnw -pl mio-bench -am package) first" >&2; exit 1; }
mkdir -p "$RAW"

flags=(${BENCH_PROFILE_FLAGS:-} --enable-native-access=ALL-UNNAMED -Xms256m -Xmx256m -XX:+UseG1GC -Dio.netty.leakDetection.level=disabled
       -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit
       "-XX:StartFlightRecording=filename=$RAW/profile-$NAME.jfr,settings=profile,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=2ms,dumponexit=true")
source "$BENCH_DIR/scripts/profiled-server.sh"
start_server "$STACK" $(( 6 * SECONDS_PER_WINDOW + 60 )) "$RAW/profile-$NAME-server.log" "${flags[@]}"

{
  echo "# profile of $STACK: wrk -t1 -c64, non-pipelined, ${SECONDS_PER_WINDOW}s windows, $(date -u '+%Y-%m-%d %H:%M UTC')"
  load "$SECONDS_PER_WINDOW" > /dev/null # warm-up

  if perf record -e cpu-clock -o /dev/null -- true > /dev/null 2>&1; then
    echo; echo "## perf: cpu-clock samples of the server process by DSO, then user-mode symbols"
    perf record -q -e cpu-clock -F 999 -p "$pid" -o "$RAW/profile-$NAME.perf" -- sleep "$SECONDS_PER_WINDOW" 2>/dev/null &
    perf_pid=$!
    requests=$(load "$SECONDS_PER_WINDOW")
    wait "$perf_pid" || true
    echo "requests in the window: $requests"
    PERF_REPORT=1
  else
    echo; echo "## perf: not usable here"
    PERF_REPORT=0
  fi

  echo; echo "## strace -c: system calls in a ${SECONDS_PER_WINDOW}s window (strace slows the server)"
  timeout $(( SECONDS_PER_WINDOW + 5 )) strace -c -f -p "$pid" -o "$RAW/profile-$NAME.strace" &
  strace_pid=$!
  sleep 0.5
  requests=$(load "$SECONDS_PER_WINDOW")
  kill -INT "$strace_pid" 2>/dev/null || true
  wait "$strace_pid" 2>/dev/null || true
  echo "requests in the window: $requests"
  if [ -s "$RAW/profile-$NAME.strace" ] && [ "${requests:-0}" -gt 0 ]; then
    awk -v r="$requests" 'NR <= 2 || /^-/ {print; next} $4 ~ /^[0-9]+$/ {printf "%s   per request: %.3f\n", $0, $4 / r; next} {print}' \
      "$RAW/profile-$NAME.strace"
  fi
} > "$OUT" 2>&1

kill "$pid" 2>/dev/null || true
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
trap - EXIT

if [ "$PERF_REPORT" = 1 ]; then
  {
    echo; echo "### perf by DSO"
    perf report -i "$RAW/profile-$NAME.perf" --stdio --sort dso 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15
    echo; echo "### perf user-mode symbols (JIT code named from /tmp/perf-$pid.map)"
    perf report -i "$RAW/profile-$NAME.perf" --stdio --sort dso,sym 2>/dev/null | grep -v '^#' | grep -v '^$' \
      | grep -v '\[k\]' | head -40
  } >> "$OUT" 2>&1
fi
{
  echo; echo "## JFR CPU-time sampler: hottest methods over the whole run (user and kernel time alike)"
  "$(dirname "$JAVA")/jfr" view --width 170 cpu-time-hot-methods "$RAW/profile-$NAME.jfr" 2>&1 | head -30
} >> "$OUT"
echo "$OUT"
