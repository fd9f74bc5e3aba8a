package io.stampede.coordinator.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The runs a coordinator's history directory holds, as a test reads them while it writes. */
public final class StoredRuns {

    private StoredRuns() {
    }

    /**
     * The stored runs' directories: not the dot-named trees of a run being written or replaced
     * (the store renames a whole tree into place, so their files may be half-written when read).
     * None while the history directory does not exist yet.
     */
    public static List<Path> dirs(Path history) throws IOException {
        if (!Files.isDirectory(history)) {
            return List.of();
        }
        try (var children = Files.list(history)) {
            return children.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isDirectory).toList();
        }
    }
}
