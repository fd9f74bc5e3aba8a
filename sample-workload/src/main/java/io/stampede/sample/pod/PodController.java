package io.stampede.sample.pod;

import java.time.Duration;

import io.stampede.sample.todo.SchemaInitializer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The greeting and the Kubernetes probes. */
@RestController
class PodController {

    private static final Duration READY_QUERY_TIMEOUT = Duration.ofSeconds(2);

    private final PodIdentity identity = PodIdentity.detect();
    private final DatabaseClient database;
    private final SchemaInitializer schema;

    PodController(DatabaseClient database, SchemaInitializer schema) {
        this.database = database;
        this.schema = schema;
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_PLAIN_VALUE)
    String hello() {
        return "Hey I'm running in a pod " + identity.hostname() + " " + identity.ip();
    }

    @GetMapping("/live")
    ResponseEntity<Void> live() {
        return ResponseEntity.noContent().build();
    }

    /** Ready once the schema exists and the database answers a query right now. */
    @GetMapping("/ready")
    Mono<ResponseEntity<Void>> ready() {
        if (!schema.created()) {
            return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build());
        }
        return database.sql("SELECT 1").map(row -> 1).first()
                .timeout(READY_QUERY_TIMEOUT)
                .map(one -> ResponseEntity.noContent().<Void>build())
                .onErrorReturn(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build());
    }
}
