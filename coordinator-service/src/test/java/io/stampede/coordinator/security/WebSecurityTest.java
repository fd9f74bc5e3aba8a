package io.stampede.coordinator.security;

import io.stampede.core.load.LoadSpec;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.run.ScenarioSource;
import io.stampede.coordinator.support.Http;
import io.stampede.coordinator.support.TestApps;
import io.stampede.coordinator.support.TestCoordinator;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Bound to a non-loopback address, the UI/API need basic auth; health stays open for probes. */
class WebSecurityTest {

    @Test
    void nonLoopbackBindingRequiresBasicAuth() throws Exception {
        LaunchOptions options = new LaunchOptions(null, ScenarioSource.defaultScenario(null), null, false, LoadSpec.EMPTY,
                null, 0, 0, null, null, null, false, "0.0.0.0", "admin:s3cret", TestCoordinator.TOKEN, null);
        try (ConfigurableApplicationContext context = TestApps.start(options)) {
            String base = "http://127.0.0.1:" + TestApps.webPort(context);
            String good = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
            String bad = "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8));

            assertThat(Http.get(base + "/stats/requests").statusCode()).isEqualTo(401);
            assertThat(Http.get(base + "/stats/requests", "Authorization", bad).statusCode()).isEqualTo(401);
            assertThat(Http.get(base + "/stats/requests", "Authorization", good).statusCode()).isEqualTo(200);
            assertThat(Http.curl("-X", "POST", "-F", "user_count=1", "-F", "spawn_rate=1", base + "/swarm").status())
                    .isEqualTo(401);
            assertThat(Http.curl("-u", "admin:s3cret", base + "/stop").json().get("message").asString())
                    .isEqualTo("Test stopped");
            assertThat(Http.get(base + "/actuator/prometheus").statusCode()).isEqualTo(401);
            assertThat(Http.get(base + "/actuator/health").statusCode()).isEqualTo(200);
        }
    }

    /** The Helm chart's webAuth.enabled=false (in-cluster automation behind a NetworkPolicy). */
    @Test
    void explicitlyDisabledAuthLeavesANonLoopbackBindingOpen() throws Exception {
        LaunchOptions options = new LaunchOptions(null, ScenarioSource.defaultScenario(null), null, false, LoadSpec.EMPTY,
                null, 0, 0, null, null, null, false, "0.0.0.0", null, TestCoordinator.TOKEN, null);
        try (ConfigurableApplicationContext context = TestApps.start(options,
                "--stampede.coordinator.web-auth-disabled=true")) {
            String base = "http://127.0.0.1:" + TestApps.webPort(context);
            assertThat(Http.get(base + "/stats/requests").statusCode()).isEqualTo(200);
            assertThat(Http.curl("-X", "POST", "-F", "user_count=1", "-F", "spawn_rate=1", "-F", "host=http://127.0.0.1:9",
                    base + "/swarm").json().get("success").asBoolean()).isTrue();
        }
    }

    @Test
    void loopbackDecision() {
        assertThat(WebSecurityConfiguration.isLoopback("127.0.0.1")).isTrue();
        assertThat(WebSecurityConfiguration.isLoopback("::1")).isTrue();
        assertThat(WebSecurityConfiguration.isLoopback("0.0.0.0")).isFalse();
        assertThat(WebSecurityConfiguration.isLoopback("")).isFalse();
    }
}
