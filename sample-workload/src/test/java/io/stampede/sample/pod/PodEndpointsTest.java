package io.stampede.sample.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S") // first scrapes and Flyway on a loaded CI machine exceed the 5 s default
class PodEndpointsTest {

    @Autowired
    WebTestClient http;

    @Test
    void rootGreetsWithHostnameAndANonLoopbackAddress() throws Exception {
        String body = http.get().uri("/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/plain")
                .expectBody(String.class).returnResult().getResponseBody();
        String prefix = "Hey I'm running in a pod ";
        assertThat(body).startsWith(prefix);
        String[] hostAndIp = body.substring(prefix.length()).split(" ");
        assertThat(hostAndIp).hasSize(2);
        assertThat(hostAndIp[0]).isEqualTo(InetAddress.getLocalHost().getHostName());
        InetAddress ip = InetAddress.getByName(hostAndIp[1]);
        if (PodIdentity.firstNonLoopbackAddress().isPresent()) {
            assertThat(ip.isLoopbackAddress()).as("%s is loopback", ip).isFalse();
            assertThat(NetworkInterface.getByInetAddress(ip)).as("an interface holds %s", ip).isNotNull();
        }
    }

    @Test
    void actuatorHealthIsUpWithTheDatabase() {
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP");
    }
}
