package io.stampede.coordinator.experiment.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.stampede.coordinator.api.Refusal;
import io.stampede.coordinator.experiment.ExperimentSetup;
import io.stampede.coordinator.experiment.ResultsCatalog;
import io.stampede.coordinator.experiment.ResultsCsv;
import io.stampede.coordinator.experiment.capture.PrometheusClient;
import io.stampede.coordinator.experiment.suite.SafeName;
import io.stampede.coordinator.experiment.suite.Suite;
import io.stampede.coordinator.experiment.suite.SuiteError;
import io.stampede.coordinator.experiment.suite.SuiteException;
import io.stampede.coordinator.experiment.suite.SuiteReader;
import io.stampede.coordinator.ui.ScenarioCatalog;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Experiments page's API: start a suite (its text pasted as JSON {@code {"suite": ...,
 * "name": "config.json"}}, or uploaded as multipart {@code suite=@config.json}), follow it, stop
 * it, and read the recorded runs back (JSON, CSV, one metric's stored range query). Bodies are
 * bounded by {@code stampede.coordinator.limits.max-scenario-body-size}; every POST is kept from
 * other sites like {@code /swarm} (contract: "Browser safety"). Errors are Locust's
 * {@code {"success": false, "message": ...}}, with {@code errors[]} (line, column) for an invalid suite.
 */
@RestController
@RequestMapping("/api/experiments")
public class ExperimentController {

    private final ExperimentSession session;
    private final ResultsCatalog catalog;
    private final ExperimentsProperties properties;
    private final Path scenarioDir;

    /** @param scenarios its directory is where a suite's {@code scenario:} files may be; without one, none may be named */
    public ExperimentController(ExperimentSession session, ResultsCatalog catalog, ExperimentsProperties properties,
                                ScenarioCatalog scenarios) {
        this.session = session;
        this.catalog = catalog;
        this.properties = properties;
        this.scenarioDir = scenarios.dir();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> startJson(@RequestBody Map<String, Object> body) {
        Object text = body.get("suite");
        Object name = body.get("name");
        return start(text instanceof String s ? s : null, name instanceof String n ? n : null);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> startMultipart(ServerWebExchange exchange) {
        return exchange.getMultipartData().flatMap(parts -> {
            Part suite = parts.getFirst("suite");
            Part nameField = parts.getFirst("name");
            String name = nameField instanceof FormFieldPart field ? field.value()
                    : suite instanceof FilePart file ? file.filename() : null;
            if (suite == null) {
                return start(null, name);
            }
            return DataBufferUtils.join(suite.content())
                    .map(buffer -> {
                        String text = buffer.toString(StandardCharsets.UTF_8);
                        DataBufferUtils.release(buffer);
                        return text;
                    })
                    .defaultIfEmpty("")
                    .flatMap(text -> start(text, name));
        });
    }

    /** Parsing reads scenario files and the Prometheus check is a network call: off the event loop. */
    private Mono<ResponseEntity<Map<String, Object>>> start(String text, String name) {
        return Mono.fromCallable(() -> startBlocking(text, name)).subscribeOn(Schedulers.boundedElastic());
    }

    private ResponseEntity<Map<String, Object>> startBlocking(String text, String name) throws InterruptedException {
        if (text == null || text.isBlank()) {
            return failure(HttpStatus.BAD_REQUEST, "suite: required, the suite's text (the harness's config.json or a suite YAML)");
        }
        String busy = session.busyReason();
        if (busy != null) {
            return failure(HttpStatus.CONFLICT, busy);
        }
        String source = sourceName(name, text);
        Suite suite;
        try {
            suite = SuiteReader.readConfined(text, source, source.toLowerCase(Locale.ROOT).endsWith(".json"), scenarioDir);
        } catch (SuiteException e) {
            Map<String, Object> response = Refusal.body("suite: invalid (" + e.errors().size() + " problem(s))\n" + e.getMessage());
            response.put("errors", e.errors().stream().map(ExperimentController::error).toList());
            return ResponseEntity.badRequest().body(response);
        }
        if (suite.backendsMap() != null && !session.topologySettings().deploys()) {
            return failure(HttpStatus.BAD_REQUEST, "backends_map: this coordinator does not deploy topologies; set "
                    + ExperimentsProperties.PREFIX + ".topology to local (sample-workload processes) or kubernetes "
                    + "(chart: experiments.topology.enabled), or remove backends_map and give each test's url");
        }
        // The checks of `experiment run`, in its order: nothing starts when metrics or results could go nowhere.
        PrometheusClient prometheus;
        try {
            prometheus = ExperimentSetup.prometheus(suite, properties.prometheusUrl(), ExperimentsProperties.PREFIX + ".prometheus-url");
            ExperimentSetup.checkResults(session.store(), ExperimentsProperties.PREFIX + ".results " + session.store().location());
        } catch (ExperimentSetup.Refused e) {
            return failure(e.unavailable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_REQUEST, e.getMessage());
        }
        try {
            session.start(suite, prometheus);
        } catch (ExperimentSession.Busy e) {
            return failure(HttpStatus.CONFLICT, e.getMessage());
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", true);
        response.put("message", "Suite started");
        response.put("suite", suite.name());
        response.put("runs", suite.runCount());
        response.put("results", session.store().location());
        response.put("topology", suite.backendsMap() == null ? null : session.topologySettings().kind());
        return ResponseEntity.ok(response);
    }

    @GetMapping("/current")
    public Map<String, Object> current() {
        return session.status();
    }

    @PostMapping("/stop")
    public ResponseEntity<Map<String, Object>> stop() {
        if (!session.stop()) {
            return failure(HttpStatus.CONFLICT, "suite: no suite is under way");
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", true);
        response.put("message", "Suite stopping: the run under way is recorded, the rest skipped");
        return ResponseEntity.ok(response);
    }

    @GetMapping("/results")
    public Mono<ResponseEntity<Object>> results() {
        return fromStore("list", () -> ResponseEntity.ok((Object) catalog.list()));
    }

    @GetMapping("/results.csv")
    public Mono<ResponseEntity<String>> resultsCsv() {
        return Mono.fromCallable(() -> {
            try {
                return ResponseEntity.ok()
                        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"experiments.csv\"")
                        .body(ResultsCsv.of(catalog.list().runs()));
            } catch (IOException e) {
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_PLAIN)
                        .body("results: cannot list " + catalog.location() + ": " + e.getMessage() + "\n");
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * A run's report, stats or CSVs, as {@code GET /api/runs/{id}/{file}} serves a stored run's, or a
     * capacity search's {@code search.json} / {@code search.svg}; {@code ?download=1} as attachment.
     */
    @GetMapping("/results/{testName}/{timestamp}/{file}")
    public Mono<ResponseEntity<Object>> runFile(@PathVariable String testName, @PathVariable String timestamp,
                                                @PathVariable String file,
                                                @org.springframework.web.bind.annotation.RequestParam(required = false) String download) {
        return fromStore("read", () -> catalog.file(testName, timestamp, file)
                .map(bytes -> {
                    ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(contentType(file));
                    if (download != null) {
                        ok.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + testName + "-" + timestamp
                                + "-" + file + "\"");
                    }
                    return ok.body((Object) bytes);
                })
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body((Object) Refusal.body(
                        "file: no " + testName + "/" + timestamp + "/" + file))));
    }

    private static MediaType contentType(String file) {
        if (file.endsWith(".html")) {
            return new MediaType("text", "html", StandardCharsets.UTF_8);
        }
        if (file.endsWith(".csv")) {
            return new MediaType("text", "csv", StandardCharsets.UTF_8);
        }
        if (file.endsWith(".svg")) {
            return new MediaType("image", "svg+xml", StandardCharsets.UTF_8);
        }
        return MediaType.APPLICATION_JSON;
    }

    @GetMapping("/results/{testName}/{timestamp}/metrics/{metric}")
    public Mono<ResponseEntity<Object>> metric(@PathVariable String testName, @PathVariable String timestamp,
                                               @PathVariable String metric) {
        String name = metric.endsWith(".json") ? metric.substring(0, metric.length() - ".json".length()) : metric;
        return fromStore("read", () -> catalog.metric(testName, timestamp, name)
                .map(bytes -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .body((Object) new String(bytes, StandardCharsets.UTF_8)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body((Object) Refusal.body(
                        "metric: no stored result " + testName + "/" + timestamp + "/metrics/" + name + ".json"))));
    }

    /** What a results request reads from the store (a disk or S3). */
    @FunctionalInterface
    private interface StoreRead {
        ResponseEntity<Object> read() throws IOException;
    }

    /**
     * Runs a read of the results store off the event loop: a name the store refuses is a 400 with
     * its reason, a store that cannot be read a 503 naming it ({@code action}: list, read).
     */
    private Mono<ResponseEntity<Object>> fromStore(String action, StoreRead read) {
        return Mono.fromCallable(() -> {
            try {
                return read.read();
            } catch (IllegalArgumentException e) {
                return ResponseEntity.badRequest().body((Object) Refusal.body(e.getMessage()));
            } catch (IOException e) {
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .body((Object) Refusal.body("results: cannot " + action + " " + catalog.location() + ": " + e.getMessage()));
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * The name errors show and the suite is named after (without a {@code name:}): the uploaded
     * file's name made safe, else by the text's first character ({@code {} → config.json).
     */
    static String sourceName(String name, String text) {
        String base = name == null ? "" : name.substring(name.replace('\\', '/').lastIndexOf('/') + 1);
        if (base.isBlank()) {
            return text.stripLeading().startsWith("{") ? "config.json" : "suite.yaml";
        }
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+", "_");
        safe = safe.length() > 100 ? safe.substring(safe.length() - 100) : safe;
        return SafeName.isSafe(safe) ? safe : "suite.yaml";
    }

    private static Map<String, Object> error(SuiteError error) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("line", error.position().line());
        e.put("column", error.position().column());
        e.put("key", error.key());
        e.put("message", error.message());
        e.put("text", error.toString());
        return e;
    }

    private static <T> ResponseEntity<T> failure(HttpStatus status, String message) {
        @SuppressWarnings("unchecked")
        T body = (T) Refusal.body(message);
        return ResponseEntity.status(status).body(body);
    }
}
