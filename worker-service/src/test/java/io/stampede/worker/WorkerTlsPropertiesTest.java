package io.stampede.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.stampede.engine.http.client.TlsProvider;

/** {@code stampede.worker.tls-provider} and {@code insecure-tls} reach the engine's TLS settings. */
class WorkerTlsPropertiesTest {

    private static WorkerProperties properties(boolean insecure, String provider) {
        return new WorkerProperties("127.0.0.1", "", "", 1, 10, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofSeconds(5), insecure, provider, "auto", null);
    }

    @Test
    void theProviderAndInsecureFlagBecomeTheEnginesTlsSettings() {
        var tls = properties(true, "jdk").toSettings().engine().tls();
        assertThat(tls.provider()).isEqualTo(TlsProvider.JDK);
        assertThat(tls.insecure()).isTrue();
        assertThat(properties(false, "auto").toSettings().engine().tls().provider()).isEqualTo(TlsProvider.AUTO);
    }

    @Test
    void anUnknownProviderIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> properties(false, "boringssl").toSettings())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stampede.worker.tls-provider: tls provider must be auto, jdk or openssl, was 'boringssl'");
    }
}
