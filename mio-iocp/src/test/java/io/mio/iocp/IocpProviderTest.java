package io.mio.iocp;

import io.mio.spi.Availability;
import io.mio.spi.PollProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class IocpProviderTest {
    /** Prints iocp's availability; run in a child JVM that denies native access. */
    public static void main(String[] args) {
        System.out.println("iocp: " + new IocpProvider().availability());
    }

    @Test
    void deniedNativeAccessMakesItUnavailableNamingTheFlag() throws Exception {
        String shim = IocpProvider.shim();
        assumeTrue(shim != null && Files.isRegularFile(Path.of(shim)), "no Win32 shim (" + shim + ")");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--illegal-native-access=deny", "-D" + IocpProvider.SHIM_PROPERTY + "=" + shim,
                "-cp", System.getProperty("java.class.path"), IocpProviderTest.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
        assertTrue(output.contains("iocp: unavailable: native access is denied to the class path"), output);
        assertTrue(output.contains("--enable-native-access=ALL-UNNAMED"), output);
    }

    @Test
    void isFoundByServiceLoaderAndNamedIocp() {
        assertTrue(PollProvider.providers().stream().anyMatch(p -> p instanceof IocpProvider && p.name().equals("iocp")),
                PollProvider.describeProviders());
    }

    @Test
    void unavailableOffWindowsWithThatCause() {
        Availability linux = IocpProvider.availabilityOn("Linux", null);
        assertFalse(linux.available());
        assertTrue(linux.cause().contains("iocp needs Windows (this is Linux)"), linux.cause());
        assertTrue(linux.cause().contains(IocpProvider.SHIM_PROPERTY), linux.cause());
    }

    @Test
    void shimPropertyNamingNoFileIsTheCause(@TempDir Path dir) {
        Availability missing = IocpProvider.availabilityOn("Linux", dir.resolve("libmiowin32.so").toString());
        assertFalse(missing.available());
        assertTrue(missing.cause().contains("which is not a file"), missing.cause());
    }

    @Test
    void aShimFileOrWindowsIsEnoughBeforeLoading(@TempDir Path dir) throws IOException {
        Path shim = Files.createFile(dir.resolve("libmiowin32.so"));
        assertTrue(IocpProvider.availabilityOn("Linux", shim.toString()).available());
        assertTrue(IocpProvider.availabilityOn("Windows 11", null).available());
    }

    @Test
    void overTheShimItIsAvailableAndNamedByName() throws IOException {
        String shim = IocpProvider.shim();
        assumeTrue(shim != null && Files.isRegularFile(Path.of(shim)), "no Win32 shim (" + shim + ")");
        IocpProvider provider = new IocpProvider();
        assertTrue(provider.availability().available(), provider.availability().cause());
        assertEquals("iocp", PollProvider.named("iocp").name());
        provider.openPoll().close();
    }

    @Test
    void reusePortIsRefusedWithTheCapability() {
        String shim = IocpProvider.shim();
        assumeTrue(shim != null && Files.isRegularFile(Path.of(shim)), "no Win32 shim (" + shim + ")");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new IocpProvider().bindTcpListener(new InetSocketAddress("127.0.0.1", 0), 0, true));
        assertTrue(e.getMessage().contains("REUSE_PORT"), e.getMessage());
    }
}
