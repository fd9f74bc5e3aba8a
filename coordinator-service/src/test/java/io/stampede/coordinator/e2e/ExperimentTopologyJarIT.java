package io.stampede.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.stampede.coordinator.support.Http;
import io.stampede.testing.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code experiment run --topology local} as users run it: the packaged coordinator jar in a JVM
 * of its own, deploying the suite's {@code backends_map} as real sample-workload processes
 * (the packaged jar) wired through {@code BACKENDS}, and removing them after the suite, after a
 * failure once they were up, and on SIGTERM (the shutdown hook).
 */
class ExperimentTopologyJarIT {

    static final Path SAMPLE_WORKLOAD = Path.of("..", "sample-workload", "target", "sample-workload.jar").toAbsolutePath().normalize();

    static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findJars() {
        jar = Path.of(System.getProperty("coordinator.jar", "target/coordinator-service.jar"));
        assertThat(jar).as("run 'package' first: the jar is what this test runs").exists();
        assertThat(SAMPLE_WORKLOAD).as("the packaged sample-workload jar (built before integration-test)").isRegularFile();
    }

    /** A running {@code experiment run} and the sample-workload processes it started (seen while it ran). */
    final class Suite {
        final Process process;
        final File out;
        final File err;
        final List<ProcessHandle> nodes = new ArrayList<>();

        Suite(String suiteYaml, String... args) throws IOException {
            Path suite = dir.resolve("suite.yaml");
            Files.writeString(suite, suiteYaml);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString(), "experiment", "run", suite.toString(),
                    "--topology", "local", "--sample-workload", SAMPLE_WORKLOAD.toString(), "--results", dir.resolve("results").toString(),
                    "--server.port=0", "--stampede.coordinator.link.port=0"));
            command.addAll(List.of(args));
            out = dir.resolve("stdout.txt").toFile();
            err = dir.resolve("stderr.txt").toFile();
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out).redirectError(err).start();
        }

        String stdout() throws IOException {
            return Files.readString(out.toPath());
        }

        String output() throws IOException {
            return stdout() + Files.readString(err.toPath());
        }

        /** Waits until the topology is up, then remembers its processes. */
        void awaitTopology(int count) throws Exception {
            Await.until("topology deployed", Duration.ofSeconds(120), () -> {
                try {
                    return stdout().contains("topology deployed (local)") || !process.isAlive();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(process.isAlive()).as(output()).isTrue();
            process.descendants().filter(p -> p.info().commandLine().orElse("").contains("sample-workload.jar"))
                    .forEach(nodes::add);
            assertThat(nodes).as("the topology's sample-workload processes").hasSize(count);
        }

        int exitCode() throws Exception {
            if (!process.waitFor(150, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the suite did not end within 150 s: " + output());
            }
            return process.exitValue();
        }

        void assertNodesGone() throws Exception {
            for (ProcessHandle node : nodes) {
                node.onExit().get(30, TimeUnit.SECONDS);
                assertThat(node.isAlive()).as("sample-workload pid " + node.pid()).isFalse();
            }
        }
    }

    private JsonNode onlyRun(String metadataOrStats) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("results"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().equals(metadataOrStats)).toList();
            assertThat(found).hasSize(1);
            return Http.json(Files.readString(found.getFirst()));
        }
    }

    @Test
    void theBackendsMapIsDeployedWiredAndRemovedAfterTheSuite() throws Exception {
        Suite suite = new Suite("""
                name: mesh
                backends_map: {"0": ["1"], "1": []}
                load_tests:
                  - {test_name: mesh, url: "http://0/mesh", qps: 5, t: 2s, c: 2}
                """);
        suite.awaitTopology(2);
        assertThat(suite.exitCode()).as(suite.output()).isZero();
        suite.assertNodesGone();
        // every /mesh of the entry node answered, so the call to node 1 through BACKENDS did too
        JsonNode stats = onlyRun("stats.json").get("stats");
        JsonNode aggregated = stats.get(stats.size() - 1);
        assertThat(aggregated.get("num_requests").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(aggregated.get("num_failures").asLong()).isZero();
        assertThat(onlyRun("metadata.json").get("url").asString()).matches("http://127\\.0\\.0\\.1:[0-9]+/mesh");
    }

    @Test
    void aFailureAfterTheDeploymentStillRemovesIt() throws Exception {
        Suite suite = new Suite("""
                backends_map: {"entry": []}
                load_tests:
                  - {test_name: t, url: "http://entry/", qps: 5, t: 2s, c: 2}
                """, "--local-workers", "0", "--expect-workers", "1", "--stampede.coordinator.expect-workers-timeout=2s");
        suite.awaitTopology(1);
        assertThat(suite.exitCode()).as(suite.output()).isEqualTo(2);
        assertThat(suite.output()).contains("--expect-workers: only 0 of 1 worker(s) connected");
        suite.assertNodesGone();
    }

    @Test
    void sigtermStopsTheRunRecordsItAndRemovesTheTopology() throws Exception {
        Suite suite = new Suite("""
                backends_map: {"entry": []}
                load_tests:
                  - {test_name: long, url: "http://entry/", qps: 5, t: 5m, c: 2}
                """);
        suite.awaitTopology(1);
        Await.until("the run under way", Duration.ofSeconds(60), () -> {
            try {
                return suite.stdout().contains("run 1 of 1: long");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        suite.process.destroy(); // SIGTERM, as Ctrl-C or Kubernetes sends
        suite.exitCode();
        suite.assertNodesGone();
        assertThat(suite.output()).contains("stopping the suite");
        assertThat(onlyRun("metadata.json").get("stopped").asBoolean()).as(suite.output()).isTrue();
    }
}
