# Sourced by profile.sh and async-profile.sh: one plaintext server under wrk's non-pipelined load.
# Needs BENCH_DIR and JAR set. Defines:
#   start_server STACK MAX_SECONDS LOG FLAG...  starts it (Netty with Unsafe for netty-epoll-unsafe),
#                                               sets pid and port, kills it when the script exits
#   load SECONDS                                wrk -t1 -c64 plain load; prints the requests completed

start_server() {
  local stack=$1 seconds=$2 log=$3 server=$1
  shift 3
  local flags=("$@")
  if [ "$stack" = netty-epoll-unsafe ]; then flags+=(--sun-misc-unsafe-memory-access=allow); server=netty-epoll; fi
  "$JAVA" "${flags[@]}" -cp "$JAR" io.mio.bench.http.HttpServers "$server" 0 "$seconds" > "$log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  port=""
  for _ in $(seq 200); do
    port=$(sed -n 's/^READY \([0-9]*\).*/\1/p' "$log" 2>/dev/null || true); [ -n "$port" ] && break; sleep 0.1
  done
  [ -n "$port" ] || { echo "server did not start: $(tail -3 "$log")" >&2; exit 1; }
}

load() { # seconds -> requests completed
  timeout $(( $1 + 30 )) wrk -t1 -c64 -d"${1}s" --timeout 5s -s "$BENCH_DIR/scripts/plain.lua" \
    "http://127.0.0.1:$port/" | sed -n 's/^WRK \([0-9]*\).*/\1/p'; true
}
