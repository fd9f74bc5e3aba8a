package io.stampede.coordinator.experiment.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Results in a local directory; each file is written to a temporary name and moved, so a reader never sees half a file. */
public final class LocalResultsStore implements ResultsStore, ResultsPreflight {

    private final Path root;

    public LocalResultsStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String path, byte[] content) throws IOException {
        Path target = resolve(path);
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.write(partial, content);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public Optional<byte[]> get(String path) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace(java.io.File.separatorChar, '/'))
                    .filter(relative -> relative.startsWith(prefix) && !relative.endsWith(".partial"))
                    .sorted()
                    .toList();
        }
    }

    /** The directory exists or can be made, and takes a file. */
    @Override
    public void preflight() throws IOException {
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".stampede-preflight", ".partial");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException("cannot write to directory " + root + ": " + e, e);
        }
    }

    @Override
    public String location() {
        return root.toString();
    }

    /** A path inside the root only: test names come from user files, so "../" must not escape it. */
    private Path resolve(String path) {
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new IllegalArgumentException("results path outside " + root + ": " + path);
        }
        return resolved;
    }
}
