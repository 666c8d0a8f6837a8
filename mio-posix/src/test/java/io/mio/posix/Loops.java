package io.mio.posix;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded retry loops for non-blocking calls made without a poll. */
final class Loops {
    private Loops() {
    }

    /** A step that may throw. */
    interface Step<T> {
        /** @return the result, or null/a would-block value to retry */
        T attempt() throws Exception;
    }

    /**
     * Retries {@code step} until {@code done} accepts its result, for at most 10 s.
     *
     * @return the accepted result
     */
    static <T> T until(String what, Step<T> step, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            T result = step.attempt();
            if (done.test(result)) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not done within 10 s, last result " + result);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** Retries until non-null. */
    static <T> T nonNull(String what, Step<T> step) throws Exception {
        return until(what, step, r -> r != null);
    }

    /** Waits until the condition holds, for at most 10 s. */
    static void await(String what, BooleanSupplier condition) throws Exception {
        until(what, condition::getAsBoolean, Boolean::booleanValue);
    }
}
