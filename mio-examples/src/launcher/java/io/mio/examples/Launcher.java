package io.mio.examples;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * The entry point of {@code java -jar mio-examples.jar [Example] [args...]}. It is compiled for Java 8
 * (the rest of mio needs Java 25), so that an older {@code java} prints "needs Java 25" instead of
 * failing on a class file version it cannot read. It then runs the named example's {@code main}
 * ({@code EchoServer} when the first argument names none).
 */
public final class Launcher {
    private static final int REQUIRED_JAVA = 25;
    private static final String[] EXAMPLES = {"EchoServer", "EchoClient", "GettingStarted", "TokenServer"};

    private Launcher() {
    }

    /**
     * Checks the Java version, then runs the example.
     *
     * @param args {@code [Example] [example arguments...]}
     * @throws Throwable whatever the example's main throws (the examples report expected failures
     *     themselves)
     */
    public static void main(String[] args) throws Throwable {
        String version = System.getProperty("java.specification.version"); // "1.8", "17", "25"
        int feature = Integer.parseInt(version.startsWith("1.") ? version.substring(2) : version);
        if (feature < REQUIRED_JAVA) {
            System.err.println("mio for Java needs Java " + REQUIRED_JAVA + " or newer; this java is "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.home")
                    + "): run it with the java of a JDK " + REQUIRED_JAVA + ", e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
            System.exit(1);
        }
        String example = "EchoServer";
        String[] rest = args;
        if (args.length > 0 && Character.isUpperCase(args[0].charAt(0))) {
            example = args[0];
            rest = Arrays.copyOfRange(args, 1, args.length);
            if (!Arrays.asList(EXAMPLES).contains(example)) {
                System.err.println("unknown example '" + example + "'; the examples are " + Arrays.toString(EXAMPLES));
                System.exit(1);
            }
        }
        try {
            Class.forName("io.mio.examples." + example).getMethod("main", String[].class).invoke(null, (Object) rest);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
