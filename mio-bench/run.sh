#!/usr/bin/env bash
# The whole benchmark in one command, from the repository root or anywhere:
#
#   mio-bench/run.sh
#
# 1. builds mio-bench/target/benchmarks.jar with ./mvnw (tests skipped; nothing is installed);
# 2. runs the JMH micro-benchmarks for every available backend plus the raw java.nio Selector,
#    with the GC profiler;
# 3. runs the load benchmark: one plaintext HTTP server per stack (each mio backend, the raw JDK
#    Selector, Netty epoll with and without sun.misc.Unsafe, Netty io_uring, Netty NIO), loaded by wrk on
#    127.0.0.1 with 64 connections, plain and pipelined 16 deep, stacks in alternating rounds;
#    and the bare FFM epoll loop (ffm-epoll: the floor, no library);
# 4. measures memory per idle registered TCP connection (10,000 of them) for each mio backend, the
#    raw Selector and Netty epoll: heap after a full GC, RSS and NMT deltas (IdleConnections);
# 5. writes mio-bench/results/RESULTS.md (table) and mio-bench/results/chart.png.
#
# About 10 minutes with the defaults on 2 cores (BENCH_ROUNDS=3: about 13). Shorter runs (smoke tests), by environment:
#   BENCH_ROUND_SECONDS  measured seconds per wrk round and mode     (default 7)
#   BENCH_WARMUP_SECONDS wrk warm-up seconds per server start        (default 3; then 1 s plain and 1 s pipelined)
#   BENCH_ROUNDS         rounds over all stacks, order alternating   (default 2)
#   BENCH_JMH            full | quick | skip                         (default full)
#   BENCH_JMH_INCLUDE    regexp of JMH benchmarks to run             (default all)
#   BENCH_LOAD           1 | 0: run the load benchmark               (default 1)
#   BENCH_STACKS         space-separated stacks, e.g. "mio-epoll nio" (default all available);
#                        "mio-epoll+shortread" is the short-read experiment of MioHttpServer;
#                        "mio-uring+oneshot" is uring with one-shot polls only (no IORING_POLL_ADD_MULTI)
#   BENCH_SKIP_BUILD     1: use the jar already built
#   BENCH_BASE_JAR       another build's benchmarks.jar: a stack named STACK@base (e.g. mio-epoll@base)
#                        runs STACK from it, for A/B runs of a change side by side
#   BENCH_RESULTS        where to write the results (default mio-bench/results)
#   BENCH_JFR            stacks to record with JFR (settings=profile), e.g. "mio-epoll"; writes
#                        results/raw/STACK-rROUND.jfr and a hot-methods view beside it
#   BENCH_RUST           1 | 0: add the Rust mio server row when cargo is here   (default 1)
#   BENCH_PIN            1: server on CPU 0, wrk on CPU 1 (taskset), a fixed placement; an
#                        experiment against the bimodal rounds (results/NOTES.md)  (default 0)
#   BENCH_MEMORY         1 | 0: run the idle-connection memory phase             (default 1)
#   BENCH_MEMORY_CONNECTIONS idle connections measured per stack                 (default 10000)
# e.g. a smoke test in about two minutes:
#   BENCH_ROUND_SECONDS=2 BENCH_WARMUP_SECONDS=1 BENCH_ROUNDS=1 BENCH_JMH=quick mio-bench/run.sh
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
ROUND_SECONDS="${BENCH_ROUND_SECONDS:-7}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-3}"
ROUNDS="${BENCH_ROUNDS:-2}"
JMH_MODE="${BENCH_JMH:-full}"
LOAD="${BENCH_LOAD:-1}"
MEMORY="${BENCH_MEMORY:-1}"
MEMORY_CONNECTIONS="${BENCH_MEMORY_CONNECTIONS:-10000}"
IDLE_WARM_UP=1000 # IdleConnections.WARM_UP: connections taken before the first measurement
CONNECTIONS=64
PIPELINE_DEPTH=16 # scripts/pipeline.lua
JAR="$BENCH_DIR/target/benchmarks.jar"
RESULTS="${BENCH_RESULTS:-$BENCH_DIR/results}"
RAW="$RESULTS/raw"
COMMAND=""
for v in BENCH_ROUND_SECONDS BENCH_WARMUP_SECONDS BENCH_ROUNDS BENCH_JMH BENCH_JMH_INCLUDE BENCH_LOAD BENCH_STACKS BENCH_MEMORY BENCH_PIN BENCH_BASE_JAR; do
  if [ -n "${!v:-}" ]; then COMMAND="$COMMAND$v=\"${!v}\" "; fi
done
COMMAND="${COMMAND}mio-bench/run.sh"
START=$(date +%s)

log() { printf '[bench %4ds] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }
die() { log "error: $*"; exit 1; }
trap 'log "error: command failed at line $LINENO (exit $?)"' ERR

# --- JDK 25: the same one the build's toolchain selects -----------------------------------------
find_java() {
  if [ -n "${BENCH_JAVA:-}" ]; then echo "$BENCH_JAVA"; return; fi
  local j v
  for j in /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$j"; return; fi
  done
}
JAVA="$(find_java)"
[ -n "$JAVA" ] || die "no JDK 25 found under /usr/lib/jvm: install one (e.g. Temurin 25) or set BENCH_JAVA"

# --- build ------------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$JAR" ]; then
  log "building benchmarks.jar (./mvnw -pl mio-bench -am package, tests skipped)"
  (cd "$ROOT" && ./mvnw -q -B -pl mio-bench -am -DskipTests package) >&2 || die "build failed"
fi
[ -f "$JAR" ] || die "$JAR not built"
mkdir -p "$RAW"

# --- the optional Rust mio row: Debian's crate sources, built offline --------------------------
RUST_BIN=""
if [ "$LOAD" = 1 ] && [ "${BENCH_RUST:-1}" = 1 ]; then
  CARGO="$(command -v cargo || echo "$HOME/.cargo/bin/cargo")"
  if [ -x "$CARGO" ]; then
    if ! ls -d /usr/share/cargo/registry/mio-0.8* >/dev/null 2>&1; then
      log "installing librust-mio-dev (Debian's mio crate sources) for the Rust row"
      SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -q librust-mio-dev >&2 \
        || log "librust-mio-dev not installed: no Rust row"
    fi
    if (cd "$BENCH_DIR/rust" && CARGO_TARGET_DIR="$BENCH_DIR/target/rust" "$CARGO" build --release -q >&2); then
      RUST_BIN="$BENCH_DIR/target/rust/release/mio-plaintext"
    else
      log "the Rust mio server did not build: no Rust row"
    fi
  else
    log "no cargo: no Rust mio row"
  fi
fi

# --- wrk --------------------------------------------------------------------------------------
if [ "$LOAD" = 1 ] && ! command -v wrk >/dev/null; then
  log "installing wrk (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -q wrk >&2 \
    || { $SUDO apt-get -o DPkg::Lock::Timeout=300 update -q >&2 && \
         $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -q wrk >&2; } \
    || die "could not install wrk"
fi

# --- what runs ------------------------------------------------------------------------------------
JVM_COMMON=(--enable-native-access=ALL-UNNAMED -Xms256m -Xmx256m -XX:+UseG1GC)
mapfile -t BACKENDS < <("$JAVA" "${JVM_COMMON[@]}" -cp "$JAR" io.mio.bench.Backends)
log "java: $JAVA; mio backends available: ${BACKENDS[*]:-none}"

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cores=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "kernel=$(uname -sr)"
  echo "jdk=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.version = //p') ($("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.vendor = //p'))"
  echo "wrk=$(command -v wrk >/dev/null && (wrk -v 2>&1 | head -1) || echo none)"
  echo "command=$COMMAND"
  echo "round_seconds=$ROUND_SECONDS"
  echo "warmup_seconds=$WARMUP_SECONDS"
  echo "rounds=$ROUNDS"
  echo "connections=$CONNECTIONS"
  echo "pipeline=$PIPELINE_DEPTH"
  echo "backends=${BACKENDS[*]:-}"
} > "$RAW/meta.properties"

# --- JMH --------------------------------------------------------------------------------------
case "$JMH_MODE" in
  full)  JMH_OPTS=(-f 1 -wi 2 -w 1s -i 3 -r 1s) ;;
  quick) JMH_OPTS=(-f 1 -wi 1 -w 200ms -i 2 -r 200ms) ;;
  skip)  JMH_OPTS=() ;;
  *) die "BENCH_JMH must be full, quick or skip" ;;
esac
rm -f "$RAW/jmh.csv" # a table shows only what this run measured
if [ "$JMH_MODE" != skip ]; then
  log "JMH ($JMH_MODE): every backend and the raw Selector, -prof gc"
  # BenchMain fills the backend parameter with every available backend plus "nio".
  timeout 420 "$JAVA" "${JVM_COMMON[@]}" -jar "$JAR" "${JMH_OPTS[@]}" -prof gc \
      -rf csv -rff "$RAW/jmh.csv" ${BENCH_JMH_INCLUDE:-} > "$RAW/jmh.log" 2>&1 \
    || { tail -30 "$RAW/jmh.log" >&2; die "JMH failed (log: $RAW/jmh.log)"; }
  grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' "$RAW/jmh.log" | grep -v ':gc\.' | grep -v ':·gc' >&2 || true
fi

# --- load -------------------------------------------------------------------------------------
proc_cpu() { # utime stime (clock ticks) of a pid: fields 14 and 15 of /proc/PID/stat
  local rest
  rest=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || { echo "0 0"; return; } # fields start at 3
  set -- $rest
  echo "${12} ${13}"
}
task_cpu() { # pid -> one line per thread: "tid utime stime" (clock ticks)
  local pid=$1 t rest
  for t in /proc/"$pid"/task/*; do
    rest=$(sed 's/.*) //' "$t/stat" 2>/dev/null) || continue
    # shellcheck disable=SC2086
    set -- $rest
    echo "${t##*/} ${12} ${13}"
  done
}
loop_thread_cpu() { # "before" snapshot file, pid -> "utime stime" of the busiest thread since then
  local before=$1 pid=$2 tid u s bu bs best=-1 bestu=0 bests=0
  while read -r tid u s; do
    read -r _ bu bs < <(grep "^$tid " "$before" || echo "$tid 0 0")
    if (( (u - bu) + (s - bs) > best )); then best=$(( (u - bu) + (s - bs) )); bestu=$(( u - bu )); bests=$(( s - bs )); fi
  done < <(task_cpu "$pid")
  echo "$bestu $bests"
}
hwm_kb() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2>/dev/null || true; }

SERVER_PIN=(); WRK_PIN=()
if [ "${BENCH_PIN:-0}" = 1 ]; then
  if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then SERVER_PIN=(taskset -c 0); WRK_PIN=(taskset -c 1)
  else log "BENCH_PIN=1 needs taskset and 2 CPUs: not pinned"; fi
fi

run_wrk() { # mode seconds port -> "WRK requests duration_us p50_us p99_us errors"
  local script="$BENCH_DIR/scripts/plain.lua"
  [ "$1" = pipelined ] && script="$BENCH_DIR/scripts/pipeline.lua"
  timeout $(( $2 + 30 )) "${WRK_PIN[@]}" wrk -t1 -c"$CONNECTIONS" -d"${2}s" --timeout 5s -s "$script" \
    "http://127.0.0.1:$3/" 2>&1 | grep '^WRK ' || echo "WRK 0 0 0 0 -1"
}

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

rm -f "$RAW/load.csv"
if [ "$LOAD" = 1 ]; then
  if [ -n "${BENCH_STACKS:-}" ]; then
    read -r -a STACKS <<< "$BENCH_STACKS"
  else
    STACKS=()
    for b in "${BACKENDS[@]}"; do STACKS+=("mio-$b"); done
    STACKS+=(ffm-epoll nio netty-epoll netty-epoll-unsafe netty-io_uring netty-nio)
    if [ -n "$RUST_BIN" ]; then STACKS+=(rust-mio); fi
  fi
  CLK_TCK=$(getconf CLK_TCK)
  echo "round,stack,mode,requests,duration_us,p50_us,p99_us,errors,utime_ticks,stime_ticks,clk_tck,hwm_kb,loop_utime_ticks,loop_stime_ticks" > "$RAW/load.csv"
  max_server_seconds=$(( WARMUP_SECONDS + 2 * ROUND_SECONDS + 60 ))
  for round in $(seq "$ROUNDS"); do
    order=("${STACKS[@]}")
    if [ $(( round % 2 )) = 0 ]; then # alternate the order so drift hits every stack alike
      order=(); for (( i=${#STACKS[@]}-1; i>=0; i-- )); do order+=("${STACKS[$i]}"); done
    fi
    for stack in "${order[@]}"; do
      flags=("${JVM_COMMON[@]}" -Dio.netty.leakDetection.level=disabled)
      server="$stack"
      if [ "$stack" = netty-epoll-unsafe ]; then
        flags+=(--sun-misc-unsafe-memory-access=allow); server=netty-epoll
      fi
      if [[ "$stack" == mio-*+shortread ]]; then # experiment (see MioHttpServer), never a default stack
        flags+=(-Dbench.shortReadDrains=true); server="${stack%+shortread}"
      fi
      if [ "$stack" = mio-uring+oneshot ]; then # uring without multishot polls (UringDriver), never a default stack
        flags+=(-Dio.mio.uring.multishot=false); server=mio-uring
      fi
      jar="$JAR"
      if [[ "$stack" == *@base ]]; then # A/B: the same server from another build (BENCH_BASE_JAR)
        [ -f "${BENCH_BASE_JAR:-}" ] || die "$stack needs BENCH_BASE_JAR, a benchmarks.jar to compare with"
        jar="$BENCH_BASE_JAR"; server="${stack%@base}"
      fi
      jfr=""
      if [[ " ${BENCH_JFR:-} " == *" $stack "* ]]; then
        jfr="$RAW/$stack-r$round.jfr"
        flags+=("-XX:StartFlightRecording=filename=$jfr,settings=profile,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=2ms,dumponexit=true")
      fi
      log "round $round/$ROUNDS: $stack"
      out="$RAW/server-$stack.log"
      rm -f "$out" # else the READY line of the last round's server can be read before the redirection truncates it
      if [ "$stack" = rust-mio ]; then
        [ -n "$RUST_BIN" ] || { log "  no Rust binary: skipped"; continue; }
        "${SERVER_PIN[@]}" "$RUST_BIN" 0 "$max_server_seconds" > "$out" 2>&1 &
      else
        "${SERVER_PIN[@]}" "$JAVA" "${flags[@]}" -cp "$jar" io.mio.bench.http.HttpServers "$server" 0 "$max_server_seconds" \
          > "$out" 2>&1 &
      fi
      server_pid=$!
      port=""
      for _ in $(seq 200); do
        # the background shell may not have created the log yet on a loaded machine
        port=$(sed -n 's/^READY \([0-9]*\).*/\1/p' "$out" 2>/dev/null || true)
        [ -n "$port" ] && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
      done
      if [ -z "$port" ]; then
        log "  $stack did not start: $(tail -3 "$out" | tr '\n' ' ')"; stop_server; continue
      fi
      if [ "$round" = 1 ]; then
        note=$(sed -n 's/^netty: //p' "$out" 2>/dev/null | head -1 || true)
        [ -z "$note" ] || echo "note.$stack=$note" >> "$RAW/meta.properties"
      fi
      # warm-up: wrk's connections close at the end of each run, and C2's first code for the loop
      # never saw a close and is thrown away there (uncommon trap); two more short runs, one of
      # each mode, let it recompile before the measured windows (NOTES.md, "Profile before")
      run_wrk plain "$WARMUP_SECONDS" "$port" > /dev/null
      run_wrk plain 1 "$port" > /dev/null
      run_wrk pipelined 1 "$port" > /dev/null
      for mode in plain pipelined; do
        task_cpu "$server_pid" > "$RAW/tasks.before"
        read -r u0 s0 < <(proc_cpu "$server_pid")
        read -r _ req dur p50 p99 err < <(run_wrk "$mode" "$ROUND_SECONDS" "$port")
        read -r u1 s1 < <(proc_cpu "$server_pid")
        read -r lu ls < <(loop_thread_cpu "$RAW/tasks.before" "$server_pid")
        hwm=$(hwm_kb "$server_pid")
        if ! kill -0 "$server_pid" 2>/dev/null; then
          log "  $stack exited during the $mode round: $(tail -3 "$out" | tr '\n' ' ')"; break
        fi
        echo "$round,$stack,$mode,$req,$dur,$p50,$p99,$err,$(( u1 - u0 )),$(( s1 - s0 )),$CLK_TCK,$hwm,$lu,$ls" >> "$RAW/load.csv"
        if [ "$req" -gt 0 ]; then
          log "  $mode: $(( req * 1000000 / (dur > 0 ? dur : 1) )) req/s, cpu user $(( (u1 - u0) * 1000000000 / CLK_TCK / req )) ns/req, sys $(( (s1 - s0) * 1000000000 / CLK_TCK / req )) ns/req (loop thread user $(( lu * 1000000000 / CLK_TCK / req ))), errors $err"
        else
          log "  $mode: no requests completed (errors $err)"
        fi
      done
      stop_server
      if [ -n "$jfr" ] && [ -f "$jfr" ]; then
        { "$(dirname "$JAVA")/jfr" view --width 160 cpu-time-hot-methods "$jfr"; "$(dirname "$JAVA")/jfr" view --width 160 hot-methods "$jfr"; } > "${jfr%.jfr}-hot-methods.txt" 2>&1 || true
        log "  JFR: $jfr"
      fi
    done
  done
fi

rm -f "$RAW/tasks.before"

# --- memory per idle connection -----------------------------------------------------------------
rm -f "$RAW/memory.csv"
if [ "$MEMORY" = 1 ]; then
  # the server side and its client process each hold one descriptor per connection
  need=$(( MEMORY_CONNECTIONS + IDLE_WARM_UP + 100 ))
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
    ulimit -n "$need" 2>/dev/null || log "ulimit -n $(ulimit -n) is below the $need descriptors the memory phase needs"
  fi
  echo "stack,connections,heap_bytes,rss_bytes,nmt_native_bytes" > "$RAW/memory.csv"
  MEM_STACKS=()
  for b in "${BACKENDS[@]}"; do MEM_STACKS+=("mio-$b"); done
  MEM_STACKS+=(nio netty-epoll)
  for stack in "${MEM_STACKS[@]}"; do
    log "memory: $MEMORY_CONNECTIONS idle registered connections on $stack"
    line=$(timeout 180 "$JAVA" "${JVM_COMMON[@]}" -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary \
        -Dio.netty.leakDetection.level=disabled -cp "$JAR" io.mio.bench.memory.IdleConnections \
        "$stack" "$MEMORY_CONNECTIONS" 2> "$RAW/memory-$stack.log" | grep '^MEMORY ' || true)
    if [ -z "$line" ]; then
      log "  $stack: no measurement ($(tail -2 "$RAW/memory-$stack.log" | tr '\n' ' '))"; continue
    fi
    read -r _ s n heap rss nmt <<< "$line"
    echo "$s,$n,$heap,$rss,$nmt" >> "$RAW/memory.csv"
    log "  heap $(( heap / n )) B/connection, RSS $(( rss / n )) B/connection, NMT native $(( nmt / n )) B/connection"
  done
fi

# --- report -----------------------------------------------------------------------------------
log "writing results"
"$JAVA" -Djava.awt.headless=true -cp "$JAR" io.mio.bench.report.Report "$RAW" "$RESULTS"
log "done: $RESULTS/RESULTS.md and $RESULTS/chart.png"
