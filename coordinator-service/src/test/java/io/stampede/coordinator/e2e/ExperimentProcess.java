package io.stampede.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.stampede.coordinator.support.Http;
import io.stampede.testing.Await;
import tools.jackson.databind.JsonNode;

/**
 * {@code java -jar coordinator-service.jar experiment run SUITE ...} as users run it, in a JVM of
 * its own (free ports, results under {@code dir/results}), for the tests of its topology.
 */
final class ExperimentProcess {

    final Path dir;
    final Process process;
    private final File out;
    private final File err;

    ExperimentProcess(Path dir, Path jar, String suiteYaml, Map<String, String> env, String... args) throws IOException {
        this.dir = dir;
        Path suite = dir.resolve("suite.yaml");
        Files.writeString(suite, suiteYaml);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString(), "experiment", "run", suite.toString(),
                "--results", dir.resolve("results").toString(), "--server.port=0", "--stampede.coordinator.link.port=0"));
        command.addAll(List.of(args));
        out = dir.resolve("stdout.txt").toFile();
        err = dir.resolve("stderr.txt").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out).redirectError(err);
        builder.environment().putAll(env);
        process = builder.start();
    }

    String stdout() {
        try {
            return Files.readString(out.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() throws IOException {
        return stdout() + Files.readString(err.toPath());
    }

    /** Waits until stdout shows {@code text} (the process still running). */
    void awaitOutput(String text) throws Exception {
        Await.until(text, Duration.ofSeconds(120), () -> stdout().contains(text) || !process.isAlive());
        assertThat(process.isAlive()).as(output()).isTrue();
    }

    int exitCode() throws Exception {
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the suite did not end within 150 s: " + output());
        }
        return process.exitValue();
    }

    /** The one file named {@code name} under the results (a suite of one run). */
    JsonNode onlyRun(String name) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("results"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().equals(name)).toList();
            assertThat(found).hasSize(1);
            return Http.json(Files.readString(found.getFirst()));
        }
    }
}
