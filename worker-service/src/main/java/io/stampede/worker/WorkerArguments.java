package io.stampede.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Accepts the contract's {@code --coordinator HOST:5557 --link-token T} (space-separated) as
 * well as Spring's {@code --name=value}: Spring only understands the latter.
 */
final class WorkerArguments {

    private static final Set<String> VALUED = Set.of("--coordinator", "--link-token");
    private static final Set<String> HELP = Set.of("--help", "-h");

    /** What {@code --help} prints: the contract's options, their environment twins and the most used properties. */
    static final String USAGE = """
            Usage: java -jar worker-service.jar [--coordinator HOST:PORT] [--link-token TOKEN] [--name=value ...]

            Runs the virtual users of the coordinator's runs; joins and leaves at any time.

                  --coordinator HOST:PORT   the coordinator's worker link (env STAMPEDE_COORDINATOR;
                                            default localhost:5557); retried until it answers
                  --link-token TOKEN        the coordinator's link token (env STAMPEDE_LINK_TOKEN)
                  --server.port=PORT        health and Prometheus metrics port (default 8090)
                  --stampede.worker.worker-id=ID
                                            the id shown by the coordinator (default host-derived)
                  --stampede.worker.max-connections=N
                                            open connections this worker may hold (default 65536)
              -h, --help                    print this help and exit

            Every property with its default and meaning: application.yaml inside this jar
            (BOOT-INF/classes/application.yaml). Exit: 0 after a clean shutdown, 2 for bad arguments.
            """;

    private WorkerArguments() {
    }

    /** {@code --help} or {@code -h} anywhere: print {@link #USAGE} instead of starting a worker. */
    static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (HELP.contains(arg)) {
                return true;
            }
        }
        return false;
    }

    static String[] normalize(String[] args) {
        List<String> out = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (VALUED.contains(arg)) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException(arg + ": a value is required");
                }
                out.add(arg + "=" + args[++i]);
            } else {
                out.add(arg);
            }
        }
        return out.toArray(String[]::new);
    }
}
