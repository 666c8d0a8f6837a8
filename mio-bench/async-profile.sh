#!/usr/bin/env bash
# Where a plaintext server's CPU goes, with async-profiler in ctimer mode (CPU-time timers; perf
# counters are not needed, and itimer's samples come at the kernel's HZ only):
#
#   mio-bench/async-profile.sh STACK [SECONDS]      e.g. mio-bench/async-profile.sh mio-epoll 10
#
# Fetches async-profiler from Maven Central (tools.profiler:async-profiler, with ./mvnw
# dependency:copy into mio-bench/target/async-profiler) the first time, starts the server, warms it
# up with the load benchmark's non-pipelined wrk load, then loads the profiler into it with
# `jcmd PID JVMTI.agent_load` (its option string quoted, or jcmd splits it at "=") for one window of SECONDS under the same load (JIT warm-up is not in
# the samples). Writes results/raw/async-STACK.txt: the top frames by self time, and the share of
# the event-loop thread's samples under each frame (inclusive), and the collapsed stacks beside it
# (async-STACK.collapsed, for flame graphs); then a second window of JFR execution samples (1 ms),
# which see Java code only, for the split of the user-mode Java time (async-STACK.jfr).
# BENCH_PROFILE_EVENT=itimer and BENCH_PROFILE_INTERVAL (default 500us) change the sampler. Needs target/benchmarks.jar (run.sh builds it) and wrk.
# Profiling costs CPU: never mix these figures with run.sh's.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
STACK="${1:?usage: async-profile.sh STACK [SECONDS]}"
WINDOW="${2:-10}"
VERSION=4.1
EVENT="${BENCH_PROFILE_EVENT:-ctimer}" # ctimer: a per-thread CPU-time POSIX timer; itimer ticks at HZ
INTERVAL="${BENCH_PROFILE_INTERVAL:-500us}"
JAR="$BENCH_DIR/target/benchmarks.jar"
RAW="$BENCH_DIR/results/raw"
NAME="$STACK${BENCH_PROFILE_TAG:+-$BENCH_PROFILE_TAG}"
JAVA="${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
JCMD="$(dirname "$JAVA")/jcmd"
AP="$BENCH_DIR/target/async-profiler"
LIB="$AP/linux-x64/libasyncProfiler.so"
[ -f "$JAR" ] || { echo "$JAR missing: run mio-bench/run.sh (or ./mvnw -pl mio-bench -am package) first" >&2; exit 1; }
if [ ! -f "$LIB" ]; then
  (cd "$ROOT" && ./mvnw -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$VERSION" -DoutputDirectory="$AP") >&2
  (cd "$AP" && unzip -o -q "async-profiler-$VERSION.jar" 'linux-x64/*')
fi
mkdir -p "$RAW"

flags=(${BENCH_PROFILE_FLAGS:-} --enable-native-access=ALL-UNNAMED -Xms256m -Xmx256m -XX:+UseG1GC
       -Dio.netty.leakDetection.level=disabled -XX:+EnableDynamicAgentLoading
       -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints)
source "$BENCH_DIR/scripts/profiled-server.sh"
start_server "$STACK" $(( 4 * WINDOW + 60 )) "$RAW/async-$NAME-server.log" "${flags[@]}"

load "$WINDOW" > /dev/null # warm-up: the JIT's work stays out of the window
"$JCMD" "$pid" JVMTI.agent_load "$LIB" "\"start,event=$EVENT,interval=$INTERVAL,cstack=vm,threads\"" > /dev/null
requests=$(load "$WINDOW")
"$JCMD" "$pid" JVMTI.agent_load "$LIB" "\"stop,collapsed,file=$RAW/async-$NAME.collapsed\"" > /dev/null
# second window: JFR's execution samples see only threads running Java code (not in a system call),
# so they split the user-mode Java time alone, at 1 ms
"$JCMD" "$pid" JFR.start name=window settings=profile "jdk.ExecutionSample#period=1ms" > /dev/null
jfr_requests=$(load "$WINDOW")
"$JCMD" "$pid" JFR.stop name=window filename="$RAW/async-$NAME.jfr" > /dev/null
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
trap - EXIT

# collapsed lines are "[thread];frame;...;frame COUNT": the busiest thread is the event loop
awk -v stack="$STACK" -v window="$WINDOW" -v requests="$requests" -v when="$(date -u '+%Y-%m-%d %H:%M UTC')" '
  { n = $NF; line = substr($0, 1, length($0) - length(n) - 1)
    split(line, f, ";"); thread = f[1]; perthread[thread] += n; total += n
    lines[NR] = line; counts[NR] = n }
  END {
    for (t in perthread) if (perthread[t] > best) { best = perthread[t]; loop = t }
    printf "# async-profiler %s %s, %s, wrk -t1 -c64 non-pipelined, %s s window, %s\n", "'"$VERSION"'", "'"$EVENT $INTERVAL"' cstack=vm", stack, window, when
    printf "requests in the window: %s; samples: %d, of which the event-loop thread %s: %d (%.1f%%)\n", requests, total, loop, best, 100 * best / total
    for (i = 1; i <= NR; i++) {
      split(lines[i], f, ";"); if (f[1] != loop) continue
      k = length(f); self[f[k]] += counts[i]
      delete seen
      for (j = 2; j <= k; j++) if (!(f[j] in seen)) { seen[f[j]] = 1; incl[f[j]] += counts[i] }
    }
    print "\n## event-loop thread: top frames by self time (share of the thread'"'"'s samples)"
    for (s in self) printf "%6.2f%%  %s\n", 100 * self[s] / best, s | "sort -rn | head -40"
    close("sort -rn | head -40")
    # user mode alone: samples whose leaf is not a system call wrapper, by the innermost mio frame
    for (i = 1; i <= NR; i++) {
      split(lines[i], f, ";"); if (f[1] != loop) continue
      k = length(f)
      if (f[k] ~ /^(sendto|__GI___send|send|__libc_send|__recvfrom|recv|__libc_recv|recvfrom|epoll_wait|__GI_epoll_wait|accept4|epoll_ctl|close|__close)$/) { sys += counts[i]; continue }
      user += counts[i]; layer = "(no io/mio frame)"
      for (j = k; j >= 2; j--) if (f[j] ~ /^io\/mio\//) { layer = f[j]; break }
      bylayer[layer] += counts[i]
    }
    printf "\n## event-loop thread outside system calls: %d of %d samples (%.1f%%), by innermost io/mio frame\n", user, best, 100 * user / best
    for (s in bylayer) printf "%6.2f%% of the thread (%5.1f%% of its user-mode samples)  %s\n", 100 * bylayer[s] / best, 100 * bylayer[s] / user, s | "sort -rn | head -30"
    close("sort -rn | head -30")
    print "\n## event-loop thread: inclusive share of frames (the layers a request passes)"
    for (s in incl) printf "%6.2f%%  %s\n", 100 * incl[s] / best, s | "sort -rn | head -60"
    close("sort -rn | head -60")
  }' "$RAW/async-$NAME.collapsed" > "$RAW/async-$NAME.txt"
{
  echo; echo "## JFR execution samples (Java code only, 1 ms), a second ${WINDOW} s window: $jfr_requests requests"
  "$(dirname "$JAVA")/jfr" view --width 170 hot-methods "$RAW/async-$NAME.jfr" 2>&1 | head -40
} >> "$RAW/async-$NAME.txt"
echo "$RAW/async-$NAME.txt"
