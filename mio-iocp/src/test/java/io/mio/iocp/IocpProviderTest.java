package io.mio.iocp;

import io.mio.spi.Availability;
import io.mio.spi.PollProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IocpProviderTest {
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
    void withTheShimTheMissingDriverIsTheCause(@TempDir Path dir) throws IOException {
        Path shim = Files.createFile(dir.resolve("libmiowin32.so"));
        Availability pending = IocpProvider.availabilityOn("Linux", shim.toString());
        assertFalse(pending.available());
        assertTrue(pending.cause().contains("driver is not written yet"), pending.cause());
    }

    @Test
    void selectingItNamesTheCause() {
        IocpProvider provider = new IocpProvider();
        IOException byName = assertThrows(IOException.class, () -> PollProvider.named("iocp"));
        assertTrue(byName.getMessage().contains(provider.availability().cause()), byName.getMessage());
        IOException open = assertThrows(IOException.class, provider::openPoll);
        assertEquals("mio backend 'iocp' is unavailable: " + provider.availability().cause(), open.getMessage());
        assertThrows(IOException.class, () -> provider.connectTcpStream(new InetSocketAddress("127.0.0.1", 1)));
    }
}
