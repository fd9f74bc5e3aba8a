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

    private WorkerArguments() {
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
