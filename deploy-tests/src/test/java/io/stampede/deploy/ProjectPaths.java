package io.stampede.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's files are: the build passes the root as system property stampede.root. */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    public static Path root() {
        String configured = System.getProperty("stampede.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("charts"))) {
            throw new IllegalStateException("not the repository root (no charts/): " + root);
        }
        return root;
    }
}
