package io.mio.bench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Turns what {@code mio-bench/run.sh} recorded ({@code raw/meta.properties}, {@code raw/load.csv},
 * {@code raw/jmh.csv}) into {@code RESULTS.md} and {@code chart.png}.
 *
 * <pre>java -cp benchmarks.jar io.mio.bench.report.Report RAW_DIR OUT_DIR</pre>
 */
public final class Report {

    /** The anchors every mio backend is compared with, in table order. */
    static final List<String> ANCHORS = List.of("ffm-epoll", "netty-epoll", "netty-epoll-unsafe", "netty-io_uring", "netty-nio", "nio",
            "rust-mio");

    static final Map<String, String> LABELS = Map.of(
            "ffm-epoll", "bare FFM epoll loop (floor)",
            "nio", "JDK Selector (raw)",
            "netty-epoll", "Netty epoll (no Unsafe)",
            "netty-epoll-unsafe", "Netty epoll (Unsafe allowed)",
            "netty-io_uring", "Netty io_uring (no Unsafe)",
            "netty-nio", "Netty NIO",
            "rust-mio", "Rust mio 0.8 (reference)");

    private Report() {
    }

    static String label(final String stack) {
        final String l = LABELS.get(stack);
        return l != null ? l : stack.startsWith("mio-") ? "mio " + stack.substring(4) : stack;
    }

    /** One stack in one mode over the rounds: CPU figures are medians of the rounds' (the loop thread's: its busiest thread). */
    static final class Load {
        final String stack;
        final String mode;
        long requests;
        long errors;
        long hwmKb;
        double p50Sum;
        double p99Sum;
        int rounds;

        Load(final String stack, final String mode) {
            this.stack = stack;
            this.mode = mode;
        }

        /** Per round: requests/s, then user, system, loop-thread user and total CPU per request (ns). */
        final List<double[]> perRound = new ArrayList<>();

        /** The median over the rounds of figure {@code k} of {@link #perRound}: one odd round moves it little. */
        private double median(final int k) {
            final double[] v = perRound.stream().mapToDouble(r -> r[k]).filter(x -> !Double.isNaN(x)).sorted().toArray();
            if (v.length == 0) {
                return Double.NaN;
            }
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        double requestsPerSecond() {
            return perRound.isEmpty() ? 0 : median(0);
        }

        double userNanosPerRequest() {
            return median(1);
        }

        double systemNanosPerRequest() {
            return median(2);
        }

        double loopUserNanosPerRequest() {
            return median(3);
        }

        double totalNanosPerRequest() {
            return median(4);
        }
    }

    /** One JMH primary or secondary result. */
    record Jmh(String benchmark, String metric, String backend, String params, double score, double error,
               String unit) {
    }

    /** Memory held by {@code connections} idle registered connections on one stack (IdleConnections). */
    record Memory(String stack, int connections, long heapBytes, long rssBytes, long nmtNativeBytes) {
        double heapPerConnection() {
            return (double) heapBytes / connections;
        }

        double rssPerConnection() {
            return (double) rssBytes / connections;
        }

        double nmtPerConnection() {
            return (double) nmtNativeBytes / connections;
        }

        /** Heap plus resident native memory: the heap is pre-touched, so RSS growth is native. */
        double totalPerConnection() {
            return heapPerConnection() + rssPerConnection();
        }
    }

    public static void main(final String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Report RAW_DIR OUT_DIR");
            System.exit(2);
        }
        final Path raw = Path.of(args[0]);
        final Path out = Path.of(args[1]);
        final Properties meta = new Properties();
        final Path metaFile = raw.resolve("meta.properties");
        if (Files.exists(metaFile)) {
            try (Reader r = Files.newBufferedReader(metaFile, StandardCharsets.UTF_8)) {
                meta.load(r);
            }
        }
        final Map<String, Load> load = readLoad(raw.resolve("load.csv"));
        final List<Jmh> jmh = readJmh(raw.resolve("jmh.csv"));
        final List<Memory> memory = readMemory(raw.resolve("memory.csv"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("RESULTS.md"), markdown(meta, load, jmh, memory), StandardCharsets.UTF_8);
        Chart.write(out.resolve("chart.png"), meta, load, jmh);
    }

    // ---------------------------------------------------------------------------------- input

    static List<Memory> readMemory(final Path file) throws IOException {
        final List<Memory> result = new ArrayList<>();
        if (!Files.exists(file)) {
            return result;
        }
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            final String[] f = line.split(",", -1);
            if (f.length == 5 && Integer.parseInt(f[1]) > 0) {
                result.add(new Memory(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4])));
            }
        }
        return result;
    }

    static Map<String, Load> readLoad(final Path file) throws IOException {
        final Map<String, Load> result = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return result;
        }
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            final String[] f = line.split(",", -1);
            if (f.length < 12) {
                continue;
            }
            final Load l = result.computeIfAbsent(f[1] + "/" + f[2], k -> new Load(f[1], f[2]));
            final long requests = Long.parseLong(f[3]);
            if (requests <= 0) {
                l.errors += Math.max(0, Long.parseLong(f[7]));
                continue;
            }
            final double tick = 1e9 / Long.parseLong(f[10]) / requests; // ns per request per clock tick
            final double user = Long.parseLong(f[8]) * tick;
            final double system = Long.parseLong(f[9]) * tick;
            final double loopUser = f.length >= 14 && !f[12].isEmpty() ? Long.parseLong(f[12]) * tick : Double.NaN;
            l.perRound.add(new double[] {requests * 1e6 / Math.max(1, Long.parseLong(f[4])), user, system, loopUser,
                    user + system});
            l.requests += requests;
            l.p50Sum += Double.parseDouble(f[5]);
            l.p99Sum += Double.parseDouble(f[6]);
            l.errors += Math.max(0, Long.parseLong(f[7]));
            if (!f[11].isEmpty()) {
                l.hwmKb = Math.max(l.hwmKb, Long.parseLong(f[11]));
            }
            l.rounds++;
        }
        return result;
    }

    static List<Jmh> readJmh(final Path file) throws IOException {
        final List<Jmh> result = new ArrayList<>();
        if (!Files.exists(file)) {
            return result;
        }
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return result;
        }
        final List<String> header = csv(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            final List<String> f = csv(line);
            if (f.size() < 7) {
                continue;
            }
            String name = f.get(0);
            String metric = "";
            final int colon = name.indexOf(':');
            if (colon >= 0) {
                metric = name.substring(colon + 1).replace("\u00b7", "");
                name = name.substring(0, colon);
            }
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            String backend = "";
            final StringBuilder params = new StringBuilder();
            for (int i = 7; i < header.size() && i < f.size(); i++) {
                final String p = header.get(i).replace("Param: ", "");
                if (p.equals("backend")) {
                    backend = f.get(i);
                } else if (!f.get(i).isEmpty()) {
                    params.append(params.isEmpty() ? "" : ", ").append(p).append('=').append(f.get(i));
                }
            }
            result.add(new Jmh(name, metric, backend, params.toString(), number(f.get(4)), number(f.get(5)),
                    f.get(6)));
        }
        return result;
    }

    private static double number(final String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<String> csv(final String line) {
        final List<String> fields = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    // ---------------------------------------------------------------------------------- output

    static List<String> stacks(final Map<String, Load> load) {
        final List<String> mio = new ArrayList<>();
        final List<String> anchors = new ArrayList<>();
        for (Load l : load.values()) {
            final List<String> list = l.stack.startsWith("mio-") ? mio : anchors;
            if (!list.contains(l.stack)) {
                list.add(l.stack);
            }
        }
        // epoll first, then the other backends as found
        mio.sort((a, b) -> a.equals("mio-epoll") ? -1 : b.equals("mio-epoll") ? 1 : 0);
        anchors.sort((a, b) -> Integer.compare(order(a), order(b)));
        mio.addAll(anchors);
        return mio;
    }

    private static int order(final String anchor) {
        final int i = ANCHORS.indexOf(anchor);
        return i < 0 ? ANCHORS.size() : i;
    }

    static String markdown(final Properties meta, final Map<String, Load> load, final List<Jmh> jmh,
                           final List<Memory> memory) {
        final StringBuilder md = new StringBuilder();
        md.append("# mio-bench results\n\n");
        md.append("Command: `").append(meta.getProperty("command", "mio-bench/run.sh")).append("`  \n");
        md.append("Date: ").append(meta.getProperty("date", "?")).append("  \n");
        md.append("Machine: ").append(meta.getProperty("cores", "?")).append(" cores (")
                .append(meta.getProperty("cpu", "?")).append("), ").append(meta.getProperty("kernel", "?"))
                .append("  \n");
        md.append("JDK: ").append(meta.getProperty("jdk", "?")).append("; load generator: ")
                .append(meta.getProperty("wrk", "?")).append("  \n");
        md.append("Backends found: ").append(meta.getProperty("backends", "?")).append("\n\n");
        md.append("![chart](chart.png)\n\n");

        if (!load.isEmpty()) {
            md.append("## Load: HTTP plaintext, wrk on 127.0.0.1\n\n");
            md.append(String.format(Locale.ROOT,
                    "One event-loop thread per server; wrk -t1 -c%s; %s rounds of %s s per mode after a %s s warm-up, "
                            + "stacks in alternating order; pipelined = %s requests per send. Every figure is the median over the "
                            + "rounds. "
                            + "CPU per request is the server process's utime/stime from /proc/PID/stat over the "
                            + "measured window divided by the requests wrk completed; the loop thread's figure is the same "
                    + "for the server's busiest thread alone (/proc/PID/task/TID/stat), without JIT and GC threads. "
                    + "Peak RSS is VmHWM.\n\n",
                    meta.getProperty("connections", "64"), meta.getProperty("rounds", "?"),
                    meta.getProperty("round_seconds", "?"), meta.getProperty("warmup_seconds", "?"),
                    meta.getProperty("pipeline", "16")));
            md.append("Servers: `mio-*` are the mio backends (edge-triggered: read until would-block); the raw JDK "
                    + "Selector is level-triggered (one read per report); Netty 4.2 keeps its defaults, leak detection "
                    + "off. Every JVM: JDK above, `-Xms256m -Xmx256m -XX:+UseG1GC`.\n");
            for (String stack : stacks(load)) {
                final String note = meta.getProperty("note." + stack);
                if (note != null) {
                    md.append("- ").append(label(stack)).append(": ").append(note).append('\n');
                }
            }
            md.append('\n');
            md.append("| server | mode | req/s | p50 | p99 | user CPU/req | system CPU/req | total CPU/req | loop thread user CPU/req | peak RSS | errors |\n");
            md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
            for (String mode : List.of("plain", "pipelined")) {
                for (String stack : stacks(load)) {
                    final Load l = load.get(stack + "/" + mode);
                    if (l == null) {
                        continue;
                    }
                    final boolean latency = mode.equals("plain") && l.rounds > 0;
                    md.append(String.format(Locale.ROOT,
                            "| %s | %s | %,.0f | %s | %s | %s | %s | %s | %s | %s | %d |\n",
                            label(stack), mode, l.requestsPerSecond(),
                            latency ? micros(l.p50Sum / l.rounds) : "n/a",
                            latency ? micros(l.p99Sum / l.rounds) : "n/a",
                            nanos(l.userNanosPerRequest()), nanos(l.systemNanosPerRequest()),
                            nanos(l.totalNanosPerRequest()), nanos(l.loopUserNanosPerRequest()),
                            l.hwmKb == 0 ? "?" : String.format(Locale.ROOT, "%.0f MiB", l.hwmKb / 1024.0),
                            l.errors));
                }
            }
            md.append("\nPipelined latency percentiles are not reported: stock wrk's are wrong with pipelining "
                    + "(its correction assumes one response per sample).\n\n");
            ratios(md, load);
        }
        if (!memory.isEmpty()) {
            memoryTable(md, memory);
        }
        if (!jmh.isEmpty()) {
            jmhTables(md, jmh);
        }
        return md.toString();
    }

    private static void ratios(final StringBuilder md, final Map<String, Load> load) {
        final List<String> mio = stacks(load).stream().filter(s -> s.startsWith("mio-")).toList();
        final List<String> anchors = stacks(load).stream().filter(s -> !s.startsWith("mio-")).toList();
        if (mio.isEmpty() || anchors.isEmpty()) {
            return;
        }
        md.append("## Ratios, same run: mio backend / anchor (below 1 = the backend uses less CPU per request)\n\n");
        md.append("| backend | mode | CPU/req | ");
        for (String a : anchors) {
            md.append("vs ").append(label(a)).append(" | ");
        }
        md.append("\n|---|---|---|");
        md.append("--:|".repeat(anchors.size())).append('\n');
        for (String mode : List.of("plain", "pipelined")) {
            for (String m : mio) {
                final Load b = load.get(m + "/" + mode);
                if (b == null) {
                    continue;
                }
                for (String kind : List.of("user", "loop user", "total")) {
                    md.append("| ").append(label(m)).append(" | ").append(mode).append(" | ").append(kind).append(" | ");
                    for (String a : anchors) {
                        final Load x = load.get(a + "/" + mode);
                        final double r = x == null ? Double.NaN : switch (kind) {
                            case "user" -> b.userNanosPerRequest() / x.userNanosPerRequest();
                            case "loop user" -> b.loopUserNanosPerRequest() / x.loopUserNanosPerRequest();
                            default -> b.totalNanosPerRequest() / x.totalNanosPerRequest();
                        };
                        md.append(Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2fx", r)).append(" | ");
                    }
                    md.append('\n');
                }
            }
        }
        md.append('\n');
        final Load epoll = load.get("mio-epoll/plain");
        if (epoll != null) {
            md.append("Targets for the epoll backend (issue 4; non-pipelined rounds):\n\n");
            target(md, "user CPU/request <= 0.7x the raw Selector's", epoll, load.get("nio/plain"), 0.7, true);
            target(md, "user CPU/request <= 0.5x Netty epoll's (no Unsafe)", epoll, load.get("netty-epoll/plain"), 0.5, true);
            target(md, "user CPU/request <= 0.5x Netty epoll's (Unsafe allowed)", epoll,
                    load.get("netty-epoll-unsafe/plain"), 0.5, true);
            for (String a : anchors) {
                if (a.equals("rust-mio")) {
                    continue; // an extra reference row, not an anchor of the targets
                }
                target(md, "total CPU/request <= " + label(a) + "'s", epoll, load.get(a + "/plain"), 1.0, false);
            }
            md.append('\n');
            md.append("Targets of issue 13 (the floor is the bare FFM epoll loop):\n\n");
            target(md, "plain: user CPU/request <= 1.2x the bare FFM loop's", epoll, load.get("ffm-epoll/plain"), 1.2, true);
            target(md, "plain: user CPU/request <= 0.8x the raw Selector's", epoll, load.get("nio/plain"), 0.8, true);
            for (String a : anchors) {
                target(md, "plain: total CPU/request <= " + label(a) + "'s", epoll, load.get(a + "/plain"), 1.0, false);
            }
            for (String m : mio) {
                if (!m.equals("mio-epoll")) {
                    target(md, "plain: total CPU/request <= " + label(m) + "'s", epoll, load.get(m + "/plain"), 1.0, false);
                }
            }
            final Load piped = load.get("mio-epoll/pipelined");
            if (piped != null) {
                target(md, "pipelined: total CPU/request <= Rust mio's", piped, load.get("rust-mio/pipelined"), 1.0, false);
                target(md, "pipelined: total CPU/request <= the raw Selector's", piped, load.get("nio/pipelined"), 1.0, false);
                target(md, "pipelined: user CPU/request <= the raw Selector's", piped, load.get("nio/pipelined"), 1.0, true);
            }
            md.append('\n');
        }
    }

    private static void memoryTable(final StringBuilder md, final List<Memory> memory) {
        md.append(String.format(Locale.ROOT, "## Memory per idle registered TCP connection (%,d connections)%n%n",
                memory.get(0).connections()));
        md.append(String.format(Locale.ROOT, "One process per stack accepts the connections a child process opens and "
                + "holds, and registers each for READABLE (`io.mio.bench.memory.IdleConnections`). Differences between "
                + "two measurements, after %,d connections and after %,d more: heap used after a full GC, VmRSS (the heap is pre-touched, "
                + "`-XX:+AlwaysPreTouch`, so RSS growth is native memory), and NMT's committed memory outside the "
                + "Java heap (`-XX:NativeMemoryTracking=summary`; Netty's own native allocations are in RSS only). "
                + "NMT's figure is small and noisy: GC and compiler arenas shrink and grow between the measurements.%n%n",
                io.mio.bench.memory.IdleConnections.WARM_UP, memory.get(0).connections()));
        md.append("| stack | heap B/conn | RSS B/conn | NMT native B/conn | heap + RSS B/conn |\n");
        md.append("|---|--:|--:|--:|--:|\n");
        for (Memory m : memory) {
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %,.0f |%n", label(m.stack()),
                    m.heapPerConnection(), m.rssPerConnection(), m.nmtPerConnection(), m.totalPerConnection()));
        }
        final Memory nio = memory.stream().filter(m -> m.stack().equals("nio")).findFirst().orElse(null);
        if (nio != null) {
            md.append("\nTarget of issue 13: heap + RSS per connection of every backend at most the raw Selector's:\n\n");
            for (Memory m : memory) {
                if (m.stack().startsWith("mio-")) {
                    final double r = m.totalPerConnection() / nio.totalPerConnection();
                    md.append(String.format(Locale.ROOT, "- %s: %.2fx, %s%n", label(m.stack()), r,
                            r <= 1.0 ? "met" : "**not met**"));
                }
            }
        }
        md.append('\n');
    }

    private static void target(final StringBuilder md, final String what, final Load b, final Load anchor,
                               final double limit, final boolean user) {
        if (anchor == null) {
            return;
        }
        final double r = user ? b.userNanosPerRequest() / anchor.userNanosPerRequest()
                : b.totalNanosPerRequest() / anchor.totalNanosPerRequest();
        final double loop = b.loopUserNanosPerRequest() / anchor.loopUserNanosPerRequest();
        md.append(String.format(Locale.ROOT, "- %s: %.2fx, %s%s\n", what, r, r <= limit ? "met" : "**not met**",
                user && !Double.isNaN(loop) ? String.format(Locale.ROOT, " (event-loop thread alone: %.2fx)", loop) : ""));
    }

    private static void jmhTables(final StringBuilder md, final List<Jmh> jmh) {
        final List<String> backends = new ArrayList<>();
        for (Jmh j : jmh) {
            if (!backends.contains(j.backend())) {
                backends.add(j.backend());
            }
        }
        backends.sort((a, b) -> Integer.compare(backendOrder(a), backendOrder(b)));
        final TreeSet<String> rows = new TreeSet<>();
        for (Jmh j : jmh) {
            if (j.metric().isEmpty()) {
                rows.add(j.benchmark() + (j.params().isEmpty() ? "" : " (" + j.params() + ")"));
            }
        }
        md.append("## JMH micro-benchmarks\n\n");
        md.append("Score ± 99.9% error per backend (`nio` = the same operation on a raw java.nio Selector); "
                + "below it, `gc.alloc.rate.norm` in bytes per operation from `-prof gc`.\n\n");
        md.append("| benchmark | ");
        for (String b : backends) {
            md.append(b).append(" | ");
        }
        md.append("\n|---|").append("--:|".repeat(backends.size())).append('\n');
        for (String row : rows) {
            md.append("| ").append(row).append(" | ");
            for (String b : backends) {
                final Jmh j = find(jmh, row, b, "");
                md.append(j == null ? "" : String.format(Locale.ROOT, "%s ± %s %s", num(j.score()), num(j.error()),
                        j.unit())).append(" | ");
            }
            md.append('\n');
        }
        md.append("\n| allocation, B/op | ");
        for (String b : backends) {
            md.append(b).append(" | ");
        }
        md.append("\n|---|").append("--:|".repeat(backends.size())).append('\n');
        for (String row : rows) {
            md.append("| ").append(row).append(" | ");
            for (String b : backends) {
                final Jmh j = find(jmh, row, b, "gc.alloc.rate.norm");
                md.append(j == null ? "" : String.format(Locale.ROOT, "%.3f", j.score())).append(" | ");
            }
            md.append('\n');
        }
        md.append('\n');
        final List<String> idle = new ArrayList<>();
        for (String b : backends) {
            final Jmh one = findParam(jmh, "PollBenchmark.pollNothingReady", b, "idle=1");
            final Jmh many = findParam(jmh, "PollBenchmark.pollNothingReady", b, "idle=10000");
            if (one != null && many != null) {
                final double r = many.score() / one.score();
                idle.add(String.format(Locale.ROOT, "- %s: 10,000 idle / 1 idle = %.2fx%s", b, r,
                        b.equals("epoll") ? (r <= 1.2 ? " (target <= 1.2x: met)" : " (target <= 1.2x: **not met**)")
                                : ""));
            }
        }
        if (!idle.isEmpty()) {
            md.append("Poll with nothing ready, cost of 10,000 idle registered sockets relative to 1:\n\n");
            idle.forEach(s -> md.append(s).append('\n'));
            md.append('\n');
        }
    }

    static int backendOrder(final String b) {
        return switch (b) {
            case "epoll" -> 0;
            case "nio" -> 100;
            default -> 50;
        };
    }

    static Jmh find(final List<Jmh> jmh, final String row, final String backend, final String metric) {
        for (Jmh j : jmh) {
            final String r = j.benchmark() + (j.params().isEmpty() ? "" : " (" + j.params() + ")");
            if (r.equals(row) && j.backend().equals(backend) && j.metric().equals(metric)) {
                return j;
            }
        }
        return null;
    }

    static Jmh findParam(final List<Jmh> jmh, final String benchmark, final String backend, final String params) {
        for (Jmh j : jmh) {
            if (j.benchmark().equals(benchmark) && j.backend().equals(backend) && j.metric().isEmpty()
                    && j.params().equals(params)) {
                return j;
            }
        }
        return null;
    }

    static String num(final double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == 0) {
            return "0";
        }
        final double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String nanos(final double ns) {
        if (Double.isNaN(ns)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f us", ns / 1000);
    }

    static String micros(final double us) {
        return us >= 1000 ? String.format(Locale.ROOT, "%.2f ms", us / 1000) : String.format(Locale.ROOT, "%.0f us", us);
    }
}
