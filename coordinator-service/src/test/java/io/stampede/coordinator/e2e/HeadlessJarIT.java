package io.stampede.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.stampede.coordinator.support.Http;
import io.stampede.coordinator.support.TargetServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The packaged jar as users run it: a separate JVM, real flags, real exit codes. */
class HeadlessJarIT {

    static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("coordinator.jar", "target/coordinator-service.jar"));
        assertThat(jar).as("run 'package' first: the jar is what this test runs").exists();
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // C1 only: these runs are seconds long, so startup time dominates (the machine is small).
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(List.of(args));
        // Free ports, so the test never collides with a coordinator running on this machine.
        command.add("--server.port=0");
        command.add("--stampede.coordinator.link.port=0");
        File out = dir.resolve("stdout.txt").toFile();
        File err = dir.resolve("stderr.txt").toFile();
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out).redirectError(err).start();
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("coordinator did not exit within 150 s: " + Files.readString(out.toPath()));
        }
        return new Result(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }

    @Test
    void passingRunExits0AndWritesEveryArtifact() throws Exception {
        try (TargetServer target = new TargetServer(n -> 0)) {
            Result r = run("--headless", "-H", target.url(), "-u", "20", "-r", "20", "-t", "3s", "--local-workers", "2",
                    "--json", "out.json", "--csv", "res/run", "--html", "report.html", "--print-stats");
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
            JsonNode doc = Http.json(Files.readString(dir.resolve("out.json")));
            JsonNode rows = doc.get("stats");
            JsonNode aggregated = rows.get(rows.size() - 1);
            assertThat(aggregated.get("name").asString()).isEqualTo("Aggregated");
            assertThat(aggregated.get("num_requests").asLong()).isPositive().isEqualTo(target.requests());
            assertThat(aggregated.get("num_failures").asLong()).isZero();
            assertThat(doc.get("state").asString()).isEqualTo("stopped");
            assertThat(Files.readString(dir.resolve("res/run_stats.csv"))).startsWith("Type,Name,Request Count");
            assertThat(dir.resolve("res/run_failures.csv")).exists();
            assertThat(Files.readString(dir.resolve("res/run_stats_history.csv"))).startsWith("Timestamp,User Count");
            assertThat(Files.readString(dir.resolve("report.html"))).contains("<html");
            // The final console table, Locust style, after at least one periodic one (--print-stats, every 2 s).
            assertThat(r.stdout()).contains("Aggregated").contains("Response time percentiles");
            assertThat(r.stdout().split("failures/s", -1).length - 1).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void openModelRunSummarisesRequestedAchievedAndDroppedIterations() throws Exception {
        try (TargetServer target = new TargetServer(n -> 0)) {
            Result r = run("--headless", "-H", target.url(), "--rate", "40", "-t", "3s", "--local-workers", "1",
                    "--html", "report.html");
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
            assertThat(r.stdout()).contains("Open model: 40/s").containsPattern("requested: +[0-9.]+ iterations/s")
                    .containsPattern("achieved: +[1-9][0-9.]* iterations/s \\([1-9][0-9]* iterations started\\)")
                    .contains("dropped:   0 iteration(s)");
            assertThat(Files.readString(dir.resolve("report.html"))).contains("<h2>Open model</h2>", "Requested",
                    "Dropped iterations", "Response times from the intended start (corrected)");
        }
    }

    @Test
    void failedSetupExits1WithTheReasonAndStartsNoUser() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Path scenario = dir.resolve("setup.yaml");
        Files.writeString(scenario, """
                name: setup-fails
                setup:
                  - http: {name: create, method: POST, path: /items, extract: {id: $.id}}
                users:
                  - name: u
                    tasks: [{steps: [{http: {name: read, path: "/items/${id}"}}]}]
                """);
        Result r = run("--headless", "-f", scenario.toString(), "-H", "http://127.0.0.1:" + closedPort, "-u", "2",
                "-r", "2", "-t", "30s", "--local-workers", "1", "--json", "setup.json");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).contains("run failed: setup: POST create");
        JsonNode doc = Http.json(Files.readString(dir.resolve("setup.json")));
        JsonNode aggregated = doc.get("stats").get(doc.get("stats").size() - 1);
        assertThat(aggregated.get("num_requests").asLong()).as("only setup's request, no user's").isEqualTo(1);
        assertThat(doc.get("errors").size()).isEqualTo(1);
    }

    @Test
    void unreachableTargetExits1WithTheFailuresRecorded() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Result r = run("--headless", "-H", "http://127.0.0.1:" + closedPort, "-u", "2", "-r", "2", "-t", "2s",
                "--json", "down.json");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).contains("failed");
        JsonNode doc = Http.json(Files.readString(dir.resolve("down.json")));
        assertThat(doc.get("fail_ratio").asDouble()).isEqualTo(1.0);
        assertThat(doc.get("errors").size()).isPositive();
    }

    @Test
    void badFlagsExit2WithTheReasonBeforeSpringStarts() throws Exception {
        Result unknown = run("--bogus");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("--bogus");
        Result duration = run("--headless", "-H", "http://127.0.0.1:1", "-t", "10x");
        assertThat(duration.exitCode()).isEqualTo(2);
        assertThat(duration.stderr()).contains("-t/--run-time");
        Result users = run("-u", "-3");
        assertThat(users.exitCode()).isEqualTo(2);
        assertThat(users.stderr()).contains("-u/--users");
        Path scenario = dir.resolve("broken.yaml");
        Files.writeString(scenario, "name: broken\nusers: 5\n");
        Result invalid = run("--headless", "-f", scenario.toString(), "-H", "http://127.0.0.1:1");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.stderr()).contains("broken.yaml:2:");
        // None of these got as far as starting Spring.
        assertThat(unknown.stdout() + duration.stdout() + users.stdout() + invalid.stdout()).doesNotContain("Started");
        Result help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("--expect-workers");
    }
}
