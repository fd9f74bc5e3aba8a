package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioParser;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.http.client.NginxTlsServer;

/** A scenario's {@code http.tls} (trust and client certificate files) against nginx requiring client certificates. */
class MutualTlsScenarioTest {

    @TempDir
    static Path dir;
    static NginxTlsServer nginx;

    @BeforeAll
    static void startNginx() throws Exception {
        nginx = new NginxTlsServer(dir);
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static Scenario scenario(String tls) {
        return ScenarioParser.parse("""
                name: mtls
                host: https://localhost:%d
                http:
                  tls: %s
                users:
                  - name: client
                    tasks:
                      - name: hello
                        steps:
                          - http: {name: hello, path: /hello, expect: {status: 200}}
                """.formatted(nginx.port, tls), "mtls.yaml");
    }

    private static StatsTotals runOnce(LoadEngine engine, Scenario scenario) throws Exception {
        StatsRecorder recorder = new StatsRecorder();
        RunSpec spec = RunSpec.of(scenario, null);
        engine.runOnce(spec, scenario.users().getFirst().tasks().getFirst().steps(), recorder::record)
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        return StatsTotals.drain(recorder);
    }

    @Test
    void theScenariosClientCertificateIsPresentedAndWithoutItNginxRefuses() throws Exception {
        EngineSettings settings = new EngineSettings(1, 10, Duration.ofSeconds(5), Duration.ofSeconds(1));
        try (LoadEngine engine = new LoadEngine(settings)) {
            StatsTotals withCertificate = runOnce(engine, scenario("{ca: %s, client_cert: %s, client_key: %s}"
                    .formatted(nginx.ca, nginx.clientCert, nginx.clientKey)));
            assertThat(withCertificate.requests).isEqualTo(1);
            assertThat(withCertificate.failures).isZero();

            StatsTotals trustOnly = runOnce(engine, scenario("{ca: %s}".formatted(nginx.ca)));
            assertThat(trustOnly.failures).isEqualTo(1);
            assertThat(trustOnly.errors.keySet()).singleElement().asString().contains("400");
        }
    }

    @Test
    void aMissingCertificateFileRejectsTheScenarioNamingTheFile() {
        Path missing = dir.resolve("absent.crt");
        Scenario scenario = scenario("{client_cert: %s, client_key: %s}".formatted(missing, nginx.clientKey));
        try (LoadEngine engine = new LoadEngine(new EngineSettings(1, 10, Duration.ofSeconds(5), Duration.ofSeconds(1)))) {
            assertThatThrownBy(() -> runOnce(engine, scenario))
                    .isInstanceOf(ScenarioRejectedException.class)
                    .hasMessageContaining("tls client_cert " + missing + ": no such file");
        }
    }
}
