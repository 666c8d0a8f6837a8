package io.mio.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path dir;

    @Test
    void cpuPerRequestSumsTheRoundsAndRatiosCompareTheSameMode() throws IOException {
        final Path csv = dir.resolve("load.csv");
        Files.writeString(csv, """
                round,stack,mode,requests,duration_us,p50_us,p99_us,errors,utime_ticks,stime_ticks,clk_tck,hwm_kb,loop_utime_ticks,loop_stime_ticks
                1,mio-epoll,plain,1000000,7000000,200.0,600.0,0,50,500,100,100000,40,500
                2,mio-epoll,plain,1000000,7000000,100.0,400.0,0,30,500,100,120000,20,500
                1,nio,plain,2000000,7000000,200.0,600.0,0,200,1000,100,80000,100,1000
                """);
        final Map<String, Report.Load> load = Report.readLoad(csv);
        final Report.Load epoll = load.get("mio-epoll/plain");
        assertEquals(400, epoll.userNanosPerRequest(), 1e-9); // 80 ticks of 10 ms over 2,000,000 requests
        assertEquals(300, epoll.loopUserNanosPerRequest(), 1e-9);
        assertEquals(5000, epoll.systemNanosPerRequest(), 1e-9);
        assertEquals(120000, epoll.hwmKb);
        assertEquals(List.of("mio-epoll", "nio"), Report.stacks(load));
        final String md = Report.markdown(new Properties(), load, List.of(), List.of());
        assertTrue(md.contains("user CPU/request <= 0.7x the raw Selector's: 0.40x, met"), md);
        assertTrue(md.contains("| mio epoll | plain | 142,857 | 150 us | 500 us |"), md);
    }

    @Test
    void cpuPerRequestIsTheMedianRoundSoOneOddRoundMovesItLittle() throws IOException {
        final Path csv = dir.resolve("load.csv");
        Files.writeString(csv, """
                round,stack,mode,requests,duration_us,p50_us,p99_us,errors,utime_ticks,stime_ticks,clk_tck,hwm_kb,loop_utime_ticks,loop_stime_ticks
                1,mio-epoll,plain,1000000,7000000,1,1,0,50,500,100,1,40,500
                2,mio-epoll,plain,1000000,7000000,1,1,0,60,900,100,1,45,900
                3,mio-epoll,plain,1000000,7000000,1,1,0,55,510,100,1,42,510
                """);
        final Report.Load epoll = Report.readLoad(csv).get("mio-epoll/plain");
        assertEquals(550, epoll.userNanosPerRequest(), 1e-9);
        assertEquals(5100, epoll.systemNanosPerRequest(), 1e-9);
        assertEquals(5650, epoll.totalNanosPerRequest(), 1e-9); // round 3's total, not a sum of medians
        assertEquals(420, epoll.loopUserNanosPerRequest(), 1e-9);
    }

    @Test
    void memoryIsReportedPerConnectionAndHeldToTheRawSelectors() throws IOException {
        final Path csv = dir.resolve("memory.csv");
        Files.writeString(csv, """
                stack,connections,heap_bytes,rss_bytes,nmt_native_bytes
                mio-epoll,10000,2000000,3000000,100000
                mio-selector,10000,9000000,6000000,-100000
                nio,10000,7000000,1000000,0
                """);
        final List<Report.Memory> memory = Report.readMemory(csv);
        assertEquals(500, memory.get(0).totalPerConnection(), 1e-9);
        final String md = Report.markdown(new Properties(), Map.of(), List.of(), memory);
        assertTrue(md.contains("| mio epoll | 200 | 300 | 10 | 500 |"), md);
        assertTrue(md.contains("- mio epoll: 0.63x, met"), md);
        assertTrue(md.contains("- mio selector: 1.88x, **not met**"), md);
    }

    @Test
    void chartsAreDrawnHeadless() throws IOException {
        System.setProperty("java.awt.headless", "true");
        final Path csv = dir.resolve("load.csv");
        Files.writeString(csv, "round,stack,mode,requests,duration_us,p50_us,p99_us,errors,utime_ticks,stime_ticks,clk_tck,hwm_kb\n"
                + "1,nio,plain,1000,1000000,1,1,0,1,1,100,1\n");
        final Path png = dir.resolve("chart.png");
        Chart.write(png, new Properties(), Report.readLoad(csv), List.of());
        assertTrue(Files.size(png) > 1000);
    }
}
