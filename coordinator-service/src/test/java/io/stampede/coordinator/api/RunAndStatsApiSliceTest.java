package io.stampede.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunReports;
import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.coordinator.security.WebSecurityConfiguration;
import io.stampede.coordinator.support.LinkTestWorker;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.coordinator.support.TestCoordinatorBeans;
import io.stampede.core.link.StartLoad;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.testing.Await;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The run and stats endpoints in a WebFlux slice (these controllers and the real web security,
 * no link server bean, no UI, no history): a {@link TestCoordinator}'s run state machine behind
 * them, fed by a scripted worker over the real link.
 */
@WebFluxTest(controllers = {RunApiController.class, StatsController.class}, properties = "server.address=127.0.0.1")
@Import({WebSecurityConfiguration.class, TestCoordinatorBeans.class, RunAndStatsApiSliceTest.Fixture.class})
class RunAndStatsApiSliceTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture {
        @Bean
        RunReports runReports(RunCoordinator run) {
            return new RunReports(run);
        }
    }

    @Autowired
    WebTestClient client;
    @Autowired
    TestCoordinator coordinator;

    @Test
    void theCurrentRunItsWorkersAndItsStatsAreServed() throws Exception {
        client.get().uri("/api/runs/current").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("ready").jsonPath("$.run").doesNotExist();

        try (LinkTestWorker worker = coordinator.worker("w1")) {
            Await.until("w1 registered", WAIT, () -> coordinator.registry.size() == 1);
            coordinator.run.swarm(new SwarmCommand(3, 3, "http://127.0.0.1:9", null));
            StartLoad start = worker.await(StartLoad.class, WAIT);
            assertThat(start).isNotNull();
            StatsRecorder recorder = new StatsRecorder();
            recorder.record("GET", "/slice", 12_000, 5, null);
            recorder.record("GET", "/slice", 18_000, 5, "HTTPError('500')");
            worker.report(start.runId(), recorder.drain(), false);
            Await.until("2 requests merged", WAIT, () -> coordinator.run.snapshot().numRequests() == 2);

            client.get().uri("/api/runs/current").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.run.id").isEqualTo(start.runId())
                    .jsonPath("$.run.user_count").isEqualTo(3)
                    .jsonPath("$.workers[0].id").isEqualTo("w1");
            client.get().uri("/stats/requests").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.stats[0].name").isEqualTo("/slice")
                    .jsonPath("$.stats[0].num_requests").isEqualTo(2)
                    .jsonPath("$.stats[0].num_failures").isEqualTo(1)
                    .jsonPath("$.errors[0].name").isEqualTo("/slice");
            client.get().uri("/stats/requests/csv").exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).value(csv -> assertThat(csv).startsWith("Type,Name,Request Count")
                            .contains("GET,/slice,2,1"));
            client.get().uri("/stats/report?download=1").exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueMatches("Content-Disposition", "attachment;filename=.*\\.html")
                    .expectBody(String.class).value(html -> assertThat(html).contains("/slice"));
        } finally {
            coordinator.run.stop();
        }
    }
}
