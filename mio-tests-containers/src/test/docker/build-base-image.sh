#!/usr/bin/env bash
# Builds the TCK's base image without pulling anything: no registry is reachable here or in CI.
# A jlinked Java runtime plus the few host libraries it links, as a rootfs fed to `docker import`.
# Usage: build-base-image.sh JAVA_HOME TAG
# Skipped when TAG exists and was built by this same recipe (script text + JDK release), so an
# edited recipe or a new JDK rebuilds it.
set -euo pipefail
JDK=${1:?JAVA_HOME of a JDK 25}
TAG=${2:?image tag}
# java.xml and java.sql: the JUnit console launcher needs them; jdk.net: extended socket options;
# java.management and jdk.management: the TCK counts a thread's allocated bytes;
# jdk.unsupported: sun.misc.Unsafe for libraries that still look for it; jdk.zipfs: the launcher
# scans the jars for test classes through the "jar" file system.
MODULES=java.base,java.xml,java.sql,java.logging,java.management,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs

RECIPE=$(cat "$0" "$JDK/release" | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$TAG" 2>/dev/null \
        | sed -n 's/^MIO_TCK_BASE_RECIPE=//p')" = "$RECIPE" ]; then
    echo "base image $TAG is up to date (recipe $RECIPE)"
    exit 0
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/rootfs
mkdir -p "$ROOT"/usr/lib "$ROOT"/usr/lib64 "$ROOT"/etc "$ROOT"/opt "$ROOT"/tmp "$ROOT"/reports "$ROOT"/work
ln -s usr/lib "$ROOT"/lib
ln -s usr/lib64 "$ROOT"/lib64
chmod 1777 "$ROOT"/tmp "$ROOT"/reports

"$JDK"/bin/jlink --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
    --generate-cds-archive --output "$ROOT"/opt/java

# the runtime links only a handful of libc's siblings: copy exactly those, at the paths ld.so uses
# (ldd fails on a file that is not a dynamic executable: that is no error here)
LIBS=$(find "$ROOT"/opt/java -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
    | { xargs -0 ldd 2>/dev/null || true; } \
    | grep -oE '/[^ ]+\.so[^ ]*' | grep -v "^$ROOT" | sort -u)
[ -n "$LIBS" ] || { echo "ldd found no shared library in the jlinked runtime" >&2; exit 1; }
for lib in $LIBS; do
    mkdir -p "$ROOT$(dirname "$lib")"
    cp -L "$lib" "$ROOT$lib"
done

printf 'root:x:0:0:root:/root:/sbin/nologin\nmio:x:1000:1000:mio:/tmp:/sbin/nologin\n' >"$ROOT"/etc/passwd
printf 'root:x:0:\nmio:x:1000:\n' >"$ROOT"/etc/group
printf 'hosts: files\n' >"$ROOT"/etc/nsswitch.conf

tar -C "$ROOT" -c . | docker import \
    -c 'ENV PATH=/opt/java/bin' -c 'ENV JAVA_HOME=/opt/java' -c "ENV MIO_TCK_BASE_RECIPE=$RECIPE" \
    -c 'USER 1000:1000' -c 'WORKDIR /work' \
    - "$TAG" >/dev/null
echo "built base image $TAG (recipe $RECIPE, $(du -sh "$ROOT" | cut -f1))"
