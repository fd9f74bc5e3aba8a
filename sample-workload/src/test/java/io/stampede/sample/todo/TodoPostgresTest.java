package io.stampede.sample.todo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.stampede.sample.support.PostgresCluster;
import io.stampede.sample.support.SampleInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The todo API on a real PostgreSQL (Debian's binaries, a throwaway cluster), then the
 * probes while that database goes down and comes back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S") // first scrapes and Flyway on a loaded CI machine exceed the 5 s default
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TodoPostgresTest extends TodoApiContract {

    static PostgresCluster postgres;

    @Autowired
    DatabaseClient database;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresCluster.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> postgres.r2dbcUrl());
        registry.add("spring.r2dbc.username", () -> PostgresCluster.USER);
    }

    @Test
    @Order(1)
    void itemsAreStoredInPostgres() {
        long id = create("in postgres", false);
        String server = database.sql("SELECT version()").map(row -> row.get(0, String.class)).one().block();
        assertThat(server).startsWith("PostgreSQL");
        Map<String, Object> row = database.sql("SELECT description, completed FROM todo WHERE id = :id")
                .bind("id", id).fetch().one().block();
        assertThat(row).containsEntry("description", "in postgres").containsEntry("completed", false);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void readinessFollowsTheDatabase() throws Exception {
        postgres.stopServer();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                http.get().uri("/ready").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        http.get().uri("/live").exchange().expectStatus().isNoContent();
        http.post().uri("/todo").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"Description\": \"lost?\", \"Completed\": false}")
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody().jsonPath("$.detail").value(String.class,
                        detail -> assertThat(detail).startsWith("database unavailable"));

        // An instance started while the database is down starts anyway: live, not ready.
        try (var late = SampleInstance.start(0, "--spring.r2dbc.url=" + postgres.r2dbcUrl(),
                "--spring.r2dbc.username=" + PostgresCluster.USER)) {
            late.http().get().uri("/live").exchange().expectStatus().isNoContent();
            late.http().get().uri("/ready").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

            postgres.startServer();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                late.http().get().uri("/ready").exchange().expectStatus().isNoContent();
                http.get().uri("/ready").exchange().expectStatus().isNoContent();
            });
            late.http().post().uri("/todo").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"Description\": \"after the outage\", \"Completed\": false}")
                    .exchange().expectStatus().isCreated();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> create("back again", true));
    }
}
