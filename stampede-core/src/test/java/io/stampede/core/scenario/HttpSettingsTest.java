package io.stampede.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The scenario's {@code http:} section: compression, proxy, TLS. */
class HttpSettingsTest {

    private static final String USERS = """
            users:
              - name: u
                tasks:
                  - steps:
                      - http: {path: /}
            """;

    @Test
    void withoutTheSectionCompressionIsOnAndTheWorkersEnvironmentDecidesTheProxy() {
        Scenario scenario = ScenarioParser.parse("name: plain\n" + USERS, "plain.yaml");

        assertThat(scenario.http()).isEqualTo(HttpSettings.DEFAULT);
        assertThat(scenario.http().compression()).isTrue();
        assertThat(scenario.http().proxy()).isNull();
    }

    @Test
    void readsEverySetting() {
        Scenario scenario = ScenarioParser.parse("""
                name: corporate
                http:
                  compression: false
                  proxy: http://alice:secret@proxy.corp:3128
                  no_proxy: [internal.corp, 10.0.0.1]
                  tls:
                    ca: /etc/stampede/tls/ca.crt
                    client_cert: /etc/stampede/tls/tls.crt
                    client_key: /etc/stampede/tls/tls.key
                """ + USERS, "corporate.yaml");

        assertThat(scenario.http()).isEqualTo(new HttpSettings(false, "http://alice:secret@proxy.corp:3128",
                List.of("internal.corp", "10.0.0.1"), new HttpSettings.Tls(false, "/etc/stampede/tls/ca.crt",
                "/etc/stampede/tls/tls.crt", "/etc/stampede/tls/tls.key")));
    }

    @Test
    void badSettingsAreNamedWithTheirPositionAndNoPasswordShows() {
        assertThatThrownBy(() -> ScenarioParser.parse("""
                name: bad
                http:
                  compression: maybe
                  proxy: socks5://bob:hunter2@proxy:1080
                  tls:
                    insecure: true
                    ca: ca.pem
                    client_cert: tls.crt
                """ + USERS, "bad.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("""
                        bad.yaml:3:16: expected true or false but got 'maybe'
                        bad.yaml:4:10: proxy must be an http:// URL or 'none', got 'socks5://bob:***@proxy:1080' (hint: http://proxy.corp:3128 (https targets go through it with CONNECT))
                        bad.yaml:7:5: ca has no effect with insecure: true (hint: drop one of them)
                        bad.yaml:8:5: client_cert needs client_key (hint: client_key: /etc/stampede/tls/tls.key)""");
    }

    @Test
    void versionIsOnePointOneUnlessTheScenarioAsksForTwoQuotedOrNot() {
        assertThat(ScenarioParser.parse("name: plain\n" + USERS, "plain.yaml").http().version())
                .isEqualTo(HttpSettings.Version.HTTP_1_1);
        assertThat(ScenarioParser.parse("name: h2\nhttp: {version: \"2\"}\n" + USERS, "h2.yaml").http().version())
                .isEqualTo(HttpSettings.Version.HTTP_2);
        assertThat(ScenarioParser.parse("name: h2\nhttp: {version: 2}\n" + USERS, "h2.yaml").http().version())
                .isEqualTo(HttpSettings.Version.HTTP_2);
        assertThat(ScenarioParser.parse("name: h1\nhttp: {version: 1.1}\n" + USERS, "h1.yaml").http().version())
                .isEqualTo(HttpSettings.Version.HTTP_1_1);
    }

    @Test
    void anUnknownVersionIsAnErrorAtItsValue() {
        assertThatThrownBy(() -> ScenarioParser.parse("""
                name: bad
                http:
                  version: "3"
                """ + USERS, "bad.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("bad.yaml:3:12: version must be \"1.1\" or \"2\", got '3' "
                        + "(hint: version: \"2\" for HTTP/2 (h2 by ALPN over https, h2c with prior knowledge over http))");
    }
}
