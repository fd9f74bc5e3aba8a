package io.stampede.deploy.observability;

import io.stampede.testing.ListenPorts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stampede.deploy.ProjectPaths;
import io.stampede.testing.RequiredTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's package, started here on loopback with a 1 s scrape interval)
 * scraping a coordinator, a worker and sample-workload (the packaged jars) during a real run:
 * PromQL over the scraped run metrics agrees with the coordinator's API (request totals equal,
 * p95 within the histogram's bucket), and every query of the shipped Grafana dashboard returns data.
 */
class PrometheusScrapeIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String TOKEN = "observability-" + Long.toHexString(System.nanoTime());
    private static final int USERS = 6;
    private static final String RUN_TIME = "8s";
    /**
     * Three JVMs and Prometheus start at once: 10-15 s on two idle cores; the bound leaves room for
     * a machine busy with other builds.
     */
    private static final Duration STARTUP = Duration.ofSeconds(150);
    /** The dashboard's variables as this setup's scrape jobs give them ($__rate_interval: a few 1 s scrapes). */
    private static final Map<String, String> DASHBOARD_VARIABLES = Map.of(
            "__rate_interval", "5s", "namespace", ".*", "job", "coordinator", "worker_job", "worker",
            "run_id", ".*", "name", ".*", "target_namespace", ".*", "target_job", "sample-workload");
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*\\w+\\)");

    private static final String SCENARIO = """
            name: observability-check
            users:
              - name: shopper
                weight: 1
                wait: {between: [5ms, 20ms]}
                tasks:
                  - name: crud
                    steps:
                      - http:
                          name: create
                          method: POST
                          path: /todo
                          json: {Description: "observed", Completed: false}
                          expect: {status: 201}
                          extract: {id: "$.Id"}
                      - http:
                          name: read
                          method: GET
                          path: /todo/${id}
                          expect: {status: 200}
            """;

    @TempDir
    Path work;

    @Test
    void prometheusAgreesWithTheApiAndAnswersEveryDashboardQuery() throws Exception {
        Path prometheus = requirePrometheus();
        Path root = ProjectPaths.root();
        Path coordinatorJar = requireJar(root.resolve("coordinator-service/target/coordinator-service.jar"));
        Path workerJar = requireJar(root.resolve("worker-service/target/worker-service.jar"));
        Path targetJar = requireJar(root.resolve("sample-workload/target/sample-workload.jar"));
        Files.writeString(work.resolve("scenario.yaml"), SCENARIO);

        int targetPort = ListenPorts.free();
        int coordinatorPort = ListenPorts.free();
        int linkPort = ListenPorts.free();
        int workerPort = ListenPorts.free();
        int prometheusPort = ListenPorts.free();
        String coordinator = "http://127.0.0.1:" + coordinatorPort;
        String prometheusUrl = "http://127.0.0.1:" + prometheusPort;
        Files.writeString(work.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: coordinator
                    metrics_path: /actuator/prometheus
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: worker
                    metrics_path: /actuator/prometheus
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: sample-workload
                    metrics_path: /actuator/prometheus
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(coordinatorPort, workerPort, targetPort));

        try (ChildProcesses children = new ChildProcesses(work)) {
            children.java("sample-workload", targetJar, "--server.port=" + targetPort, "--server.address=127.0.0.1");
            children.java("coordinator", coordinatorJar, "-f", work.resolve("scenario.yaml").toString(),
                    "-H", "http://127.0.0.1:" + targetPort, "--web-host", "127.0.0.1", "--local-workers", "0",
                    "--link-token", TOKEN,
                    "--server.port=" + coordinatorPort, "--stampede.coordinator.link.host=127.0.0.1",
                    "--stampede.coordinator.link.port=" + linkPort,
                    "--stampede.coordinator.history-dir=" + work.resolve("history"));
            children.java("worker", workerJar, "--coordinator", "127.0.0.1:" + linkPort, "--link-token", TOKEN,
                    "--server.port=" + workerPort, "--server.address=127.0.0.1");
            children.start("prometheus", List.of(prometheus.toString(),
                    "--config.file=" + work.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + work.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort));

            children.await("the worker connected to the coordinator", STARTUP,
                    () -> optionalJson(coordinator + "/stats/requests").map(s -> s.get("worker_count").asInt() == 1).orElse(false));
            children.await("sample-workload up", STARTUP,
                    () -> status(targetUrl(targetPort, "/actuator/health")) == 200);
            children.await("Prometheus ready", STARTUP, () -> status(prometheusUrl + "/-/ready") == 200);

            HttpResponse<String> swarm = post(coordinator + "/swarm",
                    "user_count=" + USERS + "&spawn_rate=" + USERS + "&run_time=" + RUN_TIME);
            assertThat(swarm.statusCode()).as("POST /swarm: %s", swarm.body()).isEqualTo(200);
            children.await("the run running", Duration.ofSeconds(15),
                    () -> "running".equals(json(coordinator + "/stats/requests").get("state").asString()));
            long runningSince = System.currentTimeMillis();
            children.await("the run stopped after its run time", Duration.ofSeconds(30),
                    () -> "stopped".equals(json(coordinator + "/stats/requests").get("state").asString()));
            long stoppedAt = System.currentTimeMillis();
            // Mid-run, with a full rate interval of scrapes behind it.
            double midRun = (runningSince + (stoppedAt - runningSince) * 3 / 4) / 1000.0;

            JsonNode stats = json(coordinator + "/stats/requests");
            Map<String, Long> apiRequests = new TreeMap<>();
            Map<String, Long> apiFailures = new TreeMap<>();
            Map<String, Double> apiP95Seconds = new TreeMap<>();
            for (JsonNode row : stats.get("stats")) {
                if (!"Aggregated".equals(row.get("name").asString())) {
                    apiRequests.merge(row.get("name").asString(), row.get("num_requests").asLong(), Long::sum);
                    apiFailures.merge(row.get("name").asString(), row.get("num_failures").asLong(), Long::sum);
                    apiP95Seconds.put(row.get("name").asString(), row.get("response_time_percentile_0.95").asDouble() / 1000);
                }
            }
            assertThat(apiRequests).as("the run's rows").containsOnlyKeys("create", "read");
            assertThat(apiRequests.values()).allSatisfy(n -> assertThat(n).isPositive());

            // Request totals: equal once Prometheus scraped the stopped run.
            Prometheus promql = new Prometheus(prometheusUrl);
            children.await("Prometheus' request totals equal the API's " + apiRequests, Duration.ofSeconds(15),
                    () -> apiRequests.equals(promql.valuesBy("name",
                            "sum by (name) (stampede_requests_total{job=\"coordinator\"})", null)));
            assertThat(promql.valuesBy("name", "sum by (name) (stampede_failures_total{job=\"coordinator\"})", null))
                    .as("failures").isEqualTo(apiFailures);

            // p95: histogram_quantile lands in the bucket the exact (HdrHistogram) p95 is in.
            for (var entry : apiP95Seconds.entrySet()) {
                String selector = "{job=\"coordinator\",name=\"" + entry.getKey() + "\"}";
                double quantile = promql.scalar("histogram_quantile(0.95, sum by (le) (stampede_response_time_seconds_bucket"
                        + selector + "))", null);
                TreeSet<Double> bounds = new TreeSet<>(promql.valuesBy("le", "stampede_response_time_seconds_bucket" + selector,
                        null).keySet().stream().filter(le -> !le.equals("+Inf")).map(Double::parseDouble).toList());
                Double upper = bounds.ceiling(quantile);
                Double lower = bounds.lower(quantile);
                assertThat(upper).as("the bucket of p95 %s of %s", quantile, entry.getKey()).isNotNull();
                double floor = lower == null ? 0 : lower;
                // HdrHistogram's 0.1% precision at the bucket edges.
                assertThat(entry.getValue()).as("API p95 of %s vs PromQL %s in (%s, %s]", entry.getKey(), quantile, floor, upper)
                        .isBetween(floor * 0.999, upper * 1.001);
            }

            // Every query of the shipped dashboard (panels and variables) returns data for the run.
            JsonNode dashboard = JSON.readTree(root.resolve("charts/stampede/dashboards/stampede.json").toFile());
            List<String> queries = dashboardQueries(dashboard);
            assertThat(queries).hasSizeGreaterThan(20);
            List<String> empty = new ArrayList<>();
            for (String query : queries) {
                if (promql.series(query, midRun) == 0) {
                    empty.add(query);
                }
            }
            assertThat(empty).as("dashboard queries without data at %s", midRun).isEmpty();
        }
    }

    /** Panel targets and the variables' label_values() selectors, with this setup's variable values. */
    private static List<String> dashboardQueries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            queries.add(substitute(expr.asString()));
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if ("query".equals(variable.get("type").asString())) {
                Matcher matcher = LABEL_VALUES.matcher(variable.get("query").get("query").asString());
                assertThat(matcher.matches()).as("variable %s", variable.get("name")).isTrue();
                queries.add(substitute(matcher.group(1)));
            }
        }
        return queries;
    }

    private static String substitute(String query) {
        Matcher variable = VARIABLE.matcher(query);
        StringBuilder result = new StringBuilder();
        while (variable.find()) {
            String value = DASHBOARD_VARIABLES.get(variable.group(1));
            assertThat(value).as("value of $%s in %s", variable.group(1), query).isNotNull();
            variable.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        return variable.appendTail(result).toString();
    }

    private static Path requirePrometheus() {
        Path binary = Path.of("/usr/bin/prometheus");
        RequiredTools.require("apt-get install prometheus (.ci/apt.d/observability.txt)", binary);
        return binary;
    }

    private static Path requireJar(Path jar) {
        assertThat(jar).as("the packaged jar (./mvnw package builds it before integration-test)").isRegularFile();
        return jar;
    }

    private static String targetUrl(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }


    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static JsonNode json(String url) {
        return optionalJson(url).orElseThrow(() -> new AssertionError("no JSON from " + url));
    }

    private static java.util.Optional<JsonNode> optionalJson(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? java.util.Optional.of(JSON.readTree(response.body()))
                    : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private static HttpResponse<String> post(String url, String form) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Prometheus' HTTP API. */
    private record Prometheus(String url) {

        /** The result vector of an instant query (now when {@code at} is null). */
        JsonNode query(String promql, Double at) {
            String uri = url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                    + (at == null ? "" : "&time=" + at);
            JsonNode response = json(uri);
            assertThat(response.get("status").asString()).as("%s", promql).isEqualTo("success");
            return response.get("data").get("result");
        }

        int series(String promql, Double at) {
            return query(promql, at).size();
        }

        /** Each series' value by one of its labels. */
        Map<String, Long> valuesBy(String label, String promql, Double at) {
            Map<String, Long> values = new TreeMap<>();
            for (JsonNode series : query(promql, at)) {
                values.put(series.get("metric").get(label).asString(),
                        (long) Double.parseDouble(series.get("value").get(1).asString()));
            }
            return values;
        }

        double scalar(String promql, Double at) {
            JsonNode result = query(promql, at);
            assertThat(result).as("%s", promql).hasSize(1);
            return Double.parseDouble(result.get(0).get("value").get(1).asString());
        }
    }

    /** The processes this test starts (logs in the work directory), stopped by their handles at the end. */
    private static final class ChildProcesses implements AutoCloseable {

        private final Path logs;
        private final Map<String, Process> started = new LinkedHashMap<>();

        ChildProcesses(Path logs) {
            this.logs = logs;
        }

        void java(String name, Path jar, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    // Quick starts on a small machine: these JVMs live for seconds.
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-jar", jar.toString()));
            command.addAll(List.of(args));
            start(name, command);
        }

        void start(String name, List<String> command) throws IOException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + ".log").toFile()).start();
            started.put(name, process);
        }

        /** Polls until the condition holds; fails with the children's state and log tails otherwise. */
        void await(String what, Duration limit, Supplier<Boolean> condition) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!condition.get()) {
                for (var child : started.entrySet()) {
                    if (!child.getValue().isAlive()) {
                        throw new AssertionError(child.getKey() + " exited (" + child.getValue().exitValue()
                                + ") while waiting for " + what + "\n" + tail(child.getKey()));
                    }
                }
                if (System.nanoTime() > deadline) {
                    StringBuilder details = new StringBuilder();
                    started.keySet().forEach(name -> details.append(tail(name)));
                    throw new AssertionError("not within " + limit + ": " + what + "\n" + details);
                }
                Thread.sleep(200);
            }
        }

        private String tail(String name) {
            try {
                List<String> lines = Files.readAllLines(logs.resolve(name + ".log"));
                return "--- " + name + ".log (last lines)\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size())) + "\n";
            } catch (IOException e) {
                return "--- " + name + ".log unreadable: " + e + "\n";
            }
        }

        @Override
        public void close() throws InterruptedException {
            for (Process process : started.values()) {
                process.destroy();
            }
            for (Process process : started.values()) {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        }
    }
}
