package io.stampede.sample.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S") // first scrapes and Flyway on a loaded CI machine exceed the 5 s default
class LoadGenTest {

    /** F(50), the 50th Fibonacci number: each loop's last term is its seed times this. */
    static final BigInteger FIB_50 = new BigInteger("12586269025");

    @Autowired
    WebTestClient http;

    @Test
    void loopReportsEachLoop() {
        JsonNode body = http.get().uri("/load-gen/loop?count=3&range=50").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("_count").asInt()).isEqualTo(3);
        assertThat(body.get("_range").asInt()).isEqualTo(50);
        assertThat(body.propertyNames()).containsExactly("_count", "_range", "loop-0", "loop-1", "loop-2");
        for (int i = 0; i < 3; i++) {
            JsonNode loop = body.get("loop-" + i);
            long seed = loop.get("initNum").asLong();
            assertThat(seed).isBetween(1L, 50L);
            assertThat(loop.get("end").bigIntegerValue()).isEqualTo(FIB_50.multiply(BigInteger.valueOf(seed)));
            assertThat(loop.get("memory").asLong()).isPositive();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            count=1001           | count: must be between 1 and 1000, got 1001
            count=0              | count: must be between 1 and 1000, got 0
            range=10001          | range: must be between 2 and 10000, got 10001
            count=-5&range=10    | count: must be between 1 and 1000, got -5
            count=many           | count: 'many' is not a valid int
            range=99999999999    | range: '99999999999' is not a valid int
            enableOOM=maybe      | enableOOM: 'maybe' is not a valid boolean
            """)
    void outOfBoundsOrMalformedParametersAnswer400(String query, String detail) {
        http.get().uri("/load-gen/loop?" + query).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo(detail);
    }

    @Test
    void enableOomKeepsTheSequencesAcrossRequestsUntilReleased() {
        http.delete().uri("/load-gen/retained").exchange().expectStatus().isOk();
        http.get().uri("/load-gen/loop?count=2&range=100").exchange().expectStatus().isOk();
        assertThat(retainedGauge()).isEqualTo(0);

        http.get().uri("/load-gen/loop?count=2&range=100&enableOOM=true").exchange().expectStatus().isOk();
        http.get().uri("/load-gen/loop?count=3&range=100&enableOOM=true").exchange().expectStatus().isOk();
        assertThat(retainedGauge()).isEqualTo(5);

        Map<String, Integer> released = http.delete().uri("/load-gen/retained").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Integer>>() { })
                .returnResult().getResponseBody();
        assertThat(released).containsEntry("released", 5);
        assertThat(retainedGauge()).isEqualTo(0);
    }

    private double retainedGauge() {
        String metrics = http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return metrics.lines()
                .filter(line -> line.startsWith("sample_loadgen_retained_sequences "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no retained gauge in\n" + metrics));
    }
}
