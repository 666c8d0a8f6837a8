package io.mio.posix.cfacts;

import io.mio.posix.Os;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The source of truth for the native facts of Linux: what gcc says a C expression is on this
 * machine. A test writes a C program that includes the system headers and prints each expression,
 * compiles and runs it, and compares the values with its Java side. Shared by the modules that keep
 * Linux facts (this one's {@link Os} and errno numbers, epoll's, poll's) through this module's test
 * jar; in a package of its own, which no module holds, so the backends' tests see it on the class path.
 */
public final class CFacts {
    private CFacts() {
    }

    /**
     * The values of C expressions, as a program that includes {@code headers} prints them. Skips the
     * calling test (a failed assumption, with the reason) off Linux or where gcc is missing.
     *
     * @param headers     the program's preamble: {@code #define}s and {@code #include}s
     * @param expressions the C expressions, each a {@code long} once cast
     * @return each expression's value
     * @throws IOException if the program failed to compile or run
     * @throws InterruptedException if interrupted while waiting for gcc
     */
    public static Map<String, Long> of(String headers, Collection<String> expressions) throws IOException, InterruptedException {
        assumeTrue(Os.KIND == Os.Kind.LINUX, "the values are compared on Linux, the OS these facts are checked on");
        Path dir = Files.createTempDirectory("mio-c-facts");
        try {
            StringBuilder c = new StringBuilder(headers).append("\n#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n");
            for (String expression : expressions) {
                c.append("    printf(\"%s=%ld\\n\", \"").append(expression.replace("\"", "\\\""))
                        .append("\", (long) (").append(expression).append("));\n");
            }
            c.append("    return 0;\n}\n");
            Path source = dir.resolve("facts.c");
            Path binary = dir.resolve("facts");
            Files.writeString(source, c);
            String compiled = run(dir, "gcc", "-o", binary.toString(), source.toString());
            assumeTrue(compiled != null, "gcc is not installed");
            Map<String, Long> values = new TreeMap<>();
            for (String line : run(dir, binary.toString()).split("\n")) {
                int eq = line.lastIndexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
                }
            }
            return values;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Asserts that a facts class's {@code static final int} constants, named as the C macros are
     * ({@code EPOLLIN}), and a struct's layout (its size and the offset of each named member) are
     * what gcc says: no list of names is typed twice, and a constant added later is checked too.
     *
     * @param headers the program's preamble: {@code #define}s and {@code #include}s
     * @param facts   the facts class, whose fields the caller's package may read
     * @param cStruct the C type, as {@code "struct epoll_event"}
     * @param layout  the Java layout of that type, its members named as the C fields
     * @throws Exception if gcc failed or a field could not be read
     */
    public static void assertSameAsC(String headers, Class<?> facts, String cStruct, StructLayout layout) throws Exception {
        Map<String, Long> java = intConstants(facts);
        assertFalse(java.isEmpty(), facts + " has no int constants to check");
        java.put("sizeof(" + cStruct + ")", layout.byteSize());
        for (MemoryLayout member : layout.memberLayouts()) {
            member.name().ifPresent(name -> java.put("offsetof(" + cStruct + ", " + name + ")",
                    layout.byteOffset(MemoryLayout.PathElement.groupElement(name))));
        }
        assertEquals("", mismatches(java, of(headers, java.keySet())), "values that differ from gcc's");
    }

    /**
     * The {@code static final int} fields of a facts class, by name: their names are the C macros'
     * ({@code EPOLLIN}), so the C side needs no list of its own. Read as unsigned 32-bit values,
     * as C's flag masks are ({@code EPOLLET} is {@code 1u << 31}).
     *
     * @param facts a facts class
     * @return name to value, in declaration order
     * @throws IllegalAccessException if a field cannot be read from here
     */
    static Map<String, Long> intConstants(Class<?> facts) throws IllegalAccessException {
        Map<String, Long> constants = new LinkedHashMap<>();
        for (Field f : facts.getDeclaredFields()) {
            int modifiers = f.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && f.getType() == int.class) {
                f.setAccessible(true);
                constants.put(f.getName(), Integer.toUnsignedLong(f.getInt(null)));
            }
        }
        return constants;
    }

    /**
     * The values that differ, one line each.
     *
     * @param java the Java side: expression to value
     * @param c    {@link #of}'s answer for the same expressions
     * @return "" when every value matches and C printed no other
     */
    public static String mismatches(Map<String, Long> java, Map<String, Long> c) {
        StringBuilder mismatches = new StringBuilder();
        for (Map.Entry<String, Long> e : java.entrySet()) {
            Long value = c.get(e.getKey());
            if (!e.getValue().equals(value)) {
                mismatches.append(e.getKey()).append(": Java ").append(e.getValue()).append(", C ").append(value).append('\n');
            }
        }
        if (c.size() != java.size()) {
            mismatches.append("C printed ").append(c.size()).append(" values for ").append(java.size()).append(" expressions\n");
        }
        return mismatches.toString();
    }

    /** Runs a command; returns its output, or null if it could not start. */
    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException notFound) {
            return null;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + output);
        }
        return output;
    }
}
