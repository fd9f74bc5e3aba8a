package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.core.scenario.HttpStep;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.http.client.TlsTestServer;

/** {@code insecure-tls}: a self-signed test target is refused by default and accepted when asked for. */
class InsecureTlsTest {

    @Test
    void aSelfSignedTargetFailsByDefaultAndWorksWithInsecureTls(@TempDir Path dir) throws Exception {
        try (TlsTestServer target = new TlsTestServer(dir, "staging", "ip:127.0.0.1")) {
            HttpStep get = new HttpStep("secure", "GET", "/", Map.of(), Map.of(), null, null, null, Map.of());
            RunSpec spec = RunSpec.of(Scenarios.of(new io.stampede.core.scenario.WaitTime.None(), get),
                    target.url("127.0.0.1", ""));
            EngineSettings verified = new EngineSettings(1, 10, Duration.ofSeconds(5), Duration.ofSeconds(1));

            try (LoadEngine engine = new LoadEngine(verified)) {
                StatsRecorder recorder = new StatsRecorder();
                StepsOutcome outcome = engine.runOnce(spec, List.of(get), recorder::record).get();
                assertThat(outcome.success()).isFalse();
                StatsTotals totals = StatsTotals.drain(recorder);
                assertThat(totals.failures).isEqualTo(1);
                assertThat(totals.errors.keySet()).singleElement().asString().startsWith("SSLError: ");
            }
            try (LoadEngine engine = new LoadEngine(verified.withInsecureTls(true))) {
                StatsRecorder recorder = new StatsRecorder();
                StepsOutcome outcome = engine.runOnce(spec, List.of(get), recorder::record).get();
                assertThat(outcome.success()).isTrue();
                StatsTotals totals = StatsTotals.drain(recorder);
                assertThat(totals.requests).isEqualTo(1);
                assertThat(totals.failures).isZero();
                assertThat(totals.contentLength).isEqualTo("secure /".length());
            }
        }
    }
}
