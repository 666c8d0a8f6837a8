#!/usr/bin/env bash
# The Win32 side of mio-iocp's tests: builds the Win32 shim for Linux and the programs that pin it.
#
#   conformance.sh build [OUT]   what `./mvnw verify` runs (process-test-classes): with gcc, the shim
#                                (OUT/native/libmiowin32.so), the conformance program linked against it
#                                and the layout check against the shim's header; with mingw-w64 where
#                                installed, the layout check against the Windows SDK headers. A missing
#                                compiler is reported as SKIPPED, a failed static assertion fails.
#                                ShimConformanceTest then runs the native conformance program.
#   conformance.sh all [OUT]     the whole comparison, one command (as root or with sudo): installs
#                                gcc, mingw-w64 and Wine from Debian if missing, prepares a Wine
#                                prefix, builds everything, runs the conformance program under Wine
#                                and natively against the shim, and fails unless both pass every check
#                                and the same number of them. 18 s with Wine's first start (a new
#                                prefix), 4 s after, plus 15 to 25 s for the installation.
#
# OUT defaults to mio-iocp/target/c. Nothing here needs the network except the installation.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode="${1:-build}"
out="${2:-$here/../../../target/c}"
mkdir -p "$out/native" "$out/windows"
out="$(cd "$out" && pwd)"

cflags=(-std=c11 -O2 -Wall -Wextra -Werror)
mingw=x86_64-w64-mingw32-gcc

build_native() {
    if ! command -v gcc >/dev/null; then
        echo "SKIPPED: gcc not found: the Win32 shim and its conformance program are not built (apt-get install gcc)"
        return 0
    fi
    # -Bsymbolic: the shim's own calls between its exports (send -> sendto, recv -> recvfrom,
    # WSASocketW -> socket) must reach its own functions, not the C library's of the same names,
    # which come first in a JVM that dlopens the shim (its Linux calls go through syscall(2))
    gcc "${cflags[@]}" -fPIC -shared -Wl,-Bsymbolic -o "$out/native/libmiowin32.so" \
        "$here/shim/win32shim.c" "$here/shim/posix.c" -lpthread
    gcc "${cflags[@]}" -I"$here/shim" -o "$out/native/afd_conformance" "$here/afd_conformance.c" \
        -L"$out/native" -lmiowin32 -Wl,-rpath,"$out/native"
    gcc "${cflags[@]}" -I"$here/shim" -c -o "$out/native/win32_layout.o" "$here/win32_layout.c"
    echo "built: $out/native/libmiowin32.so, afd_conformance; layout check against the shim's header:" \
        "$(grep -c '^MIO_' "$here/win32_facts.h") assertions hold"
}

build_windows() {
    if ! command -v "$mingw" >/dev/null; then
        echo "SKIPPED: $mingw not found: the layout check against the Windows SDK headers did not run" \
            "(apt-get install gcc-mingw-w64-x86-64, or run conformance.sh all)"
        return 0
    fi
    "$mingw" "${cflags[@]}" -c -o "$out/windows/win32_layout.o" "$here/win32_layout.c"
    echo "built: layout check against the Windows SDK headers (mingw-w64):" \
        "$(grep -c '^MIO_' "$here/win32_facts.h") assertions hold"
    "$mingw" "${cflags[@]}" -o "$out/windows/afd_conformance.exe" "$here/afd_conformance.c" -lws2_32 -lntdll
    echo "built: $out/windows/afd_conformance.exe"
}

install_tools() {
    local missing=()
    command -v gcc >/dev/null || missing+=(gcc libc6-dev)
    command -v "$mingw" >/dev/null || missing+=(gcc-mingw-w64-x86-64)
    # wine64 alone puts no command on the PATH; the wine package adds /usr/bin/wine
    command -v wine >/dev/null || missing+=(wine64 wine)
    if ((${#missing[@]})); then
        local sudo=()
        [[ $(id -u) -eq 0 ]] || sudo=(sudo)
        echo "installing: ${missing[*]}"
        local install=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends)
        # a fresh machine may have no package lists yet
        "${install[@]}" "${missing[@]}" || { "${sudo[@]}" apt-get update && "${install[@]}" "${missing[@]}"; }
    fi
}

# runs a conformance program; prints its output and stores its summary line in $summary
run_conformance() {
    local label="$1"
    shift
    echo "== $label"
    local output
    # a Windows program's text-mode stdout ends lines with CR LF
    output="$("$@" | tr -d '\r')" || true
    echo "$output"
    summary="$(tail -n 1 <<<"$output")"
}

case "$mode" in
build)
    if [[ $OSTYPE != linux* ]]; then
        # the shim is Linux's (epoll); elsewhere the tests call the system's own Win32 functions
        echo "SKIPPED: the Win32 shim is built on Linux only (this is $OSTYPE)"
        exit 0
    fi
    build_native
    build_windows
    ;;
all)
    start=$SECONDS
    install_tools
    build_native
    build_windows
    export WINEDEBUG=-all
    if [[ ! -f "${WINEPREFIX:-$HOME/.wine}/system.reg" ]]; then
        # headless first start: no Mono or Gecko installers
        WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -u
    fi
    run_conformance "under Wine ($(wine --version))" wine "$out/windows/afd_conformance.exe"
    wine_summary="$summary"
    run_conformance "against the Win32 shim for Linux" "$out/native/afd_conformance"
    native_summary="$summary"
    echo "== Wine:   $wine_summary"
    echo "== shim:   $native_summary"
    echo "== $((SECONDS - start)) s"
    pattern='^afd_conformance: ([0-9]+) of ([0-9]+) checks passed$'
    if [[ $wine_summary =~ $pattern && ${BASH_REMATCH[1]} == "${BASH_REMATCH[2]}" ]]; then
        wine_passed="${BASH_REMATCH[1]}"
        if [[ $native_summary == "$wine_summary" ]]; then
            echo "PASS: both pass all $wine_passed checks"
            exit 0
        fi
    fi
    echo "FAIL: the two runs differ or a check failed"
    exit 1
    ;;
*)
    echo "usage: $0 build|all [OUT]" >&2
    exit 2
    ;;
esac
