package io.mio.bench.jmh;

import io.mio.Deadline;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.Waker;
import io.mio.bench.Backends;
import java.io.IOException;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The single-threaded seed's utilities, on one thread: a poll that returns one user-space event
 * (beside a poll that returns one OS event, a woken {@link Waker}), a deadline added and removed
 * while 10,000 others are pending, and a poll that fires one deadline. Each mio figure should show
 * 0 B/op in {@code gc.alloc.rate.norm}. The {@value Backends#NIO} reference is what a user builds
 * without them on a raw Selector: a {@link ConcurrentLinkedQueue} and {@code selectNow}, and a
 * {@link PriorityQueue} of deadline objects (its remove is O(n)).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class UserEventsBenchmark {

    private static final Token USER = new Token(1);
    private static final Token WAKE = new Token(2);
    private static final Token TIMER = new Token(3);
    private static final int PENDING = 10_000;
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @Param({"epoll", "selector", Backends.NIO})
    public String backend;

    private Poll poll;
    private Events events;
    private Waker waker;
    private Deadline moving;
    private Deadline firing;
    private Deadline[] pending;
    private long step;

    private Selector selector;
    private Queue<Token> posted;
    private PriorityQueue<Timer> timers;
    private Timer movingTimer;
    private Timer firingTimer;

    /** The nio reference's deadline: what a user keeps in a PriorityQueue. */
    private static final class Timer implements Comparable<Timer> {
        long at;

        @Override
        public int compareTo(Timer other) {
            return Long.compare(at, other.at);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        long now = System.nanoTime();
        if (backend.equals(Backends.NIO)) {
            selector = Selector.open();
            posted = new ConcurrentLinkedQueue<>();
            timers = new PriorityQueue<>();
            for (int i = 0; i < PENDING; i++) {
                Timer timer = new Timer();
                timer.at = now + HOUR + i * 1000L;
                timers.add(timer);
            }
            movingTimer = new Timer();
            firingTimer = new Timer();
            return;
        }
        poll = Poll.open(backend);
        events = Events.withCapacity(8);
        waker = Waker.open(poll.registry(), WAKE);
        pending = new Deadline[PENDING];
        for (int i = 0; i < PENDING; i++) {
            pending[i] = Deadline.of(poll, new Token(100 + i));
            pending[i].scheduleAt(now + HOUR + i * 1000L);
        }
        moving = Deadline.of(poll, TIMER);
        firing = Deadline.of(poll, TIMER);
    }

    /** One user-space event posted and returned by a poll. */
    @Benchmark
    public int pollOneUserEvent() throws IOException {
        if (selector != null) {
            posted.add(USER);
            selector.selectNow();
            int n = 0;
            while (posted.poll() != null) {
                n++;
            }
            return n;
        }
        poll.post(USER, Interest.READABLE);
        poll.poll(events, Duration.ZERO);
        return events.size();
    }

    /** The OS-event figure beside it: one waker woken and its event returned by a poll. */
    @Benchmark
    public int pollOneWakerEvent() throws IOException {
        if (selector != null) {
            selector.wakeup();
            return selector.selectNow();
        }
        waker.wake();
        poll.poll(events, Duration.ZERO);
        return events.size();
    }

    /** A deadline added among 10,000 pending (at a time among theirs) and removed. */
    @Benchmark
    public boolean addAndRemoveADeadlineAmong10000() {
        long at = System.nanoTime() + HOUR + (step++ % PENDING) * 1000L + 500;
        if (selector != null) {
            movingTimer.at = at;
            timers.add(movingTimer);
            return timers.remove(movingTimer);
        }
        moving.scheduleAt(at);
        return moving.cancel();
    }

    /** A deadline already due, fired by a poll (with 10,000 others pending, later). */
    @Benchmark
    public int pollFiresOneDeadline() throws IOException {
        if (selector != null) {
            firingTimer.at = System.nanoTime() - 1;
            timers.add(firingTimer);
            selector.selectNow();
            int n = 0;
            long now = System.nanoTime();
            while (timers.peek().at - now <= 0) {
                timers.poll();
                n++;
            }
            return n;
        }
        firing.scheduleAt(System.nanoTime() - 1);
        poll.poll(events, Duration.ZERO);
        return events.size();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        Loopback.closeAll(waker, poll, selector);
    }
}
