package io.mio.spi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The backends found with {@link ServiceLoader}, loaded once; a provider that fails is listed, not
 * fatal. When the default selection passes over a backend that is unavailable (native access not
 * granted, a sandbox that denies its system calls), it says so once per JVM on the
 * {@link System.Logger} {@code io.mio} at {@code INFO}, so nobody runs on a slower backend without
 * being told why.
 */
final class Providers {
    static final Providers INSTANCE = new Providers();
    static final String BACKEND_PROPERTY = "io.mio.backend";
    private static final System.Logger LOG = System.getLogger("io.mio");

    /** Whether the fallback of {@link #systemDefault()} was logged. */
    private final AtomicBoolean fallbackLogged = new AtomicBoolean();

    private final List<PollProvider> providers;
    /** Providers that could not be loaded or instantiated, as "class: cause" lines. */
    private final List<String> failures;

    private Providers() {
        List<PollProvider> found = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Iterator<ServiceLoader.Provider<PollProvider>> candidates =
                ServiceLoader.load(PollProvider.class, PollProvider.class.getClassLoader()).stream().iterator();
        while (true) {
            ServiceLoader.Provider<PollProvider> candidate;
            try {
                if (!candidates.hasNext()) {
                    break;
                }
                candidate = candidates.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // a provider class that cannot be loaded: note it and go on to the next one
                failed.add(describe(e));
                continue;
            }
            try {
                found.add(candidate.get());
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                failed.add(candidate.type().getName() + ": " + describe(e));
            }
        }
        found.sort(Comparator.comparingInt(PollProvider::priority).reversed()
                .thenComparing(PollProvider::name));
        providers = List.copyOf(found);
        failures = List.copyOf(failed);
    }

    List<PollProvider> providers() {
        return providers;
    }

    String describe() {
        StringBuilder text = new StringBuilder();
        for (PollProvider provider : providers) {
            text.append(provider.name()).append(" (priority ").append(provider.priority()).append("): ")
                    .append(availabilityOf(provider)).append('\n');
        }
        for (String failure : failures) {
            text.append("failed to load: ").append(failure).append('\n');
        }
        if (text.isEmpty()) {
            text.append("no mio backend on the class path or module path (add e.g. io.mio:mio-selector)\n");
        }
        return text.toString();
    }

    PollProvider systemDefault() throws IOException {
        String forced = System.getProperty(BACKEND_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return named(forced.strip());
        }
        StringBuilder passedOver = null;
        for (PollProvider provider : providers) {
            Availability availability = availabilityOf(provider);
            if (availability.available()) {
                if (passedOver != null && fallbackLogged.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.INFO, "mio uses backend ''{0}'' because {1}", provider.name(), passedOver);
                }
                return provider;
            }
            passedOver = (passedOver == null ? new StringBuilder() : passedOver.append("; "))
                    .append('\'').append(provider.name()).append("' is unavailable: ").append(availability.cause());
        }
        throw new IOException("no mio backend is available here; known backends:\n" + describe());
    }

    PollProvider named(String name) throws IOException {
        if (name == null) {
            throw new NullPointerException("backend name");
        }
        for (PollProvider provider : providers) {
            if (provider.name().equals(name)) {
                Availability availability = availabilityOf(provider);
                if (!availability.available()) {
                    throw new IOException("mio backend '" + name + "' is unavailable: " + availability.cause()
                            + "; known backends:\n" + describe());
                }
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown mio backend '" + name + "'; known backends:\n" + describe());
    }

    private static Availability availabilityOf(PollProvider provider) {
        try {
            return provider.availability();
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("availability check failed: " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(" caused by ").append(cause);
        }
        return text.toString();
    }
}
