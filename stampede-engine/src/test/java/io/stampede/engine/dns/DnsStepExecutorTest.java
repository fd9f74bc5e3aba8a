package io.stampede.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.stampede.core.scenario.ScenarioParser;
import io.stampede.engine.EngineSettings;
import io.stampede.engine.LoadEngine;
import io.stampede.engine.RunSpec;
import io.stampede.engine.UserPopulation;
import io.stampede.testing.Await;

/**
 * dns steps, parsed from YAML and run by the engine, against a real dnsmasq started on a
 * loopback port, and against a UDP socket that swallows every query (the timeout case).
 */
class DnsStepExecutorTest {

    private static final String DNSMASQ = "/usr/sbin/dnsmasq";

    private static Process dnsmasq;
    private static int port;
    private static LoadEngine engine;

    record Sample(String method, String name, long micros, String error) {
    }

    @BeforeAll
    static void startDnsmasq() throws Exception {
        String missing = "dnsmasq is not installed (apt-get install dnsmasq-base, listed in .ci/apt.d/scenario.txt)";
        if ("true".equals(System.getenv("CI"))) {
            // CI installs it: a missing dnsmasq there is a broken setup, not a reason to skip.
            org.junit.jupiter.api.Assertions.assertTrue(Files.isExecutable(Path.of(DNSMASQ)), missing);
        }
        Assumptions.assumeTrue(Files.isExecutable(Path.of(DNSMASQ)), missing);
        // dnsmasq listens on UDP and TCP: a port free for UDP may be taken for TCP (an ephemeral
        // port of some other connection on a busy CI machine), so a start that fails is retried
        // on a fresh port, and the failure message carries dnsmasq's own words.
        StringBuilder attempts = new StringBuilder();
        for (int attempt = 1; attempt <= 5 && dnsmasq == null; attempt++) {
            port = freeUdpAndTcpPort();
            Process process = startDnsmasq(port);
            Queue<String> output = new ConcurrentLinkedQueue<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        output.add(line);
                        if (line.contains("started")) {
                            started.countDown();
                        }
                    }
                } catch (Exception ignored) {
                    // process ended
                }
                started.countDown(); // ended without starting: stop waiting
            });
            if (started.await(10, TimeUnit.SECONDS) && process.isAlive()
                    && output.stream().anyMatch(line -> line.contains("started"))) {
                dnsmasq = process;
            } else {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                attempts.append("\n  port ").append(port).append(": ").append(String.join(" | ", output));
            }
        }
        assertThat(dnsmasq).as("dnsmasq did not start; its output per attempt:" + attempts).isNotNull();
        engine = new LoadEngine(new EngineSettings(1, 100, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    private static Process startDnsmasq(int port) throws Exception {
        return new ProcessBuilder(DNSMASQ, "--no-daemon", "--port=" + port, "--listen-address=127.0.0.1",
                "--bind-interfaces", "--no-resolv", "--no-hosts", "--pid-file", "--log-facility=-",
                "--local=/test/", "--address=/svc.test/127.0.0.42",
                "--host-record=dual.test,127.0.0.43,fd00::43",
                "--srv-host=_http._tcp.svc.test,web.svc.test,8080")
                .redirectErrorStream(true).start();
    }

    /** A loopback port that is free for both UDP and TCP at the time of asking. */
    private static int freeUdpAndTcpPort() throws Exception {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int candidate = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket()) {
                    tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
                    return candidate;
                } catch (IOException takenForTcp) {
                    // try another
                }
            }
        }
        throw new IllegalStateException("no loopback port free for both UDP and TCP after 50 tries");
    }

    @AfterAll
    static void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (dnsmasq != null) {
            dnsmasq.destroy();
            dnsmasq.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Runs one user doing {@code step} until {@code count} samples are recorded (or 10 s pass). */
    private static List<Sample> run(String step, int count) throws Exception {
        String yaml = """
                name: dns
                users:
                  - name: resolver
                    tasks:
                      - steps:
                          - dns: %s
                """.formatted(step);
        Queue<Sample> samples = new ConcurrentLinkedQueue<>();
        UserPopulation users = UserPopulation.start(engine, RunSpec.of(ScenarioParser.parse(yaml, "dns.yaml"), null),
                (method, name, micros, length, error) -> samples.add(new Sample(method, name, micros, error)), 1, 0);
        Await.until(count + " samples of " + step, Duration.ofSeconds(10), () -> samples.size() >= count);
        users.stop().get(5, TimeUnit.SECONDS);
        return List.copyOf(samples);
    }

    private String server() {
        return "\"127.0.0.1:" + port + "\"";
    }

    @Test
    void resolvesARecordsAndRecordsLatencyUnderTheStepName() throws Exception {
        List<Sample> samples = run("{name: web A, query: \"web${random.int(1,3)}.svc.test\", server: " + server() + "}", 20);
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.method()).isEqualTo("DNS");
            assertThat(s.name()).isEqualTo("web A");
            assertThat(s.error()).isNull();
            assertThat(s.micros()).isPositive().isLessThan(2_000_000);
        });
    }

    @Test
    void resolvesAaaaAndSrv() throws Exception {
        assertThat(run("{query: dual.test, type: AAAA, server: " + server() + "}", 3))
                .allSatisfy(s -> assertThat(s.error()).isNull());
        assertThat(run("{query: _http._tcp.svc.test, type: SRV, server: " + server() + "}", 3))
                .allSatisfy(s -> {
                    assertThat(s.error()).isNull();
                    assertThat(s.name()).isEqualTo("_http._tcp.svc.test");
                });
    }

    @Test
    void nxdomainIsAFailure() throws Exception {
        assertThat(run("{query: missing.test, server: " + server() + "}", 3))
                .allSatisfy(s -> assertThat(s.error()).isEqualTo("NXDOMAIN"));
    }

    @Test
    void refusedIsAFailureWithItsCode() throws Exception {
        assertThat(run("{query: elsewhere.example, server: " + server() + "}", 3))
                .allSatisfy(s -> assertThat(s.error()).isEqualTo("REFUSED (rcode 5)"));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (DatagramSocket blackHole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread reader = Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[512];
                while (!blackHole.isClosed()) {
                    try {
                        blackHole.receive(new DatagramPacket(buffer, buffer.length)); // read and drop
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            List<Sample> samples = run("{query: web.svc.test, timeout: 300ms, server: \"127.0.0.1:"
                    + blackHole.getLocalPort() + "\"}", 2);
            assertThat(samples).allSatisfy(s -> {
                assertThat(s.error()).isEqualTo("timeout: no answer within 300 ms");
                assertThat(s.micros()).isGreaterThanOrEqualTo(250_000);
            });
            blackHole.close();
            reader.join(2000);
        }
    }
}
