package io.stampede.coordinator.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.SwarmCommand;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.FormHttpMessageReader;
import org.springframework.http.codec.multipart.DefaultPartHttpMessageReader;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.MultipartHttpMessageReader;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Locust 2.x's control endpoints, same paths, fields and JSON shapes, so Locust scripts work unchanged. */
@RestController
public class LocustApiController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ResolvableType FORM_TYPE = ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class, String.class);
    private static final ResolvableType MULTIPART_TYPE = ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class, Part.class);
    private static final FormHttpMessageReader FORM = new FormHttpMessageReader();
    private static final MultipartHttpMessageReader MULTIPART = new MultipartHttpMessageReader(new DefaultPartHttpMessageReader());

    static {
        // The body limit filter bounds what arrives; the readers must not stop earlier with a limit of their own.
        FORM.setMaxInMemorySize(-1);
    }

    private final RunCoordinator run;
    private final LaunchOptions launchOptions;
    private final RunLimits limits;

    public LocustApiController(RunCoordinator run, LaunchOptions launchOptions, RunLimits limits) {
        this.run = run;
        this.launchOptions = launchOptions;
        this.limits = limits;
    }

    @PostMapping("/swarm")
    public Mono<ResponseEntity<Map<String, Object>>> swarm(ServerWebExchange exchange) {
        return fields(exchange).map(fields -> {
            try {
                SwarmCommand command = SwarmForm.read(fields, limits, run.launchScenario().scenario().load());
                if (command.runTime() == null && launchOptions.runTime() != null && !run.state().isActive()) {
                    // -t in UI mode limits every run started from the UI (Locust's behaviour).
                    command = command.withRunTime(launchOptions.runTime());
                }
                if (command.host() == null && !run.state().isActive() && run.defaultHost() == null
                        && run.launchScenario().needsHost()) {
                    return failure("host: required (no --host, no host in the scenario)");
                }
                Run started;
                try {
                    started = run.swarm(command);
                } catch (IllegalArgumentException e) {
                    return failure(e.getMessage()); // a running run cannot switch its workload model
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("success", true);
                body.put("message", "Swarming started");
                body.put("host", started.host());
                if (command.runTime() != null) {
                    body.put("run_time", command.runTime().toSeconds());
                }
                return ResponseEntity.ok(body);
            } catch (SwarmForm.InvalidField e) {
                return failure(e.getMessage());
            }
        }).onErrorResume(BadBody.class, e -> Mono.just(failure(e.getMessage())));
    }

    @GetMapping("/stop")
    public Map<String, Object> stop() {
        run.stop();
        return Map.of("success", true, "message", "Test stopped");
    }

    @GetMapping(value = "/stats/reset", produces = MediaType.TEXT_PLAIN_VALUE)
    public String reset() {
        run.resetStats();
        return "ok";
    }

    /** Java workers have no Python tracebacks; failures are in {@code errors[]} of /stats/requests. */
    @GetMapping("/exceptions")
    public Map<String, Object> exceptions() {
        return Map.of("exceptions", List.of());
    }

    private static ResponseEntity<Map<String, Object>> failure(String message) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Refusal.body(message));
    }

    /** The request's fields as strings, whatever the encoding (urlencoded form, multipart, JSON). */
    private Mono<Map<String, String>> fields(ServerWebExchange exchange) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (type != null && MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            // Bounded: the body size filter refuses more, this join never holds more than the limit.
            return DataBufferUtils.join(exchange.getRequest().getBody(), (int) limits.maxBodySize().toBytes())
                    .map(buffer -> {
                        String text = buffer.toString(StandardCharsets.UTF_8);
                        DataBufferUtils.release(buffer);
                        return jsonFields(text);
                    })
                    .defaultIfEmpty(Map.of());
        }
        // Read from the request as the body limit filter bounded it: the exchange's own
        // getFormData()/getMultipartData() read the unbounded original (and multipart spools to disk).
        if (type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            return MULTIPART.readMono(MULTIPART_TYPE, exchange.getRequest(), Map.of())
                    .map(LocustApiController::partFields)
                    .defaultIfEmpty(Map.of());
        }
        if (type != null && !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
            return Mono.error(new BadBody("body: expected a form, multipart/form-data or JSON, got " + type));
        }
        return FORM.readMono(FORM_TYPE, exchange.getRequest(), Map.of())
                .map(MultiValueMap::toSingleValueMap)
                .defaultIfEmpty(Map.of());
    }

    private static Map<String, String> partFields(MultiValueMap<String, Part> parts) {
        Map<String, String> fields = new LinkedHashMap<>();
        parts.forEach((name, values) -> {
            if (!values.isEmpty() && values.getFirst() instanceof FormFieldPart field) {
                fields.put(name, field.value());
            }
        });
        return fields;
    }

    private static Map<String, String> jsonFields(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new BadBody("body: not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadBody("body: expected a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode v = e.getValue();
            fields.put(e.getKey(), v.isNull() ? null : v.isValueNode() ? v.asString() : v.toString());
        }
        return fields;
    }

    private static final class BadBody extends RuntimeException {
        BadBody(String message) {
            super(message);
        }
    }
}
