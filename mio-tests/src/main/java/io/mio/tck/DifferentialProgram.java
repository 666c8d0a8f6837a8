package io.mio.tck;

import io.mio.spi.Capability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A program of socket operations, generated from a seed: the channels it opens (each a connected
 * pair of ends) and the operations on them. A program is data, so it can run on several backends,
 * be shrunk by dropping operations and be printed as the reproduction of a failure.
 *
 * @param seed the seed it was generated from
 * @param channels the kind of each channel, by index
 * @param ops the operations, in order
 */
record DifferentialProgram(long seed, List<Kind> channels, List<Op> ops) {
    /** The largest stream write. */
    static final int MAX_WRITE = 256 * 1024;
    /** The largest datagram (well below loopback's limits, so none is dropped or truncated). */
    static final int MAX_DATAGRAM = 1200;

    /** What a channel is: its two ends, 0 and 1. */
    enum Kind {
        /** A TCP connection on IPv4 loopback: 0 connected to 1, which was accepted. */
        TCP(null, true),
        /** {@code UnixStream.pair}. */
        UNIX(Capability.UNIX_STREAM_PAIR, true),
        /** {@code Pipe.open}: 0 is the sender, 1 the receiver. */
        PIPE(Capability.PIPES, true),
        /** Two UDP sockets connected to each other. */
        UDP_CONNECTED(null, false),
        /** Two unconnected UDP sockets that use sendTo and receive. */
        UDP(null, false),
        /** {@code UnixDatagram.pair}: connected to each other, unnamed. */
        UNIX_DATAGRAM_PAIR(Capability.UNIX_DATAGRAM, false),
        /** Two {@code UnixDatagram}s bound to paths, unconnected: sendTo and receive. */
        UNIX_DATAGRAM(Capability.UNIX_DATAGRAM, false),
        /**
         * A {@code TcpListener} on IPv4 loopback (end 0, the only end) and the clients connected to
         * it, pending until accepted: {@link Type#CONNECT}, {@link Type#ACCEPT}, {@link Type#CLOSE_PENDING}.
         */
        LISTENER(null, false);

        final Capability needs;
        final boolean stream;

        Kind(Capability needs, boolean stream) {
            this.needs = needs;
            this.stream = stream;
        }

        boolean writes(int side) {
            return this != PIPE || side == 0;
        }

        boolean reads(int side) {
            return this != LISTENER && (this != PIPE || side == 1);
        }

        /** {@return how many ends it has: a listener one, the others two} */
        int sides() {
            return this == LISTENER ? 1 : 2;
        }

        /** {@return whether it is a pair of datagram sockets} */
        boolean datagrams() {
            return !stream && this != LISTENER;
        }
    }

    /** What an operation does. */
    enum Type {
        /** Stream: write {@code size} bytes in full (buffer kind {@code variant}), draining the reader when full. */
        WRITE,
        /** Datagram: send one datagram of {@code size} bytes. */
        SEND,
        /** Read (or receive) everything sent so far, waiting for events; then end of stream if due. */
        READ,
        /** Peek at the next bytes (or datagram), waiting for them if some are due. */
        PEEK,
        /** Stream: shutdown; {@code variant} 0 READ, 1 WRITE, 2 BOTH. */
        SHUTDOWN,
        /** Close one end. */
        CLOSE,
        /** Reregister an end with a new token; {@code variant} picks the interests. */
        REREGISTER,
        /** Deregister an end. */
        DEREGISTER,
        /** One poll with a zero timeout into events of capacity {@code size}. */
        POLL,
        /** Close both ends and open the channel afresh (its descriptors are likely reused). */
        REOPEN,
        /** Listener: connect a new client and wait until its connect completed. */
        CONNECT,
        /** Listener: accept until would-block, waiting for events until every completed connect was accepted. */
        ACCEPT,
        /** Listener: close the oldest client not accepted yet. */
        CLOSE_PENDING,
        /**
         * Connect to a loopback port nobody listens on, register WRITABLE, poll until its event;
         * {@code variant} has {@link #REFUSED_ERROR} if both backends report error events,
         * {@link #REFUSED_WRITE_CLOSED} if both report write-closed: those flags are compared.
         */
        REFUSED
    }

    /**
     * One operation.
     *
     * @param type what it does
     * @param channel the channel's index
     * @param side the end, 0 or 1
     * @param size bytes, or the events' capacity of a poll
     * @param variant the buffer kind (0 heap, 1 direct, 2 vectored), shutdown half or interests
     * @param detail the seed of the operation's details (how a vectored write splits its bytes),
     *        its own so that shrinking, which drops other operations, leaves them alone
     */
    record Op(Type type, int channel, int side, int size, int variant, int detail) {
        @Override
        public String toString() {
            String end = "ch" + channel + "." + side;
            return switch (type) {
                case WRITE -> "write " + end + " " + size + " bytes " + BUFFERS[variant];
                case SEND -> "send " + end + " " + size + " bytes " + BUFFERS[variant % 2];
                case READ -> "read " + end + " " + BUFFERS[variant];
                case PEEK -> "peek " + end;
                case SHUTDOWN -> "shutdown " + end + " " + HOW[variant];
                case CLOSE -> "close " + end;
                case REREGISTER -> "reregister " + end + " " + INTERESTS[variant];
                case DEREGISTER -> "deregister " + end;
                case POLL -> "poll capacity " + size;
                case REOPEN -> "reopen ch" + channel;
                case CONNECT -> "connect a client to " + end;
                case ACCEPT -> "accept on " + end;
                case CLOSE_PENDING -> "close a pending client of " + end;
                case REFUSED -> "connect to a closed port" + ((variant & REFUSED_ERROR) != 0 ? ", error" : "")
                        + ((variant & REFUSED_WRITE_CLOSED) != 0 ? ", write-closed" : "");
            };
        }

        Op withSize(int newSize) {
            return new Op(type, channel, side, newSize, variant, detail);
        }

        /** @return a random for this operation's details, the same on every backend and run */
        Random details() {
            return new Random(detail);
        }
    }

    /** A {@link Type#REFUSED}'s variant bit: both backends report error events. */
    static final int REFUSED_ERROR = 1;
    /** A {@link Type#REFUSED}'s variant bit: both backends report write-closed. */
    static final int REFUSED_WRITE_CLOSED = 2;

    static final String[] BUFFERS = {"heap", "direct", "vectored"};
    static final String[] HOW = {"READ", "WRITE", "BOTH"};
    static final String[] INTERESTS = {"READABLE", "WRITABLE", "READABLE|WRITABLE"};

    DifferentialProgram withOps(List<Op> newOps) {
        return new DifferentialProgram(seed, channels, List.copyOf(newOps));
    }

    /**
     * Generates a program. Only channel kinds and operations whose capabilities every backend has
     * are generated.
     *
     * @param seed the seed
     * @param length the number of operations
     * @param capabilities what every backend in the comparison has
     * @return the program
     */
    static DifferentialProgram generate(long seed, int length, Set<Capability> capabilities) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Kind> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (kind.needs == null || capabilities.contains(kind.needs)) {
                kinds.add(kind);
            }
        }
        int count = 1 + random.nextInt(3);
        List<Kind> channels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            channels.add(kinds.get(random.nextInt(kinds.size())));
        }
        boolean peek = capabilities.contains(Capability.PEEK);
        int flags = (capabilities.contains(Capability.ERROR_EVENTS) ? REFUSED_ERROR : 0)
                | (capabilities.contains(Capability.WRITE_CLOSED_EVENTS) ? REFUSED_WRITE_CLOSED : 0);
        List<Op> ops = new ArrayList<>();
        while (ops.size() < length) {
            int channel = random.nextInt(count);
            Kind kind = channels.get(channel);
            int side = random.nextInt(kind.sides());
            int roll = random.nextInt(100);
            Op op;
            if (roll < 2) {
                op = new Op(Type.REFUSED, 0, 0, 0, flags, random.nextInt());
            } else if (kind == Kind.LISTENER) {
                op = listenerOp(random, channel, roll);
            } else if (roll < 30) {
                if (!kind.writes(side)) {
                    side = 1 - side;
                }
                op = kind.stream
                        ? new Op(Type.WRITE, channel, side, streamSize(random), random.nextInt(3), random.nextInt())
                        : new Op(Type.SEND, channel, side, random.nextInt(MAX_DATAGRAM + 1), random.nextInt(2),
                                random.nextInt());
            } else if (roll < 55) {
                if (!kind.reads(side)) {
                    side = 1 - side;
                }
                op = new Op(Type.READ, channel, side, 0, random.nextInt(3), random.nextInt());
            } else if (roll < 62) {
                if (!peek || kind != Kind.TCP && kind != Kind.UDP && kind != Kind.UDP_CONNECTED) {
                    continue; // only TCP streams and UDP sockets peek
                }
                op = new Op(Type.PEEK, channel, side, 0, 0, random.nextInt());
            } else if (roll < 68) {
                if (kind != Kind.TCP && kind != Kind.UNIX) {
                    continue;
                }
                op = new Op(Type.SHUTDOWN, channel, side, 0, random.nextInt(3), random.nextInt());
            } else if (roll < 72) {
                op = new Op(Type.CLOSE, channel, side, 0, 0, random.nextInt());
            } else if (roll < 80) {
                op = new Op(Type.REREGISTER, channel, side, 0, random.nextInt(3), random.nextInt());
            } else if (roll < 84) {
                op = new Op(Type.DEREGISTER, channel, side, 0, 0, random.nextInt());
            } else if (roll < 95) {
                op = new Op(Type.POLL, 0, 0, 1 + random.nextInt(4), 0, random.nextInt());
            } else {
                op = new Op(Type.REOPEN, channel, 0, 0, 0, random.nextInt());
            }
            ops.add(op);
        }
        return new DifferentialProgram(seed, List.copyOf(channels), List.copyOf(ops));
    }

    /** An operation on a listener: mostly connects and accepts. */
    private static Op listenerOp(SplittableRandom random, int channel, int roll) {
        Type type;
        int variant = 0;
        if (roll < 40) {
            type = Type.CONNECT;
        } else if (roll < 65) {
            type = Type.ACCEPT;
        } else if (roll < 73) {
            type = Type.CLOSE_PENDING;
        } else if (roll < 76) {
            type = Type.CLOSE;
        } else if (roll < 84) {
            type = Type.REREGISTER;
            variant = random.nextInt(3);
        } else if (roll < 87) {
            type = Type.DEREGISTER;
        } else if (roll < 96) {
            return new Op(Type.POLL, 0, 0, 1 + random.nextInt(4), 0, random.nextInt());
        } else {
            type = Type.REOPEN;
        }
        return new Op(type, channel, 0, 0, variant, random.nextInt());
    }

    /** Mostly small writes, some empty, some up to 256 KiB. */
    private static int streamSize(SplittableRandom random) {
        int roll = random.nextInt(10);
        if (roll == 0) {
            return 0;
        }
        if (roll < 6) {
            return 1 + random.nextInt(2048);
        }
        if (roll < 9) {
            return 1 + random.nextInt(64 * 1024);
        }
        return 1 + random.nextInt(MAX_WRITE);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("seed " + seed + ", channels " + channels + ", " + ops.size()
                + " operations:");
        for (int i = 0; i < ops.size(); i++) {
            text.append("\n  #").append(i).append(' ').append(ops.get(i));
        }
        return text.toString();
    }
}
