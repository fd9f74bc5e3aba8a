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

/**
 * Bound to a non-loopback address, the UI/API need basic auth; health stays open for probes;
 * failed logins are throttled per client address.
 */
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
    void failedLoginsAreThrottledPerClient() throws Exception {
        LaunchOptions options = new LaunchOptions(null, ScenarioSource.defaultScenario(null), null, false, LoadSpec.EMPTY,
                null, 0, 0, null, null, null, false, "0.0.0.0", "admin:s3cret", TestCoordinator.TOKEN, null);
        try (ConfigurableApplicationContext context = TestApps.start(options,
                "--stampede.coordinator.login.max-failures=5", "--stampede.coordinator.login.failure-window=10m")) {
            String base = "http://127.0.0.1:" + TestApps.webPort(context);
            String good = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
            // Requests without credentials are no failed logins (a browser's first request never has them).
            for (int i = 0; i < 8; i++) {
                assertThat(Http.get(base + "/stats/requests").statusCode()).isEqualTo(401);
            }
            for (int i = 0; i < 5; i++) {
                String wrong = "Basic " + Base64.getEncoder().encodeToString(("admin:guess" + i).getBytes(StandardCharsets.UTF_8));
                assertThat(Http.get(base + "/stats/requests", "Authorization", wrong).statusCode()).isEqualTo(401);
            }
            var throttled = Http.get(base + "/stats/requests", "Authorization", good);
            assertThat(throttled.statusCode()).isEqualTo(429);
            long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(500L, 600L);
            assertThat(Http.json(throttled).get("message").asString()).contains("too many failed logins");
            assertThat(Http.curl("-u", "admin:another-guess", base + "/stats/requests").status()).isEqualTo(429);
            // Probes still get through from the throttled address (behind a load balancer it is theirs too).
            assertThat(Http.get(base + "/actuator/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void throttleForgetsFailuresOnceTheyLeaveTheWindow() {
        long[] now = {1_000};
        LoginThrottle throttle = new LoginThrottle(3, java.time.Duration.ofSeconds(60), () -> now[0]);
        throttle.failed("10.0.0.1");
        now[0] += 20_000;
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertThat(throttle.retryAfter("10.0.0.1")).contains(java.time.Duration.ofSeconds(40));
        assertThat(throttle.retryAfter("10.0.0.2")).isEmpty();
        now[0] += 40_000; // the first failure leaves the window
        assertThat(throttle.retryAfter("10.0.0.1")).isEmpty();
        throttle.failed("10.0.0.1");
        assertThat(throttle.retryAfter("10.0.0.1")).contains(java.time.Duration.ofSeconds(20));
    }

    @Test
    void loopbackDecision() {
        assertThat(WebSecurityConfiguration.isLoopback("127.0.0.1")).isTrue();
        assertThat(WebSecurityConfiguration.isLoopback("::1")).isTrue();
        assertThat(WebSecurityConfiguration.isLoopback("0.0.0.0")).isFalse();
        assertThat(WebSecurityConfiguration.isLoopback("")).isFalse();
    }
}
