package io.stampede.deploy.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import io.stampede.deploy.ProjectPaths;
import io.stampede.testing.RequiredTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped images end to end, the way the chart runs them: coordinator + 2 workers +
 * sample-workload on one container network, non-root, read-only root filesystems, the link
 * token and UI credentials from the environment. A headless todo-crud run through the
 * coordinator must finish with exit code 0 (no failure, thresholds met), the sample app must
 * have served the requests, and stopping one worker mid-run must leave the run going on the
 * other one.
 *
 * <p>Needs a Docker-compatible engine (here: podman's socket, see scripts/container-setup.sh)
 * and the images of the `images` profile (target/jib-image.tar of the three services). With
 * CI=true a missing piece fails the test; elsewhere it is skipped with the reason.
 */
class ContainersEndToEndIT {

    private static final String TAG = System.getProperty("stampede.images.tag", "0.1.0-SNAPSHOT");
    private static final String TOKEN = "e2e-link-token-" + Long.toHexString(System.nanoTime());
    private static final String USER = "e2e";
    private static final String PASSWORD = "e2e-" + Long.toHexString(System.nanoTime());
    private static final int USERS = 8;
    private static final String RUN_TIME = "45s";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final List<GenericContainer<?>> started = new ArrayList<>();
    private static Network network;
    private static Path work;

    @BeforeAll
    static void requireEngineAndImages() throws IOException {
        boolean engine;
        try {
            engine = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            engine = false;
        }
        if (!engine) {
            RequiredTools.unavailable("no Docker-compatible engine (DOCKER_HOST=" + System.getenv("DOCKER_HOST")
                + "): run `eval \"$(scripts/container-setup.sh)\"` first");
        }
        DockerClient docker = DockerClientFactory.instance().client();
        // containers a killed earlier run left behind (no Ryuk here) would clash by name
        for (var stale : docker.listContainersCmd().withShowAll(true).withNameFilter(List.of("stampede-e2e-")).exec()) {
            docker.removeContainerCmd(stale.getId()).withForce(true).exec();
        }
        for (String module : List.of("coordinator-service", "worker-service", "sample-workload")) {
            Path tar = ProjectPaths.root().resolve(module).resolve("target/jib-image.tar");
            if (!Files.isRegularFile(tar)) {
                RequiredTools.unavailable("no image tarball " + tar + ": build with ./mvnw -Pimages package");
            }
            try (InputStream in = Files.newInputStream(tar)) {
                docker.loadImageCmd(in).exec();
            }
        }
        work = Files.createTempDirectory("stampede-e2e");
        Files.createDirectories(work.resolve("results"));
        // the containers run as uid 10001: let them write the results
        Files.setPosixFilePermissions(work.resolve("results"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (InputStream scenario = ContainersEndToEndIT.class.getResourceAsStream("/e2e/todo-crud.yaml")) {
            Files.write(work.resolve("todo-crud.yaml"), scenario.readAllBytes());
        }
        network = Network.newNetwork();
    }

    @AfterAll
    static void stopEverything() {
        for (GenericContainer<?> container : started) {
            try {
                container.stop();
            } catch (RuntimeException e) {
                System.err.println("e2e: could not stop " + container.getContainerName() + ": " + e);
            }
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void headlessTodoCrudRunSurvivesLosingAWorker() throws Exception {
        long t0 = System.nanoTime();
        GenericContainer<?> sample = hardened("sample-workload", "sample")
            .withExposedPorts(8080)
            .waitingFor(Wait.forHttp("/ready").forPort(8080).forStatusCodeMatching(code -> code < 300)
                .withStartupTimeout(Duration.ofMinutes(3)));
        GenericContainer<?> coordinator = hardened("coordinator", "coordinator")
            .withEnv("STAMPEDE_LINK_TOKEN", TOKEN)
            // as the chart does: the run history goes to a writable volume (here the tmpfs)
            .withEnv("STAMPEDE_COORDINATOR_HISTORYDIR", "/tmp/history")
            .withCommand("--headless", "--expect-workers", "2", "-u", String.valueOf(USERS), "-r", "8",
                "-t", RUN_TIME, "-f", "/work/todo-crud.yaml", "-H", "http://sample:8080",
                "--web-host", "0.0.0.0", "--web-auth", USER + ":" + PASSWORD,
                "--json", "/work/results/stats.json")
            .withExposedPorts(8089)
            .waitingFor(Wait.forHttp("/actuator/health/liveness").forPort(8089).forStatusCode(200)
                .withStartupTimeout(Duration.ofMinutes(3)));
        GenericContainer<?> worker1 = worker(1);
        GenericContainer<?> worker2 = worker(2);
        started.addAll(List.of(sample, coordinator, worker1, worker2));
        try {
            // the app first (the headless run starts as soon as both workers are connected and
            // must find it up), then coordinator and workers together (workers retry the link)
            Startables.deepStart(sample).join();
            Startables.deepStart(coordinator, worker1, worker2).join();
            long up = System.nanoTime();
            System.out.printf("e2e: containers up in %.1f s%n", (up - t0) / 1e9);

            // 1. both workers run users and requests flow
            JsonNode running = await(Duration.ofSeconds(60), "both workers running users and requests flowing",
                coordinator, stats -> stats.path("worker_count").asInt() == 2
                    && StreamSupport.stream(stats.path("workers").spliterator(), false)
                        .allMatch(w -> w.path("user_count").asInt() > 0)
                    && aggregated(stats).path("num_requests").asLong() >= 40);
            assertThat(aggregated(running).path("num_failures").asLong()).isZero();

            // 2. stop one worker mid-run: the other takes all users and requests keep flowing
            DockerClientFactory.instance().client().stopContainerCmd(worker2.getContainerId()).withTimeout(5).exec();
            JsonNode alone = await(Duration.ofSeconds(30), "the remaining worker running all users",
                coordinator, stats -> stats.path("worker_count").asInt() == 1
                    && stats.path("workers").path(0).path("user_count").asInt() == USERS);
            long before = aggregated(alone).path("num_requests").asLong();
            await(Duration.ofSeconds(30), "requests keep flowing on the remaining worker", coordinator,
                stats -> aggregated(stats).path("num_requests").asLong() >= before + 40);
            assertThat(worker1.isRunning()).isTrue();

            // 3. the headless run ends by itself with exit code 0 and its final stats
            long exitCode = awaitExit(coordinator, Duration.ofSeconds(120));
            assertThat(exitCode).as("coordinator exit code (0 = no failures, thresholds met); logs:%n%s",
                tail(coordinator.getLogs())).isZero();
            JsonNode results = JSON.readTree(work.resolve("results/stats.json").toFile());
            JsonNode total = aggregated(results);
            long requests = total.path("num_requests").asLong();
            assertThat(total.path("num_failures").asLong()).isZero();
            assertThat(requests).isGreaterThan(before);
            assertThat(StreamSupport.stream(results.path("stats").spliterator(), false)
                .map(row -> row.path("name").asString()).toList())
                .contains("create", "read", "update", "delete", "Aggregated");

            // 4. the sample app counted them: its request metrics cover every request the
            //    coordinator reported (the stopped worker may have sent a few it never reported)
            long served = servedTodoRequests(sample);
            System.out.printf("e2e: coordinator reported %d requests, sample-workload served %d; total %.1f s%n",
                requests, served, (System.nanoTime() - t0) / 1e9);
            assertThat(served).isGreaterThanOrEqualTo(requests);
        } catch (AssertionError | RuntimeException e) {
            for (GenericContainer<?> container : started) {
                if (container.getContainerInfo() == null) {
                    continue; // never started: nothing to show, and its name would throw over the real error
                }
                System.err.println("---- logs of " + container.getContainerName() + "\n" + tail(logsOf(container)));
            }
            throw e;
        }
    }

    private static GenericContainer<?> worker(int index) {
        return hardened("worker", "worker-" + index)
            .withEnv("STAMPEDE_COORDINATOR", "coordinator:5557")
            .withEnv("STAMPEDE_LINK_TOKEN", TOKEN)
            .withExposedPorts(8090)
            .waitingFor(Wait.forHttp("/actuator/health").forPort(8090).forStatusCode(200)
                .withStartupTimeout(Duration.ofMinutes(3)));
    }

    /** A container of one of our images as the chart runs it: read-only root, tmpfs /tmp, no capabilities. */
    private static GenericContainer<?> hardened(String image, String alias) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("localhost/stampede/" + image + ":" + TAG));
        return container
            .withNetwork(network)
            .withNetworkAliases(alias)
            .withEnv("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=50 -XX:TieredStopAtLevel=1")
            .withCreateContainerCmdModifier(cmd -> {
                cmd.withName("stampede-e2e-" + alias);
                cmd.getHostConfig()
                    .withReadonlyRootfs(true)
                    .withTmpFs(Map.of("/tmp", "rw,size=64m"))
                    .withCapDrop(com.github.dockerjava.api.model.Capability.ALL)
                    .withMemory(768L * 1024 * 1024)
                    .withBinds(new Bind(work.toString(), new Volume("/work")));
            });
    }

    private static JsonNode await(Duration timeout, String what, GenericContainer<?> coordinator,
                                  Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = stats(coordinator);
                if (condition.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // not answering yet: keep polling until the deadline
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
            + "; last /stats/requests: " + last);
    }

    private static JsonNode stats(GenericContainer<?> coordinator) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + coordinator.getMappedPort(8089)
                + "/stats/requests"))
            .header("Authorization", "Basic " + auth)
            .timeout(Duration.ofSeconds(5))
            .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /stats/requests: " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode aggregated(JsonNode stats) {
        return StreamSupport.stream(stats.path("stats").spliterator(), false)
            .filter(row -> "Aggregated".equals(row.path("name").asString()))
            .findFirst().orElse(JSON.createObjectNode());
    }

    private static long awaitExit(GenericContainer<?> container, Duration timeout) throws InterruptedException {
        DockerClient docker = DockerClientFactory.instance().client();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var state = docker.inspectContainerCmd(container.getContainerId()).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                return state.getExitCodeLong();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the headless coordinator did not exit within " + timeout.toSeconds() + " s");
    }

    /** Sum of sample-workload's http_server_requests_seconds_count over the todo endpoints
     *  (labels may contain braces: uri="/todo/{id}"). */
    private static long servedTodoRequests(GenericContainer<?> sample) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
            "http://localhost:" + sample.getMappedPort(8080) + "/actuator/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Pattern count = Pattern.compile("^http_server_requests_seconds_count\\{(.*)} ([0-9.eE+]+)$", Pattern.MULTILINE);
        Matcher m = count.matcher(response.body());
        long total = 0;
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("uri=\"/todo\"") || labels.contains("uri=\"/todo/{id}\"")) {
                total += (long) Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private static String logsOf(GenericContainer<?> container) {
        try {
            return container.getContainerId() == null ? "(not created)" : container.getLogs();
        } catch (RuntimeException e) {
            return "(no logs: " + e.getMessage() + ")";
        }
    }

    private static String tail(String logs) {
        String[] lines = logs.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }
}
