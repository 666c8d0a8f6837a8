package io.mio.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;

/**
 * Draws the results chart with Java2D, headless: server CPU per request (user and system, stacked)
 * for the non-pipelined and the pipelined rounds, with requests per second beside each bar, and the
 * JMH "poll with nothing ready" cost at 1 and at 10,000 idle sockets.
 */
final class Chart {

    private static final int WIDTH = 1400;
    private static final Color USER = new Color(0x1f, 0x5f, 0xa8);
    private static final Color SYSTEM = new Color(0x9d, 0xc3, 0xe6);
    private static final Color MIO_USER = new Color(0xc2, 0x4e, 0x00);
    private static final Color MIO_SYSTEM = new Color(0xf5, 0xb8, 0x8a);
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);

    private Chart() {
    }

    static void write(final Path file, final Properties meta, final Map<String, Report.Load> load,
                      final List<Report.Jmh> jmh) throws IOException {
        final List<String> stacks = Report.stacks(load);
        final List<String> pollBackends = new ArrayList<>();
        for (Report.Jmh j : jmh) {
            if (j.benchmark().equals("PollBenchmark.pollNothingReady") && j.metric().isEmpty()
                    && !pollBackends.contains(j.backend())) {
                pollBackends.add(j.backend());
            }
        }
        pollBackends.sort((a, b) -> Integer.compare(Report.backendOrder(a), Report.backendOrder(b)));

        final int rowHeight = 34;
        final int loadHeight = stacks.isEmpty() ? 0 : 90 + rowHeight * stacks.size();
        final int pollHeight = pollBackends.isEmpty() ? 0 : 110 + 2 * 22 * pollBackends.size() + 10 * pollBackends.size();
        final int height = 110 + loadHeight + pollHeight + 30;
        final BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
            g.drawString("mio for Java: HTTP plaintext server CPU per request, and poll cost", 30, 40);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            g.drawString(String.format(Locale.ROOT, "%s · %s cores, %s · JDK %s · wrk -t1 -c%s, one event-loop thread per server",
                    meta.getProperty("date", "?"), meta.getProperty("cores", "?"), meta.getProperty("kernel", "?"),
                    meta.getProperty("jdk", "?"), meta.getProperty("connections", "64")), 30, 64);
            g.drawString("command: " + meta.getProperty("command", "mio-bench/run.sh"), 30, 84);
            int y = 110;
            if (!stacks.isEmpty()) {
                final int panelWidth = (WIDTH - 60 - 40) / 2;
                loadPanel(g, 30, y, panelWidth, rowHeight, "non-pipelined: CPU per request (us)", "plain", stacks, load);
                loadPanel(g, 30 + panelWidth + 40, y, panelWidth, rowHeight, "pipelined x16: CPU per request (us)",
                        "pipelined", stacks, load);
                y += loadHeight;
            }
            if (!pollBackends.isEmpty()) {
                pollPanel(g, 30, y, WIDTH - 60, pollBackends, jmh);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void loadPanel(final Graphics2D g, final int x, final int y, final int width, final int rowHeight,
                                  final String title, final String mode, final List<String> stacks,
                                  final Map<String, Report.Load> load) {
        double max = 0; // each panel its own scale: pipelined requests cost a tenth
        for (Report.Load l : load.values()) {
            if (l.mode.equals(mode) && !Double.isNaN(l.totalNanosPerRequest())) {
                max = Math.max(max, l.totalNanosPerRequest());
            }
        }
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, x, y + 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        legend(g, x, y + 26, "user", USER, "system", SYSTEM);
        g.setColor(MIO_USER);
        g.fillRect(x + 150, y + 26, 12, 12);
        g.setColor(MIO_SYSTEM);
        g.fillRect(x + 162, y + 26, 12, 12);
        g.setColor(TEXT);
        g.drawString("mio backends;  label: user + system us, req/s", x + 180, y + 37);
        final int labelWidth = 200;
        final int barX = x + labelWidth;
        final int barWidth = width - labelWidth - 190;
        final int top = y + 50;
        final double scale = niceCeiling(max / 1000);
        // grid
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        final int ticks = ticks(scale);
        for (int i = 0; i <= ticks; i++) {
            final int gx = barX + (int) (barWidth * i / (double) ticks);
            g.setColor(GRID);
            g.drawLine(gx, top - 4, gx, top + rowHeight * stacks.size());
            g.setColor(TEXT);
            final String s = axis(scale * i / ticks, scale / ticks);
            g.drawString(s, gx - g.getFontMetrics().stringWidth(s) / 2, top + rowHeight * stacks.size() + 14);
        }
        int row = 0;
        for (String stack : stacks) {
            final int ry = top + row * rowHeight;
            row++;
            final Report.Load l = load.get(stack + "/" + mode);
            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, stack.startsWith("mio-") ? Font.BOLD : Font.PLAIN, 13));
            g.drawString(Report.label(stack), x, ry + rowHeight / 2 + 4);
            if (l == null || l.requests == 0) {
                g.drawString("no data", barX + 4, ry + rowHeight / 2 + 4);
                continue;
            }
            final boolean mio = stack.startsWith("mio-");
            final int u = (int) Math.round(barWidth * l.userNanosPerRequest() / 1000 / scale);
            final int s = (int) Math.round(barWidth * l.systemNanosPerRequest() / 1000 / scale);
            g.setColor(mio ? MIO_USER : USER);
            g.fillRect(barX, ry + 5, u, rowHeight - 10);
            g.setColor(mio ? MIO_SYSTEM : SYSTEM);
            g.fillRect(barX + u, ry + 5, s, rowHeight - 10);
            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(String.format(Locale.ROOT, "%.2f + %.2f  %,.0f req/s", l.userNanosPerRequest() / 1000,
                    l.systemNanosPerRequest() / 1000, l.requestsPerSecond()), barX + u + s + 6, ry + rowHeight / 2 + 4);
        }
    }

    private static void pollPanel(final Graphics2D g, final int x, final int y, final int width,
                                  final List<String> backends, final List<Report.Jmh> jmh) {
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("JMH: poll with nothing ready, zero timeout (ns/op): 1 vs 10,000 idle registered sockets", x, y + 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        legend(g, x, y + 26, "1 idle", USER, "10,000 idle", SYSTEM);
        double max = 0;
        for (Report.Jmh j : jmh) {
            if (j.benchmark().equals("PollBenchmark.pollNothingReady") && j.metric().isEmpty()) {
                max = Math.max(max, j.score());
            }
        }
        final double scale = niceCeiling(max);
        final int labelWidth = 200;
        final int barX = x + labelWidth;
        final int barWidth = width - labelWidth - 200;
        int ry = y + 50;
        final int bottom = ry + backends.size() * (2 * 22 + 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        final int ticks = ticks(scale);
        for (int i = 0; i <= ticks; i++) {
            final int gx = barX + (int) (barWidth * i / (double) ticks);
            g.setColor(GRID);
            g.drawLine(gx, ry - 4, gx, bottom);
            g.setColor(TEXT);
            final String s = axis(scale * i / ticks, scale / ticks);
            g.drawString(s, gx - g.getFontMetrics().stringWidth(s) / 2, bottom + 14);
        }
        for (String b : backends) {
            final Report.Jmh one = Report.findParam(jmh, "PollBenchmark.pollNothingReady", b, "idle=1");
            final Report.Jmh many = Report.findParam(jmh, "PollBenchmark.pollNothingReady", b, "idle=10000");
            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, b.equals("nio") ? Font.PLAIN : Font.BOLD, 13));
            g.drawString(b.equals("nio") ? "JDK Selector (raw)" : "mio " + b, x, ry + 26);
            int k = 0;
            for (Report.Jmh j : new Report.Jmh[] {one, many}) {
                final int by = ry + k * 22;
                k++;
                if (j == null) {
                    continue;
                }
                final int w = (int) Math.round(barWidth * j.score() / scale);
                g.setColor(k == 1 ? USER : SYSTEM);
                g.fillRect(barX, by + 2, w, 18);
                g.setColor(TEXT);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.drawString(Report.num(j.score()) + " ns", barX + w + 6, by + 16);
            }
            if (one != null && many != null) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
                g.drawString(String.format(Locale.ROOT, "%.2fx", many.score() / one.score()), x + width - 60, ry + 26);
            }
            ry += 2 * 22 + 10;
        }
    }

    private static void legend(final Graphics2D g, final int x, final int y, final String a, final Color ca,
                               final String b, final Color cb) {
        final FontMetrics fm = g.getFontMetrics();
        g.setColor(ca);
        g.fillRect(x, y, 12, 12);
        g.setColor(TEXT);
        g.drawString(a, x + 16, y + 11);
        final int bx = x + 16 + fm.stringWidth(a) + 20;
        g.setColor(cb);
        g.fillRect(bx, y, 12, 12);
        g.setColor(TEXT);
        g.drawString(b, bx + 16, y + 11);
        g.setStroke(new BasicStroke(1));
    }

    /** An axis label with as many decimals as the step needs. */
    static String axis(final double value, final double step) {
        final int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** Grid lines for an axis of {@code scale} (1, 2 or 5 times a power of ten): round steps. */
    static int ticks(final double scale) {
        final double mantissa = scale / Math.pow(10, Math.floor(Math.log10(scale) + 1e-9));
        return Math.abs(mantissa - 2) < 1e-6 ? 4 : 5;
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above v. */
    static double niceCeiling(final double v) {
        if (!(v > 0)) {
            return 1;
        }
        final double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
