package io.stampede.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    private ExperimentProcess start(String suiteYaml, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--topology", "local", "--sample-workload", SAMPLE_WORKLOAD.toString()));
        all.addAll(List.of(args));
        return new ExperimentProcess(dir, jar, suiteYaml, Map.of(), all.toArray(String[]::new));
    }

    /** Waits until the topology is up, then returns its sample-workload processes. */
    private static List<ProcessHandle> awaitNodes(ExperimentProcess suite, int count) throws Exception {
        suite.awaitOutput("topology deployed (local)");
        List<ProcessHandle> nodes = suite.process.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("sample-workload.jar")).toList();
        assertThat(nodes).as("the topology's sample-workload processes").hasSize(count);
        return nodes;
    }

    private static void assertGone(List<ProcessHandle> nodes) throws Exception {
        for (ProcessHandle node : nodes) {
            node.onExit().get(30, TimeUnit.SECONDS);
            assertThat(node.isAlive()).as("sample-workload pid " + node.pid()).isFalse();
        }
    }

    @Test
    void theBackendsMapIsDeployedWiredAndRemovedAfterTheSuite() throws Exception {
        ExperimentProcess suite = start("""
                name: mesh
                backends_map: {"0": ["1"], "1": []}
                load_tests:
                  - {test_name: mesh, url: "http://0/mesh", qps: 5, t: 2s, c: 2}
                """);
        List<ProcessHandle> nodes = awaitNodes(suite, 2);
        assertThat(suite.exitCode()).as(suite.output()).isZero();
        assertGone(nodes);
        // every /mesh of the entry node answered, so the call to node 1 through BACKENDS did too
        JsonNode stats = suite.onlyRun("stats.json").get("stats");
        JsonNode aggregated = stats.get(stats.size() - 1);
        assertThat(aggregated.get("num_requests").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(aggregated.get("num_failures").asLong()).isZero();
        assertThat(suite.onlyRun("metadata.json").get("url").asString()).matches("http://127\\.0\\.0\\.1:[0-9]+/mesh");
    }

    @Test
    void aFailureAfterTheDeploymentStillRemovesIt() throws Exception {
        ExperimentProcess suite = start("""
                backends_map: {"entry": []}
                load_tests:
                  - {test_name: t, url: "http://entry/", qps: 5, t: 2s, c: 2}
                """, "--local-workers", "0", "--expect-workers", "1", "--stampede.coordinator.expect-workers-timeout=2s");
        List<ProcessHandle> nodes = awaitNodes(suite, 1);
        assertThat(suite.exitCode()).as(suite.output()).isEqualTo(2);
        assertThat(suite.output()).contains("--expect-workers: only 0 of 1 worker(s) connected");
        assertGone(nodes);
    }

    @Test
    void sigtermStopsTheRunRecordsItAndRemovesTheTopology() throws Exception {
        ExperimentProcess suite = start("""
                backends_map: {"entry": []}
                load_tests:
                  - {test_name: long, url: "http://entry/", qps: 5, t: 5m, c: 2}
                """);
        List<ProcessHandle> nodes = awaitNodes(suite, 1);
        suite.awaitOutput("run 1 of 1: long");
        suite.process.destroy(); // SIGTERM, as Ctrl-C or Kubernetes sends
        suite.exitCode();
        assertGone(nodes);
        assertThat(suite.output()).contains("stopping the suite");
        assertThat(suite.onlyRun("metadata.json").get("stopped").asBoolean()).as(suite.output()).isTrue();
    }
}
