package io.stampede.core.scenario;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's shipped scenarios and docs are, seen from this module's tests. */
final class ShippedScenarios {

    static final Path ROOT = findRoot();
    static final Path FOLDER = ROOT.resolve("scenarios");

    private ShippedScenarios() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("scenarios"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no scenarios/ folder above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
