package io.mio.epoll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this process's open file descriptors from /proc/self/fd (Linux). */
final class OpenDescriptors {
    private OpenDescriptors() {
    }

    static long count() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            // the listing itself holds one descriptor while it runs, the same one each time
            return fds.count();
        }
    }
}
