package io.mio.tck;

import io.mio.Event;
import io.mio.Token;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An event a test waits for: a token and the flags it must carry. Matching is by implication, as in
 * mio's {@code tests/util}: every expected flag must be present, extra flags are fine.
 *
 * @param token the token
 * @param flags the flags that must be set
 */
public record ExpectEvent(Token token, Set<Ready> flags) {
    /**
     * Checks the fields.
     *
     * @param token the token
     * @param flags the flags
     */
    public ExpectEvent {
        Objects.requireNonNull(token, "token");
        flags = Set.copyOf(flags);
    }

    /**
     * {@return the expectation}
     *
     * @param token the token
     * @param flags the flags that must be set (none: any event for the token)
     */
    public static ExpectEvent of(Token token, Ready... flags) {
        return new ExpectEvent(token, flags.length == 0 ? EnumSet.noneOf(Ready.class) : EnumSet.copyOf(Arrays.asList(flags)));
    }

    /**
     * {@return whether it has this token and at least these flags}
     *
     * @param event an event
     */
    public boolean matches(Event event) {
        if (!token.equals(event.token())) {
            return false;
        }
        for (Ready flag : flags) {
            if (!flag.in(event)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ExpectEvent[token=" + token.value() + ", " + flags + "]";
    }
}
