package io.mio;

import io.mio.spi.PollProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderSelectionTest {
    @Test
    void providersAreListedHighestPriorityFirstWithUnavailableOnes() {
        List<String> names = PollProvider.providers().stream().map(PollProvider::name).toList();
        assertEquals(List.of("fake-down", "fake-up", "fake-other"), names);
    }

    @Test
    void defaultBackendIsTheAvailableOneOfHighestPriority() throws IOException {
        assertEquals("fake-up", PollProvider.systemDefault().name());
        try (Poll poll = Poll.open()) {
            assertEquals("fake-up", poll.provider().name());
        }
    }

    @Test
    void unknownBackendNameListsTheKnownBackendsAndTheirAvailability() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Poll.open("nope"));
        assertTrue(e.getMessage().contains("unknown mio backend 'nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("fake-up (priority 5): available"), e.getMessage());
        assertTrue(e.getMessage().contains("fake-down (priority 1000): unavailable: fake-down exists only"),
                e.getMessage());
    }

    @Test
    void providerThatFailsToLoadIsListedAndDoesNotBreakTheOthers() {
        String listing = PollProvider.describeProviders();
        assertTrue(listing.contains("failed to load:") && listing.contains("NoSuchProviderClass"), listing);
    }

    @Test
    void unavailableBackendByNameSaysWhy() {
        IOException e = assertThrows(IOException.class, () -> Poll.open("fake-down"));
        assertTrue(e.getMessage().contains("'fake-down' is unavailable: fake-down exists only"), e.getMessage());
    }

    @Test
    void systemPropertyForcesTheBackend() throws IOException {
        System.setProperty("io.mio.backend", "fake-other");
        try {
            assertEquals("fake-other", PollProvider.systemDefault().name());
            System.setProperty("io.mio.backend", "fake-down");
            assertThrows(IOException.class, PollProvider::systemDefault);
        } finally {
            System.clearProperty("io.mio.backend");
        }
        assertFalse(PollProvider.systemDefault().name().equals("fake-other"));
    }
}
