package io.stampede.coordinator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.stampede.coordinator.CoordinatorApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiment run} refuses a bad setup with exit 2 and the option's name before anything
 * starts: the checks it shares with suites started from the UI ({@link ExperimentSetup},
 * {@link TopologySettings}).
 */
class ExperimentCommandSetupTest {

    @TempDir
    Path dir;

    private String run(String suiteJson, String... options) throws Exception {
        Path suite = Files.writeString(dir.resolve("config.json"), suiteJson);
        List<String> args = new ArrayList<>(List.of("run", suite.toString(), "--results", dir.resolve("results").toString()));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ExperimentCommand.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CoordinatorApplication::start);
        assertThat(exit).as("stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(ExperimentRunner.EXIT_BAD_SETUP);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("run 1 of");
        return err.toString(StandardCharsets.UTF_8);
    }

    static final String PLAIN = """
            {"load_tests": [{"test_name": "t1", "url": "http://127.0.0.1:9/", "qps": 5, "t": "1s", "c": 1}]}""";

    @Test
    void badTopologyOptionsAreNamed() throws Exception {
        assertThat(run(PLAIN, "--topology", "cloud")).contains("error: --topology: expected none, local or kubernetes, got 'cloud'");
        assertThat(run(PLAIN, "--topology", "local", "--topology-timeout", "-1"))
                .contains("error: --topology-timeout: must be >= 0, got -1");
        assertThat(run(PLAIN, "--topology", "local")).contains("error: --topology local: the suite has no backends_map to deploy");
    }

    @Test
    void metricsNeedAPrometheusThatAnswers() throws Exception {
        String withMetrics = PLAIN.replace("]}", "], \"metrics\": {\"mem\": \"up\"}}");
        assertThat(run(withMetrics)).contains("error: --prometheus: required, the suite has 1 metric(s) to capture (mem)");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(run(withMetrics, "--prometheus", "http://127.0.0.1:" + closed))
                .contains("error: --prometheus: ").contains("; nothing was run");
    }
}
